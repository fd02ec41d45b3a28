import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { containmentFromProfile, readContainmentHistory } from "../../src/contain/history.js";
import { ALICE, tempRoot } from "./support.js";

const alice = { id: ALICE.id, userPrincipalName: ALICE.upn };
const bob = { id: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", userPrincipalName: "bob@fabrikam.example" };

function line(event: Record<string, unknown>): string {
  return `${JSON.stringify(event)}\n`;
}

describe("readContainmentHistory", () => {
  it("reads every action log under the output root, for that user only, oldest first, skipping a torn last line", () => {
    const root = tempRoot();
    const first = join(root, "2025-03-04T07-00-00Z-contain-alice@fabrikam.example");
    const second = join(root, "2025-03-05T07-00-00Z-contain-alice@fabrikam.example");
    const scan = join(root, "2025-03-05T06-00-00Z-scan");
    for (const dir of [first, second, scan]) mkdirSync(dir);
    writeFileSync(
      join(second, "actions.jsonl"),
      line({ time: "2025-03-05T07:00:01Z", event: "start", user: alice }) +
        line({ time: "2025-03-05T07:00:03Z", event: "action", user: alice, action: "remove-rule", target: "AQAAAK7xQ3E=", result: "already-done", detail: "gone" }) +
        // Interrupted mid-write: the torn line is skipped, everything before it counts.
        '{"time":"2025-03-05T07:00:04Z","event":"action","user":{"id":"5b1d',
    );
    writeFileSync(
      join(first, "actions.jsonl"),
      line({ time: "2025-03-04T07:00:02Z", event: "action", user: { id: ALICE.id.toUpperCase(), userPrincipalName: "other@x" }, action: "revoke-sessions", result: "done", detail: "revoked" }) +
        line({ time: "2025-03-04T07:00:03Z", event: "action", user: bob, action: "disable", result: "done", detail: "bob" }) +
        line({ time: "2025-03-04T07:00:04Z", event: "action", user: { id: "other", userPrincipalName: ALICE.upn.toUpperCase() }, action: "reset-password", result: "failed", detail: "403" }) +
        line({ time: "2025-03-04T07:00:05Z", event: "finish", user: alice, done: 1 }),
    );
    writeFileSync(join(scan, "report.json"), "{}");
    writeFileSync(join(root, "notes.txt"), "not a log");

    assert.deepEqual(readContainmentHistory(root, alice), [
      { time: "2025-03-04T07:00:02Z", action: "revoke-sessions", target: undefined, result: "done", detail: "revoked" },
      { time: "2025-03-04T07:00:04Z", action: "reset-password", target: undefined, result: "failed", detail: "403" },
      { time: "2025-03-05T07:00:03Z", action: "remove-rule", target: "AQAAAK7xQ3E=", result: "already-done", detail: "gone" },
    ]);
    assert.deepEqual(readContainmentHistory(root, bob).map((r) => r.action), ["disable"]);
  });

  it("is empty when there is no output root yet", () => {
    assert.deepEqual(readContainmentHistory(join(tempRoot(), "missing"), alice), []);
  });
});

describe("containmentFromProfile", () => {
  const window = { from: "2025-03-01T00:00:00Z", to: "2025-03-04T06:00:00Z" };
  const profile = { ...alice, displayName: "Alice" };

  it("reports revocation and password change inside the window, and a disabled account", () => {
    const records = containmentFromProfile(
      { ...profile, accountEnabled: false, signInSessionsValidFromDateTime: "2025-03-03T10:00:00Z", lastPasswordChangeDateTime: "2025-03-03T10:05:00Z" },
      window,
    );
    assert.deepEqual(records.map((r) => [r.time, r.action, r.result]), [
      ["2025-03-03T10:00:00Z", "revoke-sessions", "done"],
      ["2025-03-03T10:05:00Z", "reset-password", "done"],
      ["2025-03-04T06:00:00Z", "disable", "done"],
    ]);
  });

  it("ignores changes outside the window and an enabled account", () => {
    const records = containmentFromProfile(
      { ...profile, accountEnabled: true, signInSessionsValidFromDateTime: "2025-02-01T10:00:00Z", lastPasswordChangeDateTime: "2025-03-05T00:00:00Z" },
      window,
    );
    assert.deepEqual(records, []);
  });
});
