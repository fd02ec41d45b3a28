import assert from "node:assert/strict";
import { it } from "node:test";
import { scanScaleTenant } from "./scale-harness.js";

it("the same 1,000-user scan forced per-user issues at least six Graph requests per user, still with no 429", async () => {
  const { result, calls, throttled, unhandled } = await scanScaleTenant("per-user");
  assert.ok(calls.length / result.users.length >= 6, `${calls.length} requests for ${result.users.length} users`);
  assert.equal(result.stats.batches, 0, "per-user collection does not batch");
  assert.deepEqual([throttled, unhandled], [0, 0]);
  assert.ok(result.users.every((u) => u.coverage.every((c) => c.status === "ok")));
});
