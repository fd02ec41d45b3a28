/**
 * Retry-After as Graph sends it: seconds (decimals allowed, "2.128") or an HTTP-date. Returns real
 * milliseconds to wait, or undefined when absent or unreadable (identity protection sends none).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(date - nowMs, 0);
}

/** Exponential backoff with full jitter: random in [base/2, base * 2^attempt], capped. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  const floor = Math.min(baseMs / 2, ceiling);
  return floor + random() * (ceiling - floor);
}
