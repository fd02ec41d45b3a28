import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IDS, startTestSimulator, type TestSimulator } from "./support.js";

describe("JSON $batch", () => {
  let t: TestSimulator;

  before(async () => {
    t = await startTestSimulator({ timeScale: 0.01 });
  });
  after(() => t.close());

  const batch = (requests: unknown[], version = "v1.0") => t.call("POST", `/${version}/$batch`, { body: { requests } });

  it("answers sub-requests inside an outer 200 with the exact Content-Type key", async () => {
    const reply = await batch([
      { id: "1", method: "GET", url: `/users/${IDS.alice}?$select=id` },
      { id: "2", method: "GET", url: "/users/nobody" },
      { id: "3", method: "PATCH", url: `/users/${IDS.bob}`, headers: { "content-type": "application/json" }, body: { accountEnabled: false } },
    ]);
    assert.equal(reply.status, 200);
    const [one, two, three] = reply.body.responses;
    assert.deepEqual([one.id, one.status, two.status, three.status], ["1", 200, 404, 204]);
    assert.equal(one.headers["Content-Type"].split(";")[0], "application/json");
    assert.equal(one.headers["content-type"], undefined);
    assert.equal(one.body.id, IDS.alice);
    assert.equal(two.body.error.code, "Request_ResourceNotFound");
    assert.equal(three.body, undefined);
    assert.equal(three.headers["Content-Type"], undefined);
  });

  it("refuses more than 20 requests, duplicate ids (case-insensitively) and unknown dependsOn", async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: `r${i}`, method: "GET", url: "/organization" }));
    assert.equal((await batch(many)).status, 400);
    const dup = await batch([
      { id: "a", method: "GET", url: "/organization" },
      { id: "A", method: "GET", url: "/organization" },
    ]);
    assert.equal(dup.status, 400);
    assert.equal(dup.body.error.code, "BadRequest");
    assert.equal((await batch([{ id: "a", method: "GET", url: "/organization", dependsOn: ["z"] }])).status, 400);
    assert.equal((await batch([{ id: "a", method: "POST", url: "/security/auditLog/queries", body: {} }])).status, 400);
  });

  it("answers 424 for requests whose dependency failed and runs dependencies first", async () => {
    const reply = await batch([
      { id: "2", method: "GET", url: "/organization", dependsOn: ["1"] },
      { id: "1", method: "GET", url: "/users/nobody" },
      { id: "3", method: "GET", url: "/organization" },
    ]);
    const byId = Object.fromEntries(reply.body.responses.map((r: { id: string; status: number }) => [r.id, r.status]));
    assert.deepEqual(byId, { "1": 404, "2": 424, "3": 200 });
  });

  it("accepts the /v1.0 prefix the JS client leaves in sub-request URLs, not another version", async () => {
    const reply = await batch([
      { id: "1", method: "GET", url: "/v1.0/organization" },
      { id: "2", method: "GET", url: "/beta/organization" },
    ]);
    assert.deepEqual(reply.body.responses.map((r: { status: number }) => r.status), [200, 400]);
  });

  it("throttles each sub-request: 429 with Retry-After in the sub-response headers", async () => {
    t.sim.resetLog();
    const requests = Array.from({ length: 7 }, (_, i) => ({ id: String(i), method: "GET", url: "/auditLogs/directoryAudits?$top=1" }));
    const reply = await batch(requests);
    assert.equal(reply.status, 200);
    const statuses = reply.body.responses.map((r: { status: number }) => r.status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const throttled = reply.body.responses[5];
    assert.match(throttled.headers["Retry-After"], /^0\.\d+$/);
    assert.equal(throttled.body.error.code, "TooManyRequests");
    assert.equal(t.sim.requests.filter((entry) => entry.inBatch && entry.throttled).length, 2);
    assert.equal(t.sim.requests.filter((entry) => entry.route === "batch").length, 1);
  });

  it("applies faults to sub-requests only when asked", async () => {
    t.sim.setFaults([{ route: "organization.list", kind: "status", status: 503, inBatch: true }]);
    try {
      const inside = await batch([{ id: "1", method: "GET", url: "/organization" }]);
      assert.equal(inside.body.responses[0].status, 503);
      assert.equal((await t.get("/v1.0/organization")).status, 200);
    } finally {
      t.sim.setFaults([]);
    }
  });

  it("needs a token for the batch itself", async () => {
    const reply = await t.call("POST", "/v1.0/$batch", { body: { requests: [{ id: "1", method: "GET", url: "/organization" }] }, token: null });
    assert.equal(reply.status, 401);
  });
});
