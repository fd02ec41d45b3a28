import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SimulatorClock } from "../../src/simulator/clock.js";
import { GraphHttpError } from "../../src/simulator/http/wire.js";
import { SlidingWindow } from "../../src/simulator/throttle/sliding-window.js";
import { Throttler } from "../../src/simulator/throttle/throttler.js";

function setup(userCount: number) {
  const state = { ms: 0 };
  const clock: SimulatorClock = { now: () => new Date(0), elapsedMs: () => state.ms, timeScale: 0.01 };
  return { state, throttler: new Throttler(clock, { tenantId: "t", appId: "a", userCount }) };
}

function rejection(action: () => void): GraphHttpError {
  try {
    action();
  } catch (error) {
    if (error instanceof GraphHttpError) return error;
    throw error;
  }
  assert.fail("expected a 429");
}

describe("Throttler", () => {
  it("security: 150 requests per minute, then Retry-After until the oldest leaves the window", () => {
    const { state, throttler } = setup(5);
    for (let i = 0; i < 150; i++) throttler.admit({ throttle: "security" });
    const error = rejection(() => throttler.admit({ throttle: "security" }));
    assert.equal(error.status, 429);
    assert.equal(error.headers["Retry-After"], "0.6");
    state.ms = 600;
    throttler.admit({ throttle: "security" });
  });

  it("identity: token bucket sized by tenant, refilled continuously, with throttle-scope headers", () => {
    const small = setup(10);
    let admitted = 0;
    for (;;) {
      try {
        small.throttler.admit({ throttle: "identity", cost: 2 });
        admitted++;
      } catch (error) {
        assert.ok(error instanceof GraphHttpError);
        assert.equal(error.headers["x-ms-throttle-information"], "ResourceUnitLimitExceeded");
        assert.equal(error.headers["x-ms-throttle-scope"], "Tenant_Application/Read/a/t");
        assert.equal(error.headers["Retry-After"], "0.01");
        break;
      }
    }
    assert.equal(admitted, 1750);
    small.state.ms += 1;
    small.throttler.admit({ throttle: "identity", cost: 2 });

    const large = setup(501);
    let largeAdmitted = 0;
    while (largeAdmitted < 10_000) {
      try {
        large.throttler.admit({ throttle: "identity", cost: 2 });
        largeAdmitted++;
      } catch {
        break;
      }
    }
    assert.equal(largeAdmitted, 4000);
  });

  it("signInActivity reads: 10 per minute on top of the bucket", () => {
    const { throttler } = setup(5);
    for (let i = 0; i < 10; i++) throttler.admit({ throttle: "identity", cost: 1, signInActivity: true });
    assert.equal(rejection(() => throttler.admit({ throttle: "identity", cost: 1, signInActivity: true })).status, 429);
    throttler.admit({ throttle: "identity", cost: 1 });
  });

  it("Outlook: 4 in flight per mailbox, released when the response ends", () => {
    const { throttler } = setup(5);
    const held = Array.from({ length: 4 }, () => throttler.admit({ throttle: "outlook", mailbox: "a" }));
    const error = rejection(() => throttler.admit({ throttle: "outlook", mailbox: "a" }));
    assert.equal(error.code, "ApplicationThrottled");
    throttler.admit({ throttle: "outlook", mailbox: "b" }).release();
    held[0].release();
    held[0].release();
    throttler.admit({ throttle: "outlook", mailbox: "a" });
    assert.equal(rejection(() => throttler.admit({ throttle: "outlook", mailbox: "a" })).status, 429);
  });
});

describe("SlidingWindow", () => {
  it("admits `limit` per window and reports the wait until the oldest expires", () => {
    const window = new SlidingWindow(3, 100);
    assert.deepEqual([0, 10, 20].map((t) => window.tryAcquire(t).ok), [true, true, true]);
    assert.deepEqual(window.tryAcquire(50), { ok: false, waitMs: 50 });
    assert.equal(window.tryAcquire(100).ok, true);
    assert.deepEqual(window.tryAcquire(105), { ok: false, waitMs: 5 });
    assert.equal(window.tryAcquire(120).ok, true);
  });
});
