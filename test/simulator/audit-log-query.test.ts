import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NOW, startTestSimulator, UPN, type TestSimulator } from "./support.js";

describe("audit log query API (security/auditLog/queries)", () => {
  let t: TestSimulator;

  before(async () => {
    // A frozen monotonic clock: the query progresses only when the test moves the wall clock.
    t = await startTestSimulator({ throttling: false, elapsedMs: () => 0, pageSizes: { "auditLogQueries.records": 1 } });
  });
  after(() => t.close());

  async function create(body: Record<string, unknown>): Promise<string> {
    const reply = await t.call("POST", "/v1.0/security/auditLog/queries", { body });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.status, "notStarted");
    assert.equal(reply.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#security/auditLog/queries/$entity`);
    return reply.body.id;
  }

  it("goes notStarted -> running -> succeeded, and records are refused until then", async () => {
    const id = await create({ displayName: "inbox rules", filterStartDateTime: new Date(NOW - 48 * 3_600_000).toISOString(), filterEndDateTime: new Date(NOW).toISOString(), operationFilters: ["New-InboxRule", "set-mailbox"] });
    assert.equal((await t.get(`/v1.0/security/auditLog/queries/${id}`)).body.status, "notStarted");
    assert.equal((await t.get(`/v1.0/security/auditLog/queries/${id}`)).body.status, "running");
    const early = await t.get(`/v1.0/security/auditLog/queries/${id}/records`);
    assert.equal(early.status, 400);
    t.clock.ms += 5_000;
    assert.equal((await t.get(`/v1.0/security/auditLog/queries/${id}`)).body.status, "succeeded");
    const first = await t.get(`/v1.0/security/auditLog/queries/${id}/records`);
    assert.equal(first.status, 200);
    assert.equal(first.body.value.length, 1);
    const second = await t.get(first.body["@odata.nextLink"].slice(t.sim.baseUrl.length));
    assert.equal(second.body["@odata.nextLink"], undefined);
    assert.deepEqual([...first.body.value, ...second.body.value].map((r: { id: string }) => r.id).sort(), ["ar-1", "ar-2"]);
    assert.equal((await t.get("/v1.0/security/auditLog/queries")).body.value.length, 1);
  });

  it("filters by time window, record type (any casing), user and service", async () => {
    const id = await create({ filterStartDateTime: new Date(NOW - 30 * 3_600_000).toISOString(), filterEndDateTime: new Date(NOW - 90 * 60_000).toISOString(), recordTypeFilters: ["ExchangeAdmin", "exchangeItem"], userPrincipalNameFilters: [UPN.alice.toUpperCase()] });
    t.clock.ms += 5_000;
    await t.get(`/beta/security/auditLog/queries/${id}`);
    const records = await t.get(`/beta/security/auditLog/queries/${id}/records?$top=10`);
    assert.deepEqual(records.body.value.map((r: { id: string }) => r.id), ["ar-2", "ar-1"]);
    const entra = await create({ serviceFilter: "AzureActiveDirectory" });
    t.clock.ms += 5_000;
    await t.get(`/v1.0/security/auditLog/queries/${entra}`);
    const entraRecords = await t.get(`/v1.0/security/auditLog/queries/${entra}/records?$top=10`);
    assert.deepEqual(entraRecords.body.value.map((r: { id: string }) => r.id), ["ar-4"]);
  });

  it("rejects malformed bodies and unknown queries", async () => {
    assert.equal((await t.call("POST", "/v1.0/security/auditLog/queries", { body: { operationFilters: "New-InboxRule" } })).status, 400);
    assert.equal((await t.call("POST", "/v1.0/security/auditLog/queries", { body: { filterStartDateTime: "yesterday" } })).status, 400);
    assert.equal((await t.get("/v1.0/security/auditLog/queries/00000000-0000-4000-8000-000000000000")).status, 404);
  });
});
