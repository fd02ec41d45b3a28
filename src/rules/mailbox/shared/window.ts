export { windowBounds } from "../../shared/window.js";

/** Only events inside the investigation window are findings; older ones are baseline. */
export function inWindow(ms: number, bounds: { fromMs: number; toMs: number }): boolean {
  return Number.isFinite(ms) && ms >= bounds.fromMs && ms <= bounds.toMs;
}

export function toMs(iso: string | undefined | null): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** "42 min", "3.5 h", "2 d": for explanations of time gaps. */
export function describeGap(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR_MS) return `${Math.round(abs / MINUTE_MS)} min`;
  if (abs < DAY_MS) return `${Math.round((abs / HOUR_MS) * 10) / 10} h`;
  return `${Math.round((abs / DAY_MS) * 10) / 10} d`;
}

/** Earliest and latest ISO times of a non-empty list of timed items. */
export function timeSpan(items: readonly { ms: number; time: string }[]): { firstSeen: string; lastSeen: string } {
  let first = items[0];
  let last = items[0];
  for (const item of items) {
    if (item.ms < first.ms) first = item;
    if (item.ms > last.ms) last = item;
  }
  return { firstSeen: first.time, lastSeen: last.time };
}
