/**
 * Tolerant readers for Graph JSON. Real payloads miss fields, change enum casing, send numbers as
 * strings and carry beta extras; the readers turn all of that into plain values or undefined, so
 * normalisers never throw on a shape the docs allow.
 */
export type Json = Record<string, unknown>;

/** A member by exact name, else by case-insensitive name (audit payloads mix PascalCase and camelCase). */
export function field(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== "object") return undefined;
  const record = obj as Json;
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key];
  return undefined;
}

/** Follows a path of member names ("status", "errorCode"). */
export function path(obj: unknown, ...names: string[]): unknown {
  let current = obj;
  for (const name of names) current = field(current, name);
  return current;
}

export function obj(value: unknown): Json | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

export function str(value: unknown): string | undefined {
  if (typeof value === "string") return startsVisible(value) || value.trim() !== "" ? value : undefined;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The usual value starts with a printable ASCII character: no need to trim a copy to know it is not blank. */
function startsVisible(text: string): boolean {
  const c = text.charCodeAt(0);
  return c > 32 && c < 127;
}

export function num(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  if (typeof value === "number") return value !== 0;
  return undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function strings(value: unknown): string[] {
  if (typeof value === "string") return value.trim() ? [value] : [];
  const out: string[] = [];
  if (!Array.isArray(value)) return out;
  for (const item of value) {
    const s = str(item);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** "2024-05-01T10:00:00Z" or with milliseconds: Date.parse reads these exactly, no normalising needed. */
const PLAIN_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * toISOString's spelling of a PLAIN_UTC text, built from the text when it can only name a real
 * instant (day up to 28, hour up to 23): cheaper than formatting a Date for every sign-in.
 */
function canonicalIso(text: string): string | undefined {
  const day = (text.charCodeAt(8) - 48) * 10 + text.charCodeAt(9) - 48;
  const hour = (text.charCodeAt(11) - 48) * 10 + text.charCodeAt(12) - 48;
  if (day < 1 || day > 28 || hour > 23 || text.charCodeAt(14) > 53 || text.charCodeAt(17) > 53) return undefined;
  if (text.length === 20) return `${text.slice(0, 19)}.000Z`;
  return text.length === 24 ? text : undefined;
}

/** ISO-8601 UTC ("...Z") and epoch ms of a Graph date-time; zone-less values are UTC, as Graph means them. */
export function time(value: unknown): { iso: string; ms: number } | undefined {
  const text = str(value);
  if (!text) return undefined;
  if (PLAIN_UTC.test(text)) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return undefined;
    return { iso: canonicalIso(text) ?? new Date(ms).toISOString(), ms };
  }
  let normalised = text.replace(/(\.\d{3})\d+/, "$1");
  if (/T\d{2}:\d{2}/.test(normalised) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(normalised)) normalised += "Z";
  const ms = Date.parse(normalised);
  if (Number.isNaN(ms)) return undefined;
  return { iso: new Date(ms).toISOString(), ms };
}

/**
 * An enum value in Graph's own spelling: matched case-insensitively against the known members,
 * otherwise camelCased ("AtRisk" -> "atRisk") so unknown future values still compare.
 */
export function enumValue(value: unknown, known: readonly string[]): string | undefined {
  const text = str(value)?.trim();
  if (!text) return undefined;
  const names = known.length > 0 ? spellings(known) : undefined;
  const match = names && (names.get(text) ?? names.get(text.toLowerCase()));
  if (match) return match;
  if (/^[A-Z][a-zA-Z0-9]*$/.test(text) && text !== text.toUpperCase()) return text.charAt(0).toLowerCase() + text.slice(1);
  return text;
}

const SPELLINGS = new WeakMap<readonly string[], Map<string, string>>();

/** Known members by their own and their lower-cased spelling (built once per list: enums are read per item). */
function spellings(known: readonly string[]): Map<string, string> {
  let map = SPELLINGS.get(known);
  if (!map) {
    map = new Map();
    for (const k of known) if (!map.has(k.toLowerCase())) map.set(k.toLowerCase(), k);
    for (const k of known) map.set(k, map.get(k.toLowerCase())!);
    SPELLINGS.set(known, map);
  }
  return map;
}

const interned = new Map<string, string>();
const INTERN_MAX_LENGTH = 512;
const INTERN_MAX_ENTRIES = 250_000;

/**
 * The one shared copy of a value that repeats across evidence (app and device names, user agents,
 * failure texts, user ids, addresses): a tenant-wide scan keeps hundreds of thousands of sign-ins, and
 * JSON.parse gives each its own copy. The table is emptied when full, so it stays bounded whatever
 * the data holds.
 */
export function intern<T extends string | undefined>(value: T): T {
  if (value === undefined || value.length > INTERN_MAX_LENGTH) return value;
  const shared = interned.get(value);
  if (shared !== undefined) return shared as T;
  if (interned.size >= INTERN_MAX_ENTRIES) interned.clear();
  interned.set(value, value);
  return value;
}

/** An email-like address, lower-cased; undefined for blanks. */
export function address(value: unknown): string | undefined {
  return str(value)?.trim().toLowerCase();
}

/** Addresses from Graph recipients ([{emailAddress:{address}}], a single recipient, or plain strings). */
export function recipients(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: string[] = [];
  for (const item of list) {
    const a = typeof item === "string" ? address(item) : address(path(item, "emailAddress", "address") ?? field(item, "address"));
    if (a) out.push(a);
  }
  return out;
}

/** Drops undefined members so evidence compares equal after a JSON round trip. */
export function compact<T extends object>(value: T): T {
  // A copy rather than `delete`: deleting members turns an object into a slow dictionary, and
  // normalised evidence is read many times by the rules.
  const out: Partial<T> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}
