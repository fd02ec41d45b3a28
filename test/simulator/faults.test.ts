import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FaultInjector } from "../../src/simulator/faults.js";
import { seededRandom } from "../../src/simulator/random.js";
import { IDS, startTestSimulator, UPN, type TestSimulator } from "./support.js";

describe("fault injection", () => {
  let t: TestSimulator;

  before(async () => {
    t = await startTestSimulator({ throttling: false, timeScale: 0.01 });
  });
  after(() => t.close());

  const org = () => t.get("/v1.0/organization");

  it("status faults answer with Graph's error body for each status", async () => {
    const expected: Array<[number, string]> = [
      [401, "InvalidAuthenticationToken"],
      [403, "Authorization_RequestDenied"],
      [404, "Request_ResourceNotFound"],
      [500, "InternalServerError"],
      [503, "ServiceUnavailable"],
      [504, "GatewayTimeout"],
    ];
    for (const [status, code] of expected) {
      t.sim.setFaults([{ route: "organization.list", kind: "status", status }]);
      const reply = await org();
      assert.equal(reply.status, status);
      assert.equal(reply.body.error.code, code);
      assert.ok(reply.body.error.innerError["request-id"]);
    }
    t.sim.setFaults([{ route: "*", kind: "status", status: 403, code: "ErrorAccessDenied", message: "Access is denied." }]);
    const custom = await t.get(`/v1.0/users/${IDS.alice}/messages`);
    assert.deepEqual([custom.body.error.code, custom.body.error.message], ["ErrorAccessDenied", "Access is denied."]);
    t.sim.setFaults([]);
  });

  it("429 faults: scaled, absent, decimal and verbatim Retry-After", async () => {
    const cases: Array<[number | string | null | undefined, string | undefined]> = [
      [undefined, "0.01"],
      [10, "0.1"],
      [null, undefined],
      [2.5, "0.025"],
      ["2.128", "2.128"],
    ];
    for (const [retryAfter, header] of cases) {
      t.sim.setFaults([{ route: "organization.list", kind: "status", status: 429, ...(retryAfter === undefined ? {} : { retryAfter }) }]);
      const reply = await org();
      assert.equal(reply.status, 429);
      assert.equal(reply.headers["retry-after"], header, String(retryAfter));
      assert.equal(reply.body.error.code, "TooManyRequests");
    }
    t.sim.setFaults([]);
  });

  it("nth and times pick which matching requests fail; the log names the fault", async () => {
    t.sim.resetLog();
    t.sim.setFaults([{ route: "organization.list", kind: "status", status: 500, nth: [2, 4] }]);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await org()).status);
    assert.deepEqual(statuses, [200, 500, 200, 500, 200]);
    assert.deepEqual(t.sim.requests.map((entry) => entry.fault ?? null), [null, "status:500", null, "status:500", null]);
    t.sim.setFaults([{ route: "organization.list", kind: "status", status: 503, times: 2 }]);
    const limited = [];
    for (let i = 0; i < 3; i++) limited.push((await org()).status);
    assert.deepEqual(limited, [503, 503, 200]);
    t.sim.setFaults([]);
  });

  it("userId restricts a fault to requests about one user or mailbox (by id or UPN)", async () => {
    t.sim.setFaults([{ route: "*", kind: "status", status: 503, userId: UPN.alice }]);
    assert.equal((await t.get(`/v1.0/users/${IDS.alice}/mailFolders/inbox/messageRules`)).status, 503);
    assert.equal((await t.get(`/v1.0/users/${UPN.bob}/messages`)).status, 200);
    assert.equal((await t.get(`/v1.0/auditLogs/signIns?$filter=` + encodeURIComponent(`userId eq '${IDS.alice}'`))).status, 503);
    assert.equal((await t.get(`/v1.0/auditLogs/signIns?$filter=` + encodeURIComponent(`userId eq '${IDS.bob}'`))).status, 200);
    t.sim.setFaults([]);
  });

  it("reset destroys the connection without an answer", async () => {
    t.sim.resetLog();
    t.sim.setFaults([{ route: "organization.list", kind: "reset", nth: [1] }]);
    await assert.rejects(org());
    assert.equal(t.sim.requests[0].status, 0);
    assert.equal(t.sim.requests[0].fault, "reset");
    assert.equal((await org()).status, 200);
    t.sim.setFaults([]);
  });

  it("slow delays the answer by slowMs real milliseconds", async () => {
    t.sim.setFaults([{ route: "organization.list", kind: "slow", slowMs: 150 }]);
    const started = performance.now();
    const reply = await org();
    assert.equal(reply.status, 200);
    assert.ok(performance.now() - started >= 140);
    t.sim.setFaults([]);
  });

  it("truncated sends a well-framed response whose JSON stops halfway", async () => {
    t.sim.setFaults([{ route: "users.list", kind: "truncated" }]);
    const reply = await t.get("/v1.0/users");
    assert.equal(reply.status, 200);
    assert.ok(reply.text.length > 10);
    assert.throws(() => JSON.parse(reply.text));
    t.sim.setFaults([]);
  });

  it("faults on the token endpoint and on $batch itself", async () => {
    t.sim.setFaults([{ route: "token", kind: "status", status: 503, nth: [1] }]);
    await assert.rejects(t.newToken(), /token request failed/);
    assert.ok(await t.newToken());
    t.sim.setFaults([{ route: "batch", kind: "status", status: 504 }]);
    const batch = await t.call("POST", "/v1.0/$batch", { body: { requests: [{ id: "1", method: "GET", url: "/organization" }] } });
    assert.equal(batch.status, 504);
    t.sim.setFaults([]);
  });
});

describe("FaultInjector", () => {
  it("probabilistic faults repeat exactly for the same seed", () => {
    const run = (seed: number) => {
      const injector = new FaultInjector([{ route: "*", kind: "status", status: 500, probability: 0.3 }], seededRandom(seed));
      return Array.from({ length: 40 }, () => (injector.pick({ route: "users.list", users: [], inBatch: false, flavour: "directory" }) ? 1 : 0));
    };
    const first = run(7);
    assert.deepEqual(run(7), first);
    assert.notDeepEqual(run(8), first);
    const fired = first.reduce<number>((sum, x) => sum + x, 0);
    assert.ok(fired > 4 && fired < 20, `fired ${fired} of 40`);
  });

  it("rejects malformed rules", () => {
    assert.throws(() => new FaultInjector([{ route: "*", kind: "status", status: 200 }], Math.random), /status must be an HTTP error status/);
    assert.throws(() => new FaultInjector([{ route: "*", kind: "status", probability: 2 }], Math.random), /probability/);
  });
});
