import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { InputError } from "../../src/lib/errors.js";
import { loadSnapshotFile, validateSnapshot } from "../../src/simulator/snapshot-file.js";
import { startTestSimulator, tenant } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "phishtrail-snapshot-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function refused(raw: unknown, pattern: RegExp): void {
  assert.throws(
    () => validateSnapshot(raw, "tenant.json"),
    (error: unknown) => error instanceof InputError && error.exitCode === 2 && pattern.test(error.message),
  );
}

describe("snapshot loading and validation", () => {
  it("loads a valid file and names the line and column of bad JSON", () => {
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(tenant()));
    assert.equal(loadSnapshotFile(good).users?.length, 5);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{\n  "format": "phishtrail-tenant-snapshot/1",\n  "users": [],\n}\n');
    assert.throws(() => loadSnapshotFile(bad), (error: unknown) => error instanceof InputError && /bad\.json: invalid JSON at line 4, column 1/.test(error.message));
    assert.throws(() => loadSnapshotFile(join(dir, "missing.json")), InputError);
  });

  it("rejects what cannot be served, naming the field path", () => {
    refused([], /^tenant\.json: expected a JSON object/);
    refused({ format: "phishtrail-tenant-snapshot/2" }, /^tenant\.json: format: expected "phishtrail-tenant-snapshot\/1", found "phishtrail-tenant-snapshot\/2"/);
    refused({ ...tenant(), signIns: {} }, /signIns: expected a list, found an object/);
    refused({ ...tenant(), users: [{ id: "a" }, "b"] }, /users\[1\]: expected an object, found "b"/);
    const signIns = tenant().signIns ?? [];
    signIns[3] = { ...signIns[3], createdDateTime: 12345 };
    refused({ ...tenant(), signIns }, /signIns\[3\]\.createdDateTime: expected an ISO-8601 string, found number 12345/);
    refused({ ...tenant(), directoryAudits: [{ id: "x" }] }, /directoryAudits\[0\]\.activityDateTime: expected an ISO-8601 string, found nothing/);
    refused({ ...tenant(), users: [{ displayName: "no id" }] }, /users\[0\]\.id: expected a string/);
    refused({ ...tenant(), licenses: { entraIdP1: "yes" } }, /licenses\.entraIdP1: expected true or false/);
    refused({ ...tenant(), mailboxes: { "a@b.example": { inbox: [{ receivedDateTime: "soon" }] } } }, /mailboxes\["a@b\.example"\]\.inbox\[0\]\.receivedDateTime: expected an ISO-8601 string/);
    refused({ ...tenant(), authenticationMethods: { x: [{ id: "1" }] } }, /authenticationMethods\["x"\]\[0\]\["@odata\.type"\]: expected a string/);
  });

  it("tolerates what Graph exports carry: extra members, missing optional ones, any enum casing", () => {
    const raw = {
      format: "phishtrail-tenant-snapshot/1",
      somethingNew: { x: 1 },
      users: [{ id: "u1", userType: "MEMBER", "@odata.type": "#microsoft.graph.user", extensionAttribute: [1, 2] }],
      signIns: [{ createdDateTime: "2025-03-01T22:14:09.1234567Z", riskLevelDuringSignIn: "HIGH", brandNewField: null }],
      alerts: [{ id: "a" }],
      mailboxes: { U1: {} },
    };
    assert.equal(validateSnapshot(raw, "tenant.json").users?.length, 1);
    assert.equal(validateSnapshot({ format: "phishtrail-tenant-snapshot/1" }, "empty.json").format, "phishtrail-tenant-snapshot/1");
  });

  it("serves an empty snapshot: every collection is simply empty", async () => {
    const t = await startTestSimulator({ throttling: false, snapshot: validateSnapshot({ format: "phishtrail-tenant-snapshot/1" }, "empty.json") });
    try {
      for (const path of ["/v1.0/users", "/v1.0/auditLogs/signIns", "/v1.0/security/alerts_v2", "/v1.0/servicePrincipals"]) {
        const reply = await t.get(path);
        assert.equal(reply.status, 200, path);
        assert.deepEqual(reply.body.value, []);
      }
      assert.equal((await t.get("/v1.0/organization")).body.value[0].id, t.sim.tenantId);
    } finally {
      await t.close();
    }
  });
});
