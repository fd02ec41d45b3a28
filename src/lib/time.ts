import { InputError } from "./errors.js";

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "30m", "24h", "7d", "2w" into milliseconds; undefined if not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2].toLowerCase()];
}

/** Strict ISO-8601 date or date-time; undefined if not one. */
export function parseIsoDate(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return undefined;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A point in time given as a duration back from `now` or as ISO-8601. */
export function resolveSince(text: string, now: Date, what: string): Date {
  const duration = parseDuration(text);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  const date = parseIsoDate(text);
  if (date) return date;
  throw new InputError(`${what}: "${text}" is neither a duration (e.g. 24h, 7d) nor an ISO-8601 date`);
}

export function isoMinute(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const DAY_MS = 86_400_000;
