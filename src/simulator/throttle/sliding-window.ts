/**
 * "N requests per window" as a sliding log: the admitted requests' times sit in a ring buffer, so
 * a check costs O(expired) and memory is O(limit).
 */
export class SlidingWindow {
  private readonly times: Float64Array;
  private head = 0;
  private count = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.times = new Float64Array(Math.max(1, limit));
  }

  /** Admits a request at `nowMs`, or says how long (real ms) until one would be admitted. */
  tryAcquire(nowMs: number): { ok: true } | { ok: false; waitMs: number } {
    while (this.count > 0 && this.times[this.head] <= nowMs - this.windowMs) {
      this.head = (this.head + 1) % this.times.length;
      this.count--;
    }
    if (this.count >= this.limit) return { ok: false, waitMs: this.times[this.head] + this.windowMs - nowMs };
    this.times[(this.head + this.count) % this.times.length] = nowMs;
    this.count++;
    return { ok: true };
  }
}
