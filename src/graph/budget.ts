import type { BudgetLimit } from "./throttle-scopes.js";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * A sliding-window request budget that errs on the safe side of the server's count. Each request
 * holds a slot while in flight and is then stamped with the time its response arrived, which is
 * never earlier than when Graph counted it; a new request may start only while fewer than `limit`
 * requests are in flight or were answered within the last window. Whether Graph counts with a
 * sliding log, fixed windows or a token bucket, a run that keeps to this budget is not throttled.
 */
export class SlidingWindowBudget {
  #inFlight = 0;
  #answeredAt: number[] = [];
  #blockedUntil = 0;
  #queue: Array<{ weight: number; resolve: () => void }> = [];
  #pumping = false;

  constructor(
    private readonly budget: BudgetLimit,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Waits for `weight` slots (one per request or $batch sub-request). */
  acquire(weight = 1): Promise<void> {
    const capped = Math.min(weight, this.budget.limit);
    return new Promise((resolve) => {
      this.#queue.push({ weight: capped, resolve });
      void this.#pump();
    });
  }

  /** Returns slots taken by acquire once the responses are in. */
  release(weight = 1): void {
    const capped = Math.min(weight, this.budget.limit);
    const at = this.clock.now();
    this.#inFlight -= capped;
    for (let i = 0; i < capped; i++) this.#answeredAt.push(at);
    void this.#pump();
  }

  /** A 429 for this scope: nobody starts before `until`. */
  blockUntil(until: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, until);
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const now = this.clock.now();
        const cutoff = now - this.windowMs;
        while (this.#answeredAt.length > 0 && this.#answeredAt[0] <= cutoff) this.#answeredAt.shift();
        const head = this.#queue[0];
        const used = this.#inFlight + this.#answeredAt.length;
        const wait = Math.max(this.#blockedUntil - now, 0);
        if (wait === 0 && used + head.weight <= this.budget.limit) {
          this.#queue.shift();
          this.#inFlight += head.weight;
          head.resolve();
          continue;
        }
        if (wait === 0 && this.#answeredAt.length === 0) return; // only in-flight requests block: release() pumps again
        const expiry = this.#answeredAt.length > 0 ? this.#answeredAt[0] + this.windowMs - now : 0;
        await this.clock.sleep(Math.max(wait, expiry, 0));
      }
    } finally {
      this.#pumping = false;
    }
  }
}
