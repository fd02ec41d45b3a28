import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { collect, type CollectionRequest } from "../../src/collect/collect.js";
import { SOURCES, type UserEvidence } from "../../src/collect/evidence.js";
import { ALICE, BOB, CAROL, fixtureTenant } from "../graph/fixture-tenant.js";
import { startHarness, type Harness } from "../graph/harness.js";

function coverageOf(user: UserEvidence): Record<string, string> {
  return Object.fromEntries(user.coverage.map((c) => [c.source, c.status === "ok" ? "ok" : `${c.status}:${c.code}`]));
}

describe("collect against the simulator (fixture tenant)", () => {
  let h: Harness;
  const request = (targets: CollectionRequest["targets"], strategy: CollectionRequest["strategy"] = "auto"): CollectionRequest => ({ targets, window: h.window, strategy, config: h.config });
  before(async () => {
    h = await startHarness({ snapshot: fixtureTenant(), windowDays: 1, baselineDays: 2 });
  });
  after(() => h.close());
  beforeEach(() => h.sim.resetLog());

  it("collects every source for one user with per-user queries", async () => {
    const result = await collect(h.gateway, request({ mode: "users", users: [ALICE.upn] }));
    assert.equal(result.strategy, "per-user");
    const [alice] = result.users;
    assert.deepEqual(Object.values(coverageOf(alice)), SOURCES.map(() => "ok"));
    assert.equal(alice.coverage.length, SOURCES.length);
    assert.ok(alice.signIns.status === "ok" && alice.signInBaseline.status === "ok");
    assert.equal(alice.signIns.value.length + alice.signInBaseline.value.signIns, 26, "25 interactive and 1 non-interactive (beta)");
    assert.ok(alice.signIns.value.some((s) => !s.isInteractive));
    assert.ok(alice.inboxRules.status === "ok" && alice.inboxRules.value[0].moveToFolderName === "RSS Feeds");
    assert.ok(alice.sentItems.status === "ok" && alice.mailBaseline.status === "ok");
    assert.equal(alice.sentItems.value.length + alice.mailBaseline.value.messages, 12);
    assert.ok(alice.sentItems.value.every((m) => m.urls.length === 1));
    assert.ok(alice.mailboxSettings.status === "ok" && alice.mailboxSettings.value.timeZone === "GMT Standard Time");
    assert.ok(alice.authMethods.status === "ok" && alice.authMethods.value.some((m) => m.phoneNumber === "+44 7700900123"));
    assert.ok(alice.registration.status === "ok" && alice.registration.value?.isMfaRegistered === true);
    assert.ok(alice.directoryAudits.status === "ok" && alice.directoryAudits.value[0].activity === "User registered security info");
    assert.ok(alice.auditRecords.status === "ok" && alice.auditRecords.value[0].parameters.DeleteMessage === "True");
    assert.ok(alice.alerts.status === "ok" && alice.alerts.value[0].severity === "medium");
    assert.ok(alice.riskyUser.status === "ok" && alice.riskyUser.value?.riskState === "atRisk");
    assert.ok(alice.riskDetections.status === "ok" && alice.riskDetections.value.length === 1);
    assert.ok(alice.oauthGrants.status === "ok" && alice.oauthGrants.value[0].appDisplayName === "Mail Helper Pro");
    assert.ok(result.tenant.organization.status === "ok" && result.tenant.organization.value.defaultDomain === "fabrikam.example");
    assert.ok(result.tenant.conditionalAccessPolicies.status === "ok" && result.tenant.conditionalAccessPolicies.value[0].userRiskLevels[0] === "high");
    assert.equal(result.stats.throttled, 0);
    assert.deepEqual(h.sim.unhandled, []);
  });

  it("reports a user without a mailbox as unavailable for mailbox sources only", async () => {
    const [bob] = (await collect(h.gateway, request({ mode: "users", users: [BOB.id] }))).users;
    const coverage = coverageOf(bob);
    for (const source of ["inboxRules", "sentItems", "mailboxSettings"]) assert.equal(coverage[source], "unavailable:MailboxNotEnabledForRESTAPI");
    assert.ok(bob.coverage.filter((c) => !["inboxRules", "sentItems", "mailboxSettings"].includes(c.source)).every((c) => c.status === "ok"));
    assert.match(bob.coverage.find((c) => c.source === "inboxRules")!.message!, /no Exchange Online mailbox/);
  });

  it("keeps a user that does not exist, with every source an error", async () => {
    const result = await collect(h.gateway, request({ mode: "users", users: ["ghost@fabrikam.example", ALICE.upn] }));
    const ghost = result.users.find((u) => u.user.userPrincipalName === "ghost@fabrikam.example")!;
    assert.equal(result.users.length, 2);
    assert.deepEqual(Object.values(coverageOf(ghost)), SOURCES.map(() => "error:Request_ResourceNotFound"));
  });

  it("scans --all in bulk with the same evidence as per-user, and no unknown routes or 429s", async () => {
    const bulk = await collect(h.gateway, request({ mode: "all" }, "bulk"));
    const perUser = await collect(h.gateway, request({ mode: "all" }, "per-user"));
    assert.deepEqual(bulk.users.map((u) => u.user.id).sort(), [ALICE.id, BOB.id, CAROL.id].sort());
    for (const user of bulk.users) {
      assert.equal(user.coverage.length, SOURCES.length);
      const twin = perUser.users.find((u) => u.user.id === user.user.id)!;
      for (const key of Object.keys(user) as Array<keyof UserEvidence>) {
        if (key === "coverage" || (key === "authMethods" && user.user.id === CAROL.id)) continue;
        assert.deepEqual(user[key], twin[key], `${user.user.userPrincipalName} ${key}`);
      }
    }
    const carol = bulk.users.find((u) => u.user.id === CAROL.id)!;
    assert.ok(carol.authMethods.status === "ok" && carol.authMethods.value.every((m) => m.fromRegistrationReport), "no signal: summarised from the registration report");
    const alice = bulk.users.find((u) => u.user.id === ALICE.id)!;
    assert.ok(alice.authMethods.status === "ok" && alice.authMethods.value.every((m) => !m.fromRegistrationReport), "security-info change: read one by one");
    assert.equal(bulk.stats.throttled + perUser.stats.throttled, 0);
    assert.equal(h.sim.requests.filter((r) => r.throttled).length, 0);
    assert.deepEqual(h.sim.unhandled, []);
  });

  it("writes progress as it goes", async () => {
    const phases = new Set<string>();
    await collect(h.gateway, { ...request({ mode: "all" }, "bulk"), onProgress: (p) => phases.add(p.phase) });
    assert.deepEqual([...phases].sort(), ["auth-methods", "mailboxes", "tenant-wide", "users"]);
  });
});
