import type { GraphObject } from "../snapshot/types.js";
import type { GraphFailure } from "./graph-errors.js";

export type GraphVersion = "v1.0" | "beta";

/** One Graph call: a path relative to the version ("/users/{id}") or an absolute https nextLink. */
export interface GraphRequest {
  path: string;
  version?: GraphVersion;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
}

/** A GET packed into $batch; `key` is the caller's handle for the answer. */
export interface BatchItem extends GraphRequest {
  key: string;
}

/**
 * `items`: for a collection page that came as its own HTTP response (not inside a $batch), each
 * `value` item's bytes as Graph sent them (see splitPage).
 */
export type GraphResponse = { ok: true; status: number; body: GraphObject; items?: Buffer[] } | { ok: false; failure: GraphFailure };

/** `wire`: each item's bytes as Graph sent them, when known (same order as `items`). */
export type GraphPage = { ok: true; items: GraphObject[]; body: GraphObject; wire?: Buffer[] } | { ok: false; failure: GraphFailure };

export function isAbsolute(path: string): boolean {
  return /^https:\/\//i.test(path);
}

/** "/users/x" + query -> "/users/x?$filter=...", values percent-encoded, `$` keys kept readable. */
export function relativeUrl(request: GraphRequest): string {
  const entries = Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined && v !== "");
  if (entries.length === 0) return request.path;
  const query = entries.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&");
  return `${request.path}${request.path.includes("?") ? "&" : "?"}${query}`;
}

/** An OData string literal: quotes doubled ("o'neil" -> 'o''neil'). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A user id or UPN as a path segment ('@' stays readable, as Graph's own links write it). */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, "@");
}

/** A date for $filter: unquoted ISO-8601 UTC without milliseconds. */
export function odataDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}
