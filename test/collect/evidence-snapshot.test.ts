import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { collect, type CollectionRequest, type CollectionResult } from "../../src/collect/collect.js";
import { sha256File } from "../../src/collect/evidence-snapshot.js";
import { loadSnapshotFile } from "../../src/simulator/snapshot-file.js";
import type { TenantSnapshot } from "../../src/snapshot/types.js";
import { ALICE, CAROL, fixtureTenant } from "../graph/fixture-tenant.js";
import { demoTenant, startHarness } from "../graph/harness.js";

/** Collects from `snapshot`, writing evidence into `dir`. */
async function collectFrom(snapshot: TenantSnapshot, targets: CollectionRequest["targets"], strategy: CollectionRequest["strategy"], dir?: string): Promise<CollectionResult> {
  const h = await startHarness({ snapshot, windowDays: 1, baselineDays: 2 });
  try {
    return await collect(h.gateway, { targets, window: h.window, strategy, config: h.config, ...(dir ? { evidenceDir: dir } : {}) });
  } finally {
    await h.close();
  }
}

/** Collect, write the evidence snapshot, replay it in a fresh simulator, collect again. */
async function roundTrip(snapshot: TenantSnapshot, targets: CollectionRequest["targets"], strategy: CollectionRequest["strategy"], dir: string) {
  const first = await collectFrom(snapshot, targets, strategy, dir);
  assert.ok(first.evidence);
  const written = loadSnapshotFile(first.evidence.snapshot);
  const replay = await collectFrom(written, targets, strategy);
  return { first, replay, written };
}

describe("evidence snapshot", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "phishtrail-evidence-"));
    dirs.push(dir);
    return join(dir, "evidence");
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  describe("a bulk --all scan of the demo tenant", () => {
    let trip: Awaited<ReturnType<typeof roundTrip>>;
    let dir: string;
    before(async () => {
      dir = tempDir();
      trip = await roundTrip(demoTenant({ users: 40, historyDays: 3, signInsPerUserPerDay: 6 }).snapshot, { mode: "all" }, "bulk", dir);
    });

    it("replays to identical evidence", () => {
      assert.equal(trip.replay.strategy, trip.first.strategy);
      assert.deepEqual(trip.replay.users, trip.first.users);
      assert.deepEqual(trip.replay.tenant, trip.first.tenant);
    });

    it("writes owner-only files, a manifest with each file's SHA-256, and leaves no temporary files", async () => {
      assert.deepEqual(readdirSync(dir).sort(), ["manifest.json", "tenant-snapshot.json"]);
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
      assert.equal(manifest.format, "phishtrail-evidence-manifest/1");
      assert.deepEqual(manifest.files.map((f: { path: string }) => f.path), ["tenant-snapshot.json"]);
      assert.equal(manifest.files[0].sha256, await sha256File(join(dir, "tenant-snapshot.json")));
      assert.equal(statSync(join(dir, "tenant-snapshot.json")).mode & 0o077, 0);
    });

    it("holds only what concerns the targets, in Graph's own shapes", () => {
      const snap = trip.written;
      assert.equal(snap.format, "phishtrail-tenant-snapshot/1");
      assert.equal(snap.users?.length, trip.first.users.length);
      const ids = new Set(snap.users?.map((u) => String(u.id).toLowerCase()));
      assert.ok(snap.signIns?.every((s) => ids.has(String(s.userId).toLowerCase())));
      assert.ok(Object.keys(snap.mailboxes ?? {}).every((k) => ids.has(k.toLowerCase())));
      assert.ok(snap.signIns?.some((s) => "userAgent" in s), "beta members are kept");
    });
  });

  it("replays a per-user scan of named users, with licence refusals replayed as refusals", async () => {
    const tenant = { ...fixtureTenant(), licenses: { entraIdP1: false, entraIdP2: false, defender: true, auditLogQuery: true } };
    const trip = await roundTrip(tenant, { mode: "users", users: [ALICE.upn, CAROL.id] }, "per-user", tempDir());
    assert.deepEqual(trip.written.licenses, { entraIdP1: false, entraIdP2: false });
    const alice = trip.first.users.find((u) => u.user.id === ALICE.id)!;
    assert.equal(alice.coverage.find((c) => c.source === "signIns")?.status, "unavailable");
    assert.deepEqual(trip.replay.users, trip.first.users);
    assert.deepEqual(trip.replay.tenant, trip.first.tenant);
  });
});
