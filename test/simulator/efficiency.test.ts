import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GraphObject } from "../../src/snapshot/types.js";
import { parseQuery, type GraphCall } from "../../src/simulator/http/call.js";
import { ResultCache, serveCollection, type CollectionSpec } from "../../src/simulator/odata/collection.js";
import type { FilterNode } from "../../src/simulator/odata/filter-ast.js";
import { compileFilter } from "../../src/simulator/odata/filter-compile.js";
import { parseFilter } from "../../src/simulator/odata/filter-parser.js";
import { IndexedCollection } from "../../src/simulator/odata/indexed-collection.js";
import { rule, type FilterSchema } from "../../src/simulator/odata/filter-schema.js";
import { startTestSimulator, tenant } from "./support.js";

const START = Date.parse("2025-01-01T00:00:00Z");
const MINUTE = 60_000;
const USERS = 1_000;

/** n sign-ins, one a minute, round-robin over USERS users, in shuffled order. */
function bulkSignIns(n: number): GraphObject[] {
  const items: GraphObject[] = [];
  for (let i = 0; i < n; i++) {
    items.push({ id: `s${i}`, createdDateTime: new Date(START + i * MINUTE).toISOString(), userId: `user-${i % USERS}`, status: { errorCode: i % 10 === 0 ? 50126 : 0 } });
  }
  for (let i = n - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const SCHEMA: FilterSchema = {
  entityType: "microsoft.graph.signIn",
  properties: { createdDateTime: rule.datetime(), userId: rule.guid(), "status/errorCode": rule.number() },
};

function run(collection: IndexedCollection, text: string) {
  const filter = parseFilter(text);
  const predicate = compileFilter(filter, SCHEMA, { advanced: false });
  let evaluated = 0;
  const counting = (item: GraphObject) => {
    evaluated++;
    return predicate(item);
  };
  const result = collection.query(filter, counting, SCHEMA);
  const ids: string[] = [];
  for (let i = 0; i < result.length; i++) ids.push(String(result.at(i).id));
  return { ids, evaluated };
}

describe("large tenants", () => {
  const items = bulkSignIns(100_000);
  const collection = new IndexedCollection(() => items, "createdDateTime", { userId: (item) => [String(item.userId).toLowerCase()] });

  it("answers user + date-range filters from the index without evaluating a single item", () => {
    const from = new Date(START + 50_000 * MINUTE).toISOString();
    const to = new Date(START + 60_000 * MINUTE).toISOString();
    const { ids, evaluated } = run(collection, `userId eq 'user-7' and createdDateTime ge ${from} and createdDateTime lt ${to}`);
    assert.equal(evaluated, 0);
    const expected = [];
    for (let i = 59_999; i >= 50_000; i--) if (i % USERS === 7) expected.push(`s${i}`);
    assert.deepEqual(ids, expected);
  });

  it("scans only the date range when other terms need evaluating", () => {
    const from = new Date(START + 50_000 * MINUTE).toISOString();
    const { ids, evaluated } = run(collection, `createdDateTime gt ${from} and status/errorCode eq 50126`);
    assert.equal(evaluated, 49_999);
    assert.equal(ids.length, 4_999);
    assert.equal(ids[0], "s99990");
  });

  it("computes a result once and cuts every later page from the cache", () => {
    let queries = 0;
    const source = {
      query: (filter: FilterNode | null, predicate: ((item: GraphObject) => boolean) | null) => {
        queries++;
        return collection.query(filter, predicate, SCHEMA);
      },
    };
    const spec: CollectionSpec = { context: "auditLogs/signIns", flavour: "reports", options: ["$filter", "$skiptoken"], filter: SCHEMA, pageSize: { default: 1000, max: 1000, overMax: "clamp" }, paging: "skiptoken" };
    const ctx = { baseUrl: "https://127.0.0.1:1", cache: new ResultCache(), stateVersion: 0, pageSizes: {} };
    let rawQuery = "$filter=" + encodeURIComponent("createdDateTime ge 2025-01-01T00:00:00Z");
    const seen: string[] = [];
    for (let page = 0; page < 5; page++) {
      const call: GraphCall = { method: "GET", version: "v1.0", path: "/auditLogs/signIns", segments: ["auditLogs", "signIns"], rawQuery, query: parseQuery(rawQuery), headers: {}, body: undefined, inBatch: false, ids: { requestId: "r", clientRequestId: "c" } };
      const body = serveCollection(call, spec, source, ctx, "signIns.list").body as { value: GraphObject[]; "@odata.nextLink": string };
      seen.push(...body.value.map((item) => String(item.id)));
      rawQuery = body["@odata.nextLink"].split("?")[1];
    }
    assert.equal(queries, 1);
    assert.equal(new Set(seen).size, 5_000);
    assert.equal(seen[0], "s99999");
  });

  it("pages a 100,000-sign-in tenant through the HTTP server", async () => {
    const t = await startTestSimulator({ throttling: false, snapshot: tenant({ signIns: items }) });
    try {
      let path: string | undefined = "/v1.0/auditLogs/signIns?$filter=" + encodeURIComponent("createdDateTime ge 2025-03-05T00:00:00Z");
      const ids: string[] = [];
      while (path) {
        const reply = await t.get(path);
        assert.equal(reply.status, 200);
        ids.push(...reply.body.value.map((item: { id: string }) => item.id));
        path = reply.body["@odata.nextLink"]?.slice(t.sim.baseUrl.length);
      }
      // Minutes from 2025-03-05 (90,720 after the start) to the last sign-in: ten pages.
      assert.equal(ids.length, 100_000 - 90_720);
      assert.equal(new Set(ids).size, ids.length);
    } finally {
      await t.close();
    }
  });
});
