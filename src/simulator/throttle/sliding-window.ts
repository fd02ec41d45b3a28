/**
 * "N requests per window" as a sliding log: the admitted requests' times sit in a ring buffer, so
 * a check costs O(expired) and memory is O(requests in the window). The buffer grows on demand up
 * to `limit`: a tenant has a 10,000-request window per mailbox, and most mailboxes see a handful.
 */
export class SlidingWindow {
  private times: Float64Array;
  private head = 0;
  private count = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.times = new Float64Array(Math.max(1, Math.min(limit, INITIAL_CAPACITY)));
  }

  /** Admits a request at `nowMs`, or says how long (real ms) until one would be admitted. */
  tryAcquire(nowMs: number): { ok: true } | { ok: false; waitMs: number } {
    while (this.count > 0 && this.times[this.head] <= nowMs - this.windowMs) {
      this.head = (this.head + 1) % this.times.length;
      this.count--;
    }
    if (this.count >= this.limit) return { ok: false, waitMs: this.times[this.head] + this.windowMs - nowMs };
    if (this.count === this.times.length) this.grow();
    this.times[(this.head + this.count) % this.times.length] = nowMs;
    this.count++;
    return { ok: true };
  }

  private grow(): void {
    const next = new Float64Array(Math.min(this.limit, this.times.length * 2));
    for (let i = 0; i < this.count; i++) next[i] = this.times[(this.head + i) % this.times.length];
    this.times = next;
    this.head = 0;
  }
}

const INITIAL_CAPACITY = 8;
