const MINUTE_MS = 60_000;

/** A signed gap between two events: "+20 min", "-5 min", "+3 h 10 min", "+2 d 4 h". */
export function describeDelta(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  let minutes = Math.round(Math.abs(ms) / MINUTE_MS);
  if (minutes < 60) return `${sign}${minutes} min`;
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  if (days > 0) return `${sign}${days} d${hours ? ` ${hours} h` : ""}`;
  return `${sign}${hours} h${minutes ? ` ${minutes} min` : ""}`;
}

/** ISO time to the minute ("2026-11-25T10:20Z"); unparsable text is returned unchanged. */
export function atMinute(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16)}Z`;
}

const MAX_QUOTED = 80;

/**
 * Attacker-controlled text (rule names, app names) inside a sentence: JSON-quoted so control
 * characters and quotes stay visible, and shortened so one value cannot swamp the report.
 */
export function quote(text: string): string {
  const short = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
  return JSON.stringify(short);
}

/** "a, b, c and 2 more". */
export function listOf(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
