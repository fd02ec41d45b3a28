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
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
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
  return arr(value)
    .map(str)
    .filter((s): s is string => s !== undefined);
}

/** ISO-8601 UTC ("...Z") and epoch ms of a Graph date-time; zone-less values are UTC, as Graph means them. */
export function time(value: unknown): { iso: string; ms: number } | undefined {
  const text = str(value);
  if (!text) return undefined;
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
  const lower = text.toLowerCase();
  const match = known.find((k) => k.toLowerCase() === lower);
  if (match) return match;
  if (/^[A-Z][a-zA-Z0-9]*$/.test(text) && text !== text.toUpperCase()) return text.charAt(0).toLowerCase() + text.slice(1);
  return text;
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
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
