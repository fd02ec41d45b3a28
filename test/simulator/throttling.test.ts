import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IDS, startTestSimulator } from "./support.js";

describe("throttling with Graph's published limits", () => {
  it("reports 5 per 10 s with a scaled Retry-After; identity protection 1 per s without one; windows slide", async () => {
    // A monotonic clock the test steps by hand, so windows slide deterministically.
    const elapsed = { ms: 0 };
    const t = await startTestSimulator({ timeScale: 0.01, elapsedMs: () => elapsed.ms });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await t.get("/v1.0/auditLogs/signIns?$top=1")).status);
        elapsed.ms += 5;
      }
      const sixth = await t.get("/v1.0/auditLogs/directoryAudits");
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
      assert.equal(sixth.status, 429);
      // 10 s window at 0.01: the oldest request frees in 75 ms real = 7.5 Graph s -> 8 s -> "0.08".
      assert.equal(sixth.headers["retry-after"], "0.08");
      assert.equal(sixth.body.error.code, "TooManyRequests");
      assert.equal(sixth.body.error.innerError.status, "429");
      // authenticationMethod falls under the same reports limit.
      assert.equal((await t.get(`/v1.0/users/${IDS.alice}/authentication/methods`)).status, 429);

      assert.equal((await t.get("/v1.0/identityProtection/riskyUsers")).status, 200);
      const second = await t.get("/v1.0/identityProtection/riskDetections");
      assert.equal(second.status, 429);
      assert.equal(second.headers["retry-after"], undefined);
      assert.equal((await t.get("/v1.0/identity/conditionalAccess/policies")).status, 429);

      elapsed.ms += 80;
      assert.equal((await t.get("/v1.0/auditLogs/directoryAudits")).status, 200);
      assert.equal((await t.get("/v1.0/identity/conditionalAccess/policies")).status, 200);
      const log = t.sim.requests.filter((entry) => entry.route === "directoryAudits.list");
      assert.deepEqual(log.map((entry) => entry.throttled), [true, false]);

      // Identity and access reads report the resource units they cost.
      assert.equal((await t.get("/v1.0/users")).headers["x-ms-resource-unit"], "2");
      assert.equal((await t.get("/v1.0/users?$select=id&$top=5")).headers["x-ms-resource-unit"], "1");
      assert.equal((await t.get(`/v1.0/users/${IDS.alice}/oauth2PermissionGrants`)).headers["x-ms-resource-unit"], "2");
    } finally {
      await t.close();
    }
  });

  it("Outlook: at most 4 concurrent requests per mailbox", async () => {
    const t = await startTestSimulator({ timeScale: 0.01, latencyMs: 500 });
    try {
      const messages = `/v1.0/users/${IDS.alice}/messages?$top=1`;
      const held = Array.from({ length: 4 }, () => t.get(messages));
      // Wait until all four are being served (logged, then held by the latency).
      while (t.sim.requests.filter((entry) => entry.route === "messages.list").length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
      const extra = await Promise.all([t.get(messages), t.get(`/v1.0/users/${IDS.bob}/messages?$top=1`)]);
      assert.deepEqual((await Promise.all(held)).map((reply) => reply.status), [200, 200, 200, 200]);
      assert.equal(extra[0].status, 429);
      assert.equal(extra[0].body.error.code, "ApplicationThrottled");
      assert.ok(extra[0].headers["retry-after"]);
      // Another mailbox has its own budget (release after responses is covered in throttler.test).
      assert.equal(extra[1].status, 200);
    } finally {
      await t.close();
    }
  });

  it("throttling: false turns every limit off", async () => {
    const t = await startTestSimulator({ throttling: false });
    try {
      const replies = await Promise.all(Array.from({ length: 8 }, () => t.get("/v1.0/auditLogs/directoryAudits")));
      assert.ok(replies.every((reply) => reply.status === 200));
    } finally {
      await t.close();
    }
  });
});
