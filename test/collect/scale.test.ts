import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { collect } from "../../src/collect/collect.js";
import { SOURCES } from "../../src/collect/evidence.js";
import { demoTenant, graphCalls, startHarness } from "../graph/harness.js";

/** A 1,000-user demo tenant with a short, thin history so the scan itself is what is measured. */
const TENANT = { users: 1000, historyDays: 2, signInsPerUserPerDay: 2, sentItemsPerUserPerDay: 1 };

async function scan(strategy: "bulk" | "per-user") {
  const { snapshot } = demoTenant(TENANT);
  const h = await startHarness({ snapshot, timeScale: 0.0002, windowDays: 1, baselineDays: 1, config: { graph: { concurrency: 32 }, scan: { concurrency: 32 } } });
  try {
    const result = await collect(h.gateway, { targets: { mode: "all" }, window: h.window, strategy, config: h.config });
    return { result, calls: graphCalls(h.sim), throttled: h.sim.requests.filter((r) => r.throttled).length, unhandled: h.sim.unhandled.length };
  } finally {
    await h.close();
  }
}

describe("scale on a 1,000-user demo tenant", () => {
  it("a bulk scan averages at most one Graph request per user, with no 429 and full coverage", async () => {
    const { result, calls, throttled, unhandled } = await scan("bulk");
    const users = result.users.length;
    assert.ok(users > 900, `${users} enabled members`);
    assert.ok(calls.length / users <= 1, `${calls.length} requests for ${users} users`);
    assert.equal(result.stats.requests, calls.length, "the gateway counts what the simulator saw");
    assert.deepEqual([throttled, unhandled], [0, 0]);
    assert.ok(result.users.every((u) => u.coverage.length === SOURCES.length && u.coverage.every((c) => c.status === "ok")));
  });

  it("the same scan forced per-user issues at least six requests per user, still with no 429", async () => {
    const { result, calls, throttled, unhandled } = await scan("per-user");
    assert.ok(calls.length / result.users.length >= 6, `${calls.length} requests for ${result.users.length} users`);
    assert.deepEqual([throttled, unhandled], [0, 0]);
    assert.ok(result.users.every((u) => u.coverage.every((c) => c.status === "ok")));
  });
});
