import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planCollection, type PlanInput } from "../../src/collect/plan.js";

const input = (targets: number, tenantUsers: number, extra: Partial<PlanInput> = {}): PlanInput => ({
  targets,
  tenantUsers,
  windowDays: 7,
  baselineDays: 30,
  nonInteractiveSignIns: true,
  strategy: "auto",
  ...extra,
});

describe("collection planner", () => {
  it("investigates one user with per-user queries, even in a large tenant", () => {
    const plan = planCollection(input(1, 20_000));
    assert.equal(plan.strategy, "per-user");
    assert.ok(plan.estimates["per-user"].requests < plan.estimates.bulk.requests);
  });

  it("scans a whole tenant with tenant-wide streams", () => {
    for (const users of [60, 1000, 50_000]) {
      const plan = planCollection(input(users, users));
      assert.equal(plan.strategy, "bulk", `${users} users`);
      assert.ok(plan.estimates["per-user"].requests >= 6 * users);
      if (users >= 1000) assert.ok(plan.estimates.bulk.requests <= users, "about one request per user or fewer");
    }
  });

  it("switches to bulk as the named users grow against the tenant's size", () => {
    const strategies = [1, 20, 2000, 5000].map((n) => planCollection(input(n, 5000)).strategy);
    assert.deepEqual(strategies, ["per-user", "per-user", "bulk", "bulk"]);
  });

  it("follows --strategy, still reporting both estimates", () => {
    const plan = planCollection(input(1000, 1000, { strategy: "per-user" }));
    assert.equal(plan.strategy, "per-user");
    assert.match(plan.reason, /--strategy per-user/);
    assert.ok(plan.estimates.bulk.throttleSeconds < plan.estimates["per-user"].throttleSeconds);
  });
});
