import type { GraphVersion } from "../types.js";
import type { RequestIds } from "./wire.js";
import { GraphHttpError } from "./wire.js";

/** One Graph request, top-level or inside a $batch, after URL parsing. */
export interface GraphCall {
  method: string;
  version: GraphVersion;
  /** Path after the version exactly as sent, e.g. "/users/abc/messages". */
  path: string;
  /** Decoded path segments with `name('key')` expanded to `name`, `key`. */
  segments: string[];
  /** Query string as sent, without "?". */
  rawQuery: string;
  /** Decoded query options; system options are lower-cased and carry their `$`. */
  query: Map<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  inBatch: boolean;
  ids: RequestIds;
}

const SYSTEM_OPTIONS = new Set(["filter", "select", "top", "skip", "skiptoken", "orderby", "count", "expand", "search", "format", "deltatoken"]);

/** Parses a query string the way Graph does ('+' is a space; `$` is optional on system options). */
export function parseQuery(rawQuery: string): Map<string, string> {
  const query = new Map<string, string>();
  if (rawQuery === "") return query;
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    const key = decode(rawKey).trim();
    const bare = key.startsWith("$") ? key.slice(1).toLowerCase() : key.toLowerCase();
    const name = key.startsWith("$") || SYSTEM_OPTIONS.has(bare) ? `$${bare}` : key;
    if (query.has(name) && name.startsWith("$")) {
      throw new GraphHttpError(400, "BadRequest", `Query option '${name}' was specified more than once, but it must be specified at most once.`);
    }
    query.set(name, decode(rawValue));
  }
  return query;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw new GraphHttpError(400, "BadRequest", `The query string contains an invalid percent-encoding: '${text}'.`);
  }
}

/**
 * Splits a path into decoded segments, expanding OData key syntax: `mailFolders('SentItems')`
 * becomes `mailFolders`, `SentItems`, and `users('a@b.example')` becomes `users`, `a@b.example`.
 */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    let text: string;
    try {
      text = decodeURIComponent(raw);
    } catch {
      text = raw;
    }
    const keyed = /^([^(]+)\((.*)\)$/.exec(text);
    if (keyed) {
      segments.push(keyed[1]);
      const key = keyed[2];
      segments.push(key.startsWith("'") && key.endsWith("'") && key.length >= 2 ? key.slice(1, -1).replace(/''/g, "'") : key);
    } else {
      segments.push(text);
    }
  }
  return segments;
}
