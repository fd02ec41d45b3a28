import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SlidingWindowBudget, type Clock } from "../../src/graph/budget.js";
import { MailboxSlots } from "../../src/graph/mailbox-slots.js";

/** A clock whose sleeps advance time instantly, so budgets can be tested without waiting. */
function fakeClock(): Clock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
      await Promise.resolve();
    },
  };
  return clock;
}

describe("sliding-window budget", () => {
  it("never lets more than `limit` requests start within any window (stamped at answer time)", async () => {
    const clock = fakeClock();
    const budget = new SlidingWindowBudget({ limit: 5, windowMs: 10_000 }, 10_000, clock);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 23 }, async () => {
        await budget.acquire();
        starts.push(clock.t);
        clock.t += 3; // the request takes a little while
        budget.release();
      }),
    );
    assert.equal(starts.length, 23);
    for (const s of starts) assert.ok(starts.filter((o) => o >= s && o < s + 10_000).length <= 5, `window at ${s}`);
  });

  it("takes several slots at once for a $batch and waits out a 429's Retry-After", async () => {
    const clock = fakeClock();
    const budget = new SlidingWindowBudget({ limit: 5, windowMs: 1000 }, 1000, clock);
    await budget.acquire(5);
    budget.release(5);
    budget.blockUntil(clock.t + 4000);
    await budget.acquire(1);
    assert.ok(clock.t >= 4000);
  });
});

describe("per-mailbox slots", () => {
  it("keeps each mailbox at or under its concurrency, counting a batch's calls per mailbox", async () => {
    const slots = new MailboxSlots(4);
    const inFlight = new Map<string, number>();
    let peak = 0;
    const run = async (demand: Map<string, number>) => {
      const release = await slots.acquire(demand);
      for (const [box, n] of demand) {
        inFlight.set(box, (inFlight.get(box) ?? 0) + n);
        peak = Math.max(peak, inFlight.get(box)!);
      }
      await new Promise((r) => setTimeout(r, 1));
      for (const [box, n] of demand) inFlight.set(box, inFlight.get(box)! - n);
      release();
    };
    await Promise.all([
      ...Array.from({ length: 10 }, () => run(new Map([["a", 1]]))),
      ...Array.from({ length: 5 }, () => run(new Map([["a", 3], ["b", 2]]))),
      ...Array.from({ length: 5 }, () => run(new Map([["b", 4], ["a", 1]]))),
    ]);
    assert.ok(peak <= 4, `peak ${peak}`);
    assert.equal(peak, 4);
  });
});
