import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { generateDemoTenant, writeDemoSnapshot } from "../../../src/simulator/demo/generate.js";

const TINY = { users: 45, historyDays: 3, signInsPerUserPerDay: 6 };

test("the same seed gives byte-identical JSON", () => {
  const a = JSON.stringify(generateDemoTenant({ ...TINY, seed: 11 }));
  const b = JSON.stringify(generateDemoTenant({ ...TINY, seed: 11 }));
  assert.equal(a, b);
});

test("a different seed gives a different tenant", () => {
  const a = generateDemoTenant({ ...TINY, seed: 11 });
  const b = generateDemoTenant({ ...TINY, seed: 12 });
  assert.notEqual(JSON.stringify(a.snapshot), JSON.stringify(b.snapshot));
  assert.notDeepEqual(
    a.groundTruth.scenarios.map((s) => s.userPrincipalName),
    b.groundTruth.scenarios.map((s) => s.userPrincipalName),
  );
});

test("capturedAt is now (default 2026-11-27T06:00:00Z)", () => {
  const { snapshot } = generateDemoTenant(TINY);
  assert.equal(snapshot.capturedAt, "2026-11-27T06:00:00Z");
  const later = generateDemoTenant({ ...TINY, now: new Date("2027-01-15T12:00:00Z") });
  assert.equal(later.snapshot.capturedAt, "2027-01-15T12:00:00Z");
});

test("writeDemoSnapshot writes the same text as JSON.stringify(snapshot, null, 2), owner-only", () => {
  const dir = mkdtempSync(join(tmpdir(), "phishtrail-demo-"));
  try {
    const path = join(dir, "nested", "demo.json");
    const { groundTruth, bytes } = writeDemoSnapshot(path, { ...TINY, seed: 3 });
    const expected = generateDemoTenant({ ...TINY, seed: 3 });
    const text = readFileSync(path, "utf8");
    assert.equal(text, `${JSON.stringify(expected.snapshot, null, 2)}\n`);
    assert.equal(bytes, Buffer.byteLength(text));
    assert.deepEqual(groundTruth, expected.groundTruth);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
