import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CollectContext } from "../../src/collect/context.js";
import { discardEvidence } from "../../src/collect/evidence-sink.js";
import { signInRequest } from "../../src/collect/sources/sign-ins.js";
import { streamCollection } from "../../src/collect/stream.js";
import { streamTimeSplit } from "../../src/collect/time-split.js";
import { demoTenant, startHarness, type Harness } from "../graph/harness.js";

describe("time-split sign-in streams", () => {
  let h: Harness;
  let ctx: CollectContext;
  let range: { from: string; to: string };
  const request = (part: { from: string; to: string }) => signInRequest("nonInteractive", "beta", part, {});
  const firstPages = () => h.sim.requests.filter((r) => r.route === "signIns.list" && !r.url.includes("skiptoken"));
  const pages = () => h.sim.requests.filter((r) => r.route === "signIns.list");

  before(async () => {
    const { snapshot } = demoTenant({ users: 40, historyDays: 2, signInsPerUserPerDay: 20 });
    h = await startHarness({ snapshot, timeScale: 0.001, pageSizes: { "signIns.list": 10 } });
    ctx = { gateway: h.gateway, window: h.window, config: h.config, evidence: discardEvidence, licenses: {}, warnings: [], progress: () => undefined };
    range = { from: h.window.from, to: h.window.to };
  });
  after(() => h.close());

  it("hands over every sign-in exactly once, reading with several queries at a small cost in pages", async () => {
    const single: string[] = [];
    h.sim.resetLog();
    assert.ok((await streamCollection(ctx, request(range), (raw) => single.push(String(raw.id)))).ok);
    const singlePages = pages().length;

    const split: string[] = [];
    h.sim.resetLog();
    const result = await streamTimeSplit(ctx, request, range, (raw) => Date.parse(String(raw.createdDateTime)), 4, (raw) => split.push(String(raw.id)));
    assert.deepEqual(result, { ok: true, items: split.length });
    assert.ok(single.length > 10 * 40, `${single.length} sign-ins: enough pages to split`);
    assert.deepEqual([...split].sort(), [...single].sort());
    assert.equal(new Set(split).size, split.length);
    assert.ok(firstPages().length > 1, "more than one query");
    assert.ok(pages().length <= singlePages * 1.5, `${pages().length} pages against ${singlePages} for one query`);
  });

  it("reports the first failure once every query has stopped", async () => {
    h.sim.setFaults([{ route: "signIns.list", kind: "status", status: 400, code: "BadRequest", nth: [3] }]);
    try {
      const result = await streamTimeSplit(ctx, request, range, (raw) => Date.parse(String(raw.createdDateTime)), 4, () => undefined);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.failure.status, 400);
    } finally {
      h.sim.setFaults([]);
    }
  });

  it("with one query at a time reads exactly what one query reads", async () => {
    h.sim.resetLog();
    const ids: string[] = [];
    await streamTimeSplit(ctx, request, range, (raw) => Date.parse(String(raw.createdDateTime)), 1, (raw) => ids.push(String(raw.id)));
    assert.equal(firstPages().length, 1);
    assert.equal(new Set(ids).size, ids.length);
  });
});
