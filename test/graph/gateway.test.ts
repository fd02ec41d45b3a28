import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { GatewayStats, GraphGateway } from "../../src/graph/gateway.js";
import type { GraphPage } from "../../src/graph/request.js";
import { ALICE, CAROL, fixtureTenant } from "./fixture-tenant.js";
import { graphCalls, startHarness, type Harness } from "./harness.js";

/** Counter changes over `work` on the shared gateway (a fresh gateway would cost a token per test). */
async function delta<T>(gw: GraphGateway, work: () => Promise<T>): Promise<{ result: T; stats: GatewayStats }> {
  const before = gw.stats();
  const result = await work();
  const now = gw.stats();
  const stats = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - before[k as keyof GatewayStats]])) as unknown as GatewayStats;
  return { result, stats };
}

async function collectPages(pages: AsyncGenerator<GraphPage>): Promise<GraphPage[]> {
  const out: GraphPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe("Graph gateway against the simulator", () => {
  let h: Harness;
  let gw: GraphGateway;
  before(async () => {
    h = await startHarness({ snapshot: fixtureTenant(), pageSizes: { "signIns.list": 5 }, settings: { maxRetries: 3 } });
    gw = h.gateway;
  });
  after(() => h.close());
  beforeEach(() => {
    h.sim.setFaults([]);
    h.sim.resetLog();
  });

  it("trusts the in-process simulator's CA without NODE_EXTRA_CA_CERTS, and fails closed without it", async () => {
    // Node read NODE_EXTRA_CA_CERTS at start-up, before this simulator's CA existed.
    assert.notEqual(process.env.NODE_EXTRA_CA_CERTS, h.sim.caCertPath);
    assert.equal((await gw.get({ path: "/organization" })).ok, true);
    const refused = await h.newGateway({ caCertPem: undefined }).get({ path: "/organization" });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.failure.code, "CredentialUnavailable");
  });

  it("follows absolute nextLinks page by page and counts each page as a request", async () => {
    const { result: pages, stats } = await delta(gw, () => collectPages(gw.pages({ path: "/auditLogs/signIns", query: { $filter: `userId eq '${ALICE.id}'` } })));
    assert.ok(pages.every((p) => p.ok));
    assert.equal(pages.length, 5);
    assert.equal(pages.flatMap((p) => (p.ok ? p.items : [])).length, 25);
    assert.equal(stats.requests, 5);
    assert.equal(graphCalls(h.sim).filter((r) => r.route === "signIns.list").length, 5);
  });

  it("packs GETs into $batch, keys answers, and counts a batch as one request", async () => {
    const { result: answers, stats } = await delta(gw, () =>
      gw.batchGet([
        { key: "a", path: `/users/${ALICE.id}/mailboxSettings` },
        { key: "c", path: `/users/${CAROL.id}/mailFolders/inbox/messageRules` },
        { key: "o", path: "/organization" },
      ]),
    );
    assert.deepEqual(["a", "c", "o"].map((k) => answers.get(k)?.ok), [true, true, true]);
    assert.deepEqual({ subRequests: stats.subRequests, batches: stats.batches, requests: stats.requests }, { subRequests: 3, batches: 2, requests: 2 }, "Outlook and directory calls go in separate batches");
    assert.equal(graphCalls(h.sim).length, 2);
    assert.equal(graphCalls(h.sim, { subRequests: true }).filter((r) => r.inBatch).length, 3);
  });

  it("continues a $batch sub-response's nextLink with plain requests", async () => {
    const path = `/users/${ALICE.id}/mailFolders/SentItems/messages`;
    const { result: items, stats } = await delta(gw, async () => {
      const first = (await gw.batchGet([{ key: "sent", path, query: { $top: 5 } }])).get("sent");
      assert.ok(first?.ok);
      const pages = await collectPages(gw.pagesFrom(first.body, { path }));
      return pages.flatMap((p) => (p.ok ? p.items : []));
    });
    assert.equal(items.length, 12);
    assert.deepEqual({ batches: stats.batches, requests: stats.requests }, { batches: 1, requests: 3 }, "one batch, then two nextLink pages");
  });

  it("sends nextLinks written with Graph's public host to our Graph origin, and refuses a malformed one", async () => {
    const rebased = await collectPages(gw.pagesFrom({ value: [], "@odata.nextLink": "https://graph.microsoft.com/v1.0/organization" }, { path: "/organization" }));
    assert.deepEqual(rebased.map((p) => p.ok), [true, true]);
    assert.equal(graphCalls(h.sim).filter((r) => r.route === "organization.list").length, 1);
    const malformed = await collectPages(gw.pagesFrom({ value: [], "@odata.nextLink": "/v1.0/organization?$skiptoken=1" }, { path: "/organization" }));
    assert.ok(!malformed[1].ok && malformed[1].failure.code === "InvalidNextLink");
  });

  it("honours a decimal Retry-After through a 429 storm and counts throttles and retries", async () => {
    h.sim.setFaults([{ route: "organization.list", kind: "status", status: 429, retryAfter: "0.02", times: 3 }]);
    const started = Date.now();
    const { result, stats } = await delta(gw, () => gw.get({ path: "/organization" }));
    assert.equal(result.ok, true);
    assert.ok(Date.now() - started >= 55, "waited about 3 x 20 ms");
    assert.deepEqual({ throttled: stats.throttled, retries: stats.retries, requests: stats.requests }, { throttled: 3, retries: 3, requests: 4 });
  });

  it("honours an HTTP-date Retry-After", async () => {
    h.sim.setFaults([{ route: "organization.list", kind: "status", status: 429, retryAfter: new Date(Date.now() - 1000).toUTCString(), times: 1 }]);
    const { result, stats } = await delta(gw, () => gw.get({ path: "/organization" }));
    assert.equal(result.ok, true);
    assert.equal(stats.throttled, 1);
  });

  it("backs off when identity protection's 429 carries no Retry-After", async () => {
    h.sim.setFaults([{ route: "riskyUsers.list", kind: "status", status: 429, retryAfter: null, times: 2 }]);
    const { result, stats } = await delta(gw, () => gw.get({ path: "/identityProtection/riskyUsers" }));
    assert.equal(result.ok, true);
    assert.equal(stats.throttled, 2);
  });

  it("gives up after graph.maxRetries with a TooManyRequests failure", async () => {
    h.sim.setFaults([{ route: "organization.list", kind: "status", status: 429, retryAfter: "0.001" }]);
    const answer = await gw.get({ path: "/organization" });
    assert.equal(answer.ok, false);
    if (!answer.ok) assert.deepEqual([answer.failure.status, answer.failure.code, answer.failure.attempts], [429, "TooManyRequests", 4]);
  });

  for (const status of [500, 502, 503, 504]) {
    it(`retries a ${status} and then succeeds`, async () => {
      h.sim.setFaults([{ route: "organization.list", kind: "status", status, retryAfter: null, times: 2 }]);
      const { result, stats } = await delta(gw, () => gw.get({ path: "/organization" }));
      assert.equal(result.ok, true);
      assert.equal(stats.retries, 2);
    });
  }

  it("retries a connection reset and a truncated JSON body", async () => {
    h.sim.setFaults([
      { route: "organization.list", kind: "reset", times: 1 },
      { route: "users.list", kind: "truncated", times: 1 },
    ]);
    const { result, stats } = await delta(gw, () => Promise.all([gw.get({ path: "/organization" }), gw.get({ path: "/users" })]));
    assert.deepEqual(result.map((r) => r.ok), [true, true]);
    assert.equal(stats.retries, 2);
  });

  it("reports bad JSON as InvalidJsonResponse once retries are used up", async () => {
    h.sim.setFaults([{ route: "users.list", kind: "truncated" }]);
    const answer = await gw.get({ path: "/users" });
    assert.equal(answer.ok, false);
    if (!answer.ok) assert.equal(answer.failure.code, "InvalidJsonResponse");
  });

  it("gets a fresh token once on a 401 mid-run, and fails on a second 401", async () => {
    assert.equal((await gw.get({ path: "/organization" })).ok, true);
    const tokens = () => h.sim.requests.filter((r) => r.route === "token").length;
    const before = tokens();
    h.sim.setFaults([{ route: "organization.list", kind: "status", status: 401, times: 1 }]);
    assert.equal((await gw.get({ path: "/organization" })).ok, true);
    assert.equal(tokens(), before + 1, "one new token");
    h.sim.setFaults([{ route: "organization.list", kind: "status", status: 401 }]);
    const refused = await gw.get({ path: "/organization" });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.deepEqual([refused.failure.status, refused.failure.code], [401, "InvalidAuthenticationToken"]);
  });

  it("retries throttled $batch sub-requests itself, repacked", async () => {
    h.sim.setFaults([{ route: "messageRules.list", kind: "status", status: 429, retryAfter: "0.01", inBatch: true, times: 2 }]);
    const { result: answers, stats } = await delta(gw, () =>
      gw.batchGet([
        { key: "a", path: `/users/${ALICE.id}/mailFolders/inbox/messageRules` },
        { key: "c", path: `/users/${CAROL.id}/mailFolders/inbox/messageRules` },
        { key: "s", path: `/users/${ALICE.id}/mailboxSettings` },
      ]),
    );
    assert.ok([...answers.values()].every((a) => a.ok));
    assert.deepEqual({ throttled: stats.throttled, batches: stats.batches, subRequests: stats.subRequests }, { throttled: 2, batches: 2, subRequests: 5 }, "the two throttled rules went out again in one batch");
  });

  it("turns a failure in the middle of paging into a failed page after the good ones", async () => {
    h.sim.setFaults([{ route: "signIns.list", kind: "status", status: 500, retryAfter: null, nth: [3, 4, 5, 6] }]);
    const pages = await collectPages(gw.pages({ path: "/auditLogs/signIns", query: { $filter: `userId eq '${ALICE.id}'` } }));
    assert.deepEqual(pages.map((p) => p.ok), [true, true, false]);
    const last = pages[2];
    if (!last.ok) assert.equal(last.failure.code, "InternalServerError");
  });

  it("retries a request that times out, then reports RequestTimeout if it keeps timing out", async () => {
    const quick = h.newGateway({}, { requestTimeoutMs: 150 });
    await quick.get({ path: "/users" }); // the token is fetched inside the first request's time
    h.sim.setFaults([{ route: "organization.list", kind: "slow", slowMs: 400, times: 1 }]);
    const { result, stats } = await delta(quick, () => quick.get({ path: "/organization" }));
    assert.equal(result.ok, true);
    assert.equal(stats.retries, 1);
    h.sim.setFaults([{ route: "organization.list", kind: "slow", slowMs: 400 }]);
    const timedOut = await quick.get({ path: "/organization" });
    assert.ok(!timedOut.ok && timedOut.failure.code === "RequestTimeout" && timedOut.failure.attempts === 4);
  });

  it("keeps a burst within Graph's budgets: no 429 from reports, identity protection or one mailbox", async () => {
    const { stats } = await delta(gw, () =>
      Promise.all([
        ...Array.from({ length: 16 }, () => gw.get({ path: "/auditLogs/directoryAudits" })),
        ...Array.from({ length: 5 }, () => gw.get({ path: "/identityProtection/riskDetections" })),
        ...Array.from({ length: 12 }, () => gw.get({ path: `/users/${ALICE.id}/mailboxSettings` })),
      ]),
    );
    assert.equal(stats.throttled, 0);
    assert.equal(stats.requests, 33);
    assert.equal(h.sim.requests.filter((r) => r.throttled).length, 0);
  });
});

describe("Outlook's per-mailbox concurrency", () => {
  it("never has more than 4 requests in flight for one mailbox (the simulator 429s the fifth)", async () => {
    const h = await startHarness({ snapshot: fixtureTenant(), latencyMs: 25 });
    try {
      const gw = h.gateway;
      await gw.get({ path: "/organization" });
      const started = Date.now();
      const answers = await Promise.all([
        ...Array.from({ length: 16 }, () => gw.get({ path: `/users/${ALICE.id}/mailboxSettings` })),
        gw.batchGet(Array.from({ length: 8 }, (_, i) => ({ key: String(i), path: `/users/${ALICE.id}/mailFolders/inbox/messageRules` }))),
      ]);
      assert.ok(answers.every((a) => (a instanceof Map ? [...a.values()].every((v) => v.ok) : a.ok)));
      assert.equal(h.sim.requests.filter((r) => r.throttled).length, 0);
      // 16 single calls and 8 batched ones, 4 at a time, each held 25 ms by the simulator.
      assert.ok(Date.now() - started >= 4 * 25, "requests were spread out, not sent all at once");
    } finally {
      await h.close();
    }
  });
});
