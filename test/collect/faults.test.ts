import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { collect, type CollectionResult } from "../../src/collect/collect.js";
import type { SourceId, UserEvidence } from "../../src/collect/evidence.js";
import type { FaultRule } from "../../src/simulator/server.js";
import type { GraphGateway } from "../../src/graph/gateway.js";
import type { GraphRequest } from "../../src/graph/request.js";
import { ALICE, BOB, CAROL, fixtureTenant } from "../graph/fixture-tenant.js";
import { startHarness, type Harness } from "../graph/harness.js";

function coverage(user: UserEvidence, source: SourceId) {
  return user.coverage.find((c) => c.source === source)!;
}

function othersOk(user: UserEvidence, except: SourceId[]): void {
  const broken = user.coverage.filter((c) => !except.includes(c.source) && c.status !== "ok");
  assert.deepEqual(broken, [], "other sources stay intact");
}

describe("injected Graph faults become coverage, never silence", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ snapshot: fixtureTenant(), windowDays: 1, baselineDays: 2, pageSizes: { "signIns.list": 5 }, config: { graph: { maxRetries: 2 } } });
  });
  after(() => h.close());
  beforeEach(() => h.sim.resetLog());

  async function run(faults: FaultRule[], strategy: "per-user" | "bulk" = "per-user", users = [ALICE.upn]): Promise<CollectionResult> {
    h.sim.setFaults(faults);
    try {
      return await collect(h.gateway, { targets: { mode: "users", users }, window: h.window, strategy, config: h.config });
    } finally {
      h.sim.setFaults([]);
    }
  }

  const cases: Array<{ name: string; fault: FaultRule; source: SourceId; status: "error" | "unavailable"; code: string; message?: RegExp; strategy?: "bulk" }> = [
    { name: "403 permission", fault: { route: "authMethods.list", kind: "status", status: 403 }, source: "authMethods", status: "error", code: "Authorization_RequestDenied", message: /UserAuthenticationMethod\.Read\.All/ },
    { name: "403 mailbox access", fault: { route: "messageRules.list", kind: "status", status: 403 }, source: "inboxRules", status: "error", code: "ErrorAccessDenied", message: /MailboxSettings\.Read/ },
    {
      name: "403 licence",
      fault: { route: "signIns.list", kind: "status", status: 403, code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant", message: "Neither tenant is B2C or tenant doesn't have premium license" },
      source: "signIns",
      status: "unavailable",
      code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
      message: /Entra ID P1/,
    },
    { name: "404 mailbox", fault: { route: "messages.list", kind: "status", status: 404, code: "MailboxNotEnabledForRESTAPI" }, source: "sentItems", status: "unavailable", code: "MailboxNotEnabledForRESTAPI" },
    { name: "429 storm outlasting the retries", fault: { route: "directoryAudits.list", kind: "status", status: 429, retryAfter: "0.005" }, source: "directoryAudits", status: "error", code: "TooManyRequests", message: /after 3 attempts/ },
    { name: "500", fault: { route: "alerts.list", kind: "status", status: 500, retryAfter: null }, source: "alerts", status: "error", code: "InternalServerError" },
    { name: "503", fault: { route: "auditLogQueries.create", kind: "status", status: 503, retryAfter: "0.005" }, source: "auditLog", status: "error", code: "ServiceUnavailable" },
    { name: "connection reset", fault: { route: "oauth2PermissionGrants.user", kind: "reset" }, source: "oauthGrants", status: "error", code: "NetworkError" },
    { name: "truncated JSON", fault: { route: "mailboxSettings.get", kind: "truncated" }, source: "mailboxSettings", status: "error", code: "InvalidJsonResponse" },
    { name: "failure in the middle of paging", fault: { route: "signIns.list", kind: "status", status: 502, retryAfter: null, nth: [3, 4, 5, 6] }, source: "signIns", status: "error", code: "BadGateway" },
    { name: "licence refusal of a tenant-wide stream (bulk)", fault: { route: "riskyUsers.list", kind: "status", status: 403, code: "Forbidden", message: "Your tenant is not licensed for this feature." }, source: "riskyUser", status: "unavailable", code: "Forbidden", strategy: "bulk" },
  ];
  for (const c of cases) {
    it(`${c.name} -> ${c.source} ${c.status} ${c.code}`, async () => {
      const result = await run([c.fault], c.strategy);
      const alice = result.users.find((u) => u.user.id === ALICE.id)!;
      const got = coverage(alice, c.source);
      assert.deepEqual([got.status, got.code], [c.status, c.code], got.message);
      if (c.message) assert.match(got.message ?? "", c.message);
      othersOk(alice, [c.source]);
    });
  }

  it("a failed tenant-wide query marks that source for every user it covers", async () => {
    const result = await run([{ route: "directoryAudits.list", kind: "status", status: 403 }], "bulk", [ALICE.upn, BOB.upn, CAROL.upn]);
    assert.equal(result.strategy, "bulk");
    for (const user of result.users) {
      assert.deepEqual([coverage(user, "directoryAudits").status, coverage(user, "directoryAudits").code], ["error", "Authorization_RequestDenied"]);
      assert.match(coverage(user, "directoryAudits").message!, /AuditLog\.Read\.All/);
    }
  });

  it("rides out a short 429 storm with a decimal Retry-After", async () => {
    const result = await run([{ route: "riskDetections.list", kind: "status", status: 429, retryAfter: "0.01", times: 2 }]);
    othersOk(result.users[0], []);
    assert.equal(result.stats.throttled, 2);
  });

  it("renews the token on a 401 mid-run", async () => {
    const result = await run([{ route: "riskyUsers.get", kind: "status", status: 401, times: 1 }]);
    othersOk(result.users[0], []);
    assert.ok(h.sim.requests.some((r) => r.route === "token"), "a fresh token was fetched");
  });

  it("retries 429s inside $batch in a bulk scan", async () => {
    const result = await run([{ route: "mailboxSettings.get", kind: "status", status: 429, retryAfter: "0.01", inBatch: true, times: 2 }], "bulk", [ALICE.upn, CAROL.upn]);
    for (const user of result.users) othersOk(user, []);
    assert.equal(result.stats.throttled, 2);
    assert.ok(h.sim.requests.filter((r) => r.inBatch && r.status === 429).length === 2);
  });

  it("falls back to v1.0 interactive sign-ins when beta is refused, and says so", async () => {
    const result = await run([{ route: "signIns.list", kind: "status", status: 400, code: "BadRequest", nth: [1] }]);
    const alice = result.users[0];
    othersOk(alice, []);
    assert.match(coverage(alice, "signIns").message ?? "", /beta sign-ins refused \(BadRequest\)/);
    assert.ok(alice.signIns.status === "ok" && alice.signIns.value.every((s) => s.isInteractive && s.signInEventTypes === undefined), "v1.0 carries no beta members");
    assert.ok(result.warnings.some((w) => /non-interactive sign-ins not collected/.test(w)));
    const versions = h.sim.requests.filter((r) => r.route === "signIns.list" && r.status === 200).map((r) => r.version);
    assert.equal(versions[0], "v1.0");
  });

  it("turns a collector that throws into that source's error, never a failed run", async () => {
    const gw = h.gateway;
    const throwing: GraphGateway = {
      graphUrl: gw.graphUrl,
      timeScale: gw.timeScale,
      get: (r) => gw.get(r),
      post: (r, b) => gw.post(r, b),
      patch: (r, b) => gw.patch(r, b),
      delete: (r) => gw.delete(r),
      pages: (request: GraphRequest) => {
        if (request.path.startsWith("/identityProtection/riskDetections")) throw new TypeError("boom");
        return gw.pages(request);
      },
      pagesFrom: (...args) => gw.pagesFrom(...args),
      batchGet: (items) => gw.batchGet(items),
      pause: (ms) => gw.pause(ms),
      stats: () => gw.stats(),
      close: () => gw.close(),
    };
    for (const strategy of ["per-user", "bulk"] as const) {
      const result = await collect(throwing, { targets: { mode: "users", users: [ALICE.upn] }, window: h.window, strategy, config: h.config });
      const got = coverage(result.users[0], "riskDetections");
      assert.deepEqual([got.status, got.code], ["error", "CollectorError"], strategy);
      assert.match(got.message ?? "", /boom.*bug/);
      othersOk(result.users[0], ["riskDetections"]);
    }
  });

  it("keeps other sources when the mailbox folder lookup fails (names just stay unresolved)", async () => {
    const result = await run([
      { route: "mailFolders.list", kind: "status", status: 403 },
      { route: "mailFolders.get", kind: "status", status: 403 },
    ]);
    const rules = result.users[0].inboxRules;
    assert.ok(rules.status === "ok" && rules.value[0].moveToFolderId === "folder-rss" && rules.value[0].moveToFolderName === undefined);
    assert.match(coverage(result.users[0], "inboxRules").message ?? "", /could not be named/);
  });
});
