import assert from "node:assert/strict";
import { it } from "node:test";
import { SOURCES } from "../../src/collect/evidence.js";
import { scanScaleTenant } from "./scale-harness.js";

it("a bulk scan of a 1,000-user tenant averages at most one Graph request per user, with no 429 and full coverage", async () => {
  const { result, calls, throttled, unhandled } = await scanScaleTenant("bulk");
  const users = result.users.length;
  assert.ok(users > 900, `${users} enabled members`);
  assert.ok(calls.length / users <= 1, `${calls.length} requests for ${users} users`);
  assert.equal(result.stats.requests, calls.length, "the gateway counts what the simulator saw");
  assert.ok(result.stats.batches > 0 && result.stats.subRequests >= 3 * users, "per-mailbox calls went out in $batch");
  assert.deepEqual([throttled, unhandled], [0, 0]);
  assert.ok(result.users.every((u) => u.coverage.length === SOURCES.length && u.coverage.every((c) => c.status === "ok")));
});
