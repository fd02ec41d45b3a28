import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SlidingWindow } from "../../src/simulator/throttle/sliding-window.js";

describe("SlidingWindow", () => {
  it("admits up to the limit per window whatever its buffer has grown to, and says how long to wait", () => {
    const window = new SlidingWindow(100, 1000);
    for (let i = 0; i < 100; i++) assert.deepEqual(window.tryAcquire(i), { ok: true }, `request ${i}`);
    assert.deepEqual(window.tryAcquire(500), { ok: false, waitMs: 500 });
    // The oldest expire one by one, and the ring keeps its order across the wrap.
    for (let i = 0; i < 30; i++) assert.deepEqual(window.tryAcquire(1000 + i), { ok: true });
    assert.deepEqual(window.tryAcquire(1029.5), { ok: false, waitMs: 0.5 });
    assert.deepEqual(window.tryAcquire(1030), { ok: true });
  });
});
