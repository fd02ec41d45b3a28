import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IDS, NOW, signIns, startTestSimulator, tenant, UPN, type TestSimulator } from "./support.js";

const BETA_ONLY = ["userAgent", "authenticationRequirement", "signInEventTypes"];

describe("audit log, security and identity protection routes", () => {
  let t: TestSimulator;

  before(async () => {
    const base = tenant();
    const erinDetections = Array.from({ length: 30 }, (_, i) => ({
      id: `rd-erin-${i}`,
      riskEventType: "passwordSpray",
      riskLevel: "low",
      riskState: "atRisk",
      activityDateTime: new Date(NOW - (i + 100) * 3_600_000).toISOString(),
      userId: IDS.erin,
      userPrincipalName: UPN.erin,
    }));
    const snapshot = { ...base, riskDetections: [...(base.riskDetections ?? []), ...erinDetections] };
    t = await startTestSimulator({ throttling: false, snapshot, pageSizes: { "alerts.list": 5 } });
  });
  after(() => t.close());

  it("v1.0 signIns: interactive only, newest first, beta-only members stripped", async () => {
    const reply = await t.get("/v1.0/auditLogs/signIns");
    assert.equal(reply.status, 200);
    assert.equal(reply.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#auditLogs/signIns`);
    assert.equal(reply.body.value.length, 60);
    assert.equal(reply.body["@odata.nextLink"], undefined);
    const times = reply.body.value.map((s: { createdDateTime: string }) => Date.parse(s.createdDateTime));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    for (const signIn of reply.body.value) {
      assert.equal(signIn.isInteractive, true);
      for (const member of BETA_ONLY) assert.equal(member in signIn, false, member);
    }
  });

  it("beta signIns return non-interactive ones when filtered by signInEventTypes, with beta members", async () => {
    const plain = await t.get("/beta/auditLogs/signIns");
    assert.equal(plain.body.value.length, 60);
    assert.equal(plain.body.value[0].userAgent !== undefined, true);
    assert.deepEqual(plain.body.value[0].signInEventTypes, ["interactiveUser"]);
    const nonInteractive = await t.get("/beta/auditLogs/signIns?$filter=" + encodeURIComponent("signInEventTypes/any(t: t eq 'nonInteractiveUser')"));
    assert.equal(nonInteractive.status, 200);
    assert.equal(nonInteractive.body.value.length, 30);
    const byAgent = await t.get("/beta/auditLogs/signIns?$filter=" + encodeURIComponent("startswith(userAgent, 'python')"));
    assert.equal(byAgent.body.value.length, 9);
  });

  it("filters sign-ins by user and date range exactly like a scan would", async () => {
    const from = new Date(NOW - 30 * 3_600_000).toISOString();
    const to = new Date(NOW - 5 * 3_600_000).toISOString();
    const filter = `userId eq '${IDS.bob}' and createdDateTime ge ${from} and createdDateTime le ${to}`;
    const reply = await t.get(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(filter)}`);
    const expected = signIns().filter((s) => s.userId === IDS.bob && s.isInteractive && Date.parse(String(s.createdDateTime)) >= Date.parse(from) && Date.parse(String(s.createdDateTime)) <= Date.parse(to));
    assert.ok(expected.length > 3);
    assert.deepEqual(reply.body.value.map((s: { id: string }) => s.id), expected.map((s) => s.id));

    const failures = await t.get(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent("status/errorCode eq 50126 and location/countryOrRegion eq 'DE'")}`);
    assert.deepEqual(
      failures.body.value.map((s: { id: string }) => s.id),
      signIns().filter((s, i) => s.isInteractive && i % 4 === 0 && i % 7 === 0).map((s) => s.id),
    );
  });

  it("pages with $top and an absolute nextLink carrying an opaque $skiptoken", async () => {
    const first = await t.get("/v1.0/auditLogs/signIns?$top=25&$filter=" + encodeURIComponent(`userPrincipalName eq '${UPN.alice}' or userPrincipalName eq '${UPN.bob}'`));
    assert.equal(first.body.value.length, 25);
    const next: string = first.body["@odata.nextLink"];
    assert.match(next, new RegExp(`^${t.sim.baseUrl}/v1.0/auditLogs/signIns\\?.*\\$top=25.*&\\$skiptoken=[0-9a-f]+$`));
    const second = await t.get(next.slice(t.sim.baseUrl.length));
    assert.equal(second.body.value.length, 25);
    const third = await t.get(second.body["@odata.nextLink"].slice(t.sim.baseUrl.length));
    assert.equal(third.body.value.length, 10);
    assert.equal(third.body["@odata.nextLink"], undefined);
    assert.equal(new Set([...first.body.value, ...second.body.value, ...third.body.value].map((s: { id: string }) => s.id)).size, 60);
    const clamped = await t.get("/v1.0/auditLogs/signIns?$top=5000");
    assert.equal(clamped.status, 200);
    const bad = await t.get("/v1.0/auditLogs/signIns?$skiptoken=zz");
    assert.equal(bad.status, 400);
  });

  it("orders sign-ins ascending on request and refuses other orderings", async () => {
    const asc = await t.get("/v1.0/auditLogs/signIns?$orderby=createdDateTime%20asc&$top=3");
    const times = asc.body.value.map((s: { createdDateTime: string }) => Date.parse(s.createdDateTime));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const other = await t.get("/v1.0/auditLogs/signIns?$orderby=userId");
    assert.equal(other.status, 400);
  });

  it("answers unsupported filters with Graph's 400", async () => {
    for (const filter of ["userAgent eq 'x'", "userId ne 'x'", "createdDateTime ge '2025-01-01T00:00:00Z'", "userId eq", "contains(appDisplayName,'Teams')"]) {
      const reply = await t.get(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(filter)}`);
      assert.equal(reply.status, 400, filter);
      assert.equal(reply.body.error.code, "BadRequest");
      assert.match(reply.body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    }
    const unknownOption = await t.get("/v1.0/auditLogs/signIns?$expand=x");
    assert.equal(unknownOption.status, 400);
  });

  it("directoryAudits: lambda on targetResources and initiatedBy paths", async () => {
    const byTarget = await t.get("/v1.0/auditLogs/directoryAudits?$filter=" + encodeURIComponent(`targetResources/any(t: t/id eq '${IDS.mailHelperSp}')`));
    assert.deepEqual(byTarget.body.value.map((a: { id: string }) => a.id), ["Directory_1"]);
    const byInitiator = await t.get("/v1.0/auditLogs/directoryAudits?$filter=" + encodeURIComponent(`initiatedBy/user/id eq '${IDS.alice}' and startswith(activityDisplayName, 'User registered')`));
    assert.deepEqual(byInitiator.body.value.map((a: { id: string }) => a.id), ["Directory_2"]);
    const single = await t.get("/v1.0/auditLogs/directoryAudits/Directory_3");
    assert.equal(single.body.activityDisplayName, "Update user");
    assert.equal((await t.get("/v1.0/auditLogs/directoryAudits/nope")).status, 404);
  });

  it("alerts_v2: $skip paging, $count, and no $select/$orderby", async () => {
    const first = await t.get("/v1.0/security/alerts_v2?$count=true&$filter=" + encodeURIComponent("status ne 'resolved'"));
    assert.equal(first.body["@odata.count"], 8);
    assert.equal(first.body.value.length, 5);
    assert.match(first.body["@odata.nextLink"], /\$skip=5$/);
    const second = await t.get(first.body["@odata.nextLink"].slice(t.sim.baseUrl.length));
    assert.equal(second.body.value.length, 3);
    assert.equal(second.body["@odata.count"], undefined);
    const topped = await t.get("/v1.0/security/alerts_v2?$top=2&$skip=10");
    assert.deepEqual(topped.body.value.map((a: { id: string }) => a.id), ["alert-10", "alert-11"]);
    assert.equal((await t.get("/v1.0/security/alerts_v2?$select=id")).status, 400);
    assert.equal((await t.get("/v1.0/security/alerts_v2?$orderby=createdDateTime")).status, 400);
  });

  it("identity protection: riskyUsers and riskDetections with their default page size", async () => {
    const risky = await t.get("/v1.0/identityProtection/riskyUsers?$filter=" + encodeURIComponent("riskLevel eq 'high' and riskState eq 'atRisk'"));
    assert.deepEqual(risky.body.value.map((u: { id: string }) => u.id), [IDS.alice]);
    const detections = await t.get("/v1.0/identityProtection/riskDetections?$filter=" + encodeURIComponent(`userId eq '${IDS.alice}'`) + "&$select=id,riskEventType");
    assert.deepEqual(detections.body.value, [
      { id: "rd-2", riskEventType: "anonymizedIPAddress" },
      { id: "rd-1", riskEventType: "unfamiliarFeatures" },
    ]);
    assert.match(detections.body["@odata.context"], /riskDetections\(id,riskEventType\)$/);
    // Documented default page of 20, and $top above 500 is cut to 500.
    const page = await t.get("/v1.0/identityProtection/riskDetections");
    assert.equal(page.body.value.length, 20);
    assert.ok(page.body["@odata.nextLink"]);
    const big = await t.get("/v1.0/identityProtection/riskDetections?$top=600");
    assert.equal(big.body.value.length, 33);
    assert.equal((await t.get("/v1.0/identityProtection/riskDetections?$orderby=activityDateTime")).status, 400);
  });

  it("userRegistrationDetails filter with methodsRegistered/any and conditional access policies", async () => {
    const reply = await t.get("/v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=" + encodeURIComponent("methodsRegistered/any(m: m eq 'microsoftAuthenticatorPush')"));
    assert.deepEqual(reply.body.value.map((r: { id: string }) => r.id), [IDS.alice]);
    const admins = await t.get("/v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin%20eq%20true&$orderby=userPrincipalName");
    assert.deepEqual(admins.body.value.map((r: { id: string }) => r.id), [IDS.bob]);
    const policies = await t.get("/v1.0/identity/conditionalAccess/policies?$filter=" + encodeURIComponent("state eq 'enabled'"));
    assert.deepEqual(policies.body.value.map((p: { displayName: string }) => p.displayName), ["Require MFA for admins"]);
  });
});
