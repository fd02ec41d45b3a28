/**
 * Time in the simulator. Graph's windows and delays are written in Graph seconds and scaled by
 * `timeScale` into real milliseconds; Retry-After values go back out in scaled seconds.
 */

export interface SimulatorClock {
  /** Wall clock for timestamps (tokens, innerError.date, write stamps, audit queries). */
  now(): Date;
  /** Monotonic real milliseconds for throttling windows. */
  elapsedMs(): number;
  /** Real milliseconds per Graph millisecond. */
  timeScale: number;
}

export function realMs(clock: SimulatorClock, graphMs: number): number {
  return graphMs * clock.timeScale;
}

/**
 * Retry-After for a wait of `realWaitMs`: Graph announces whole seconds (at least one), which the
 * time scale then shrinks, so scaled values carry decimals (10 s at 0.01 -> "0.1").
 */
export function retryAfterValue(clock: SimulatorClock, realWaitMs: number): string {
  const graphSeconds = Math.max(1, Math.ceil(realWaitMs / clock.timeScale / 1000));
  return formatSeconds(graphSeconds * clock.timeScale);
}

export function formatSeconds(seconds: number): string {
  if (Number.isInteger(seconds)) return String(seconds);
  const fixed = seconds.toFixed(3).replace(/0+$/, "").replace(/\.$/, "");
  return fixed === "0" ? "0.001" : fixed;
}

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch milliseconds of a Graph date-time, or NaN. Values without a zone are UTC (Graph's own
 * convention); more than three fractional digits (".1234567Z") are cut to milliseconds.
 */
/** The common spelling, which Date.parse reads as is. */
const PLAIN_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export function parseGraphDate(value: unknown): number {
  if (typeof value !== "string" || value.length < 10) return Number.NaN;
  if (PLAIN_UTC.test(value)) return Date.parse(value);
  let text = value.replace(/(\.\d{3})\d+/, "$1");
  if (text.length > 10 && !ZONE.test(text)) text += "Z";
  return Date.parse(text);
}
