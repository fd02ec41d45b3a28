/**
 * Graph's identity-and-access throttle: a budget of resource units refilled continuously over a
 * window; each request costs a few units depending on its shape.
 */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
  ) {
    this.tokens = capacity;
  }

  tryTake(cost: number, nowMs: number): { ok: true } | { ok: false; waitMs: number } {
    if (this.last !== undefined) this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.last) * this.capacity) / this.windowMs);
    this.last = nowMs;
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return { ok: true };
    }
    return { ok: false, waitMs: ((cost - this.tokens) * this.windowMs) / this.capacity };
  }
}
