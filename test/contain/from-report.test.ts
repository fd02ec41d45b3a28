import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { selectFromReport } from "../../src/contain/from-report.js";
import { runContain } from "../../src/contain/run-contain.js";
import { PhishtrailError } from "../../src/lib/errors.js";
import type { SimulatorHandle } from "../../src/simulator/server.js";
import { ALICE, BEFORE, METHODS, RULES, captureIo, options, simulatorConnection, startContainSimulator, tempRoot, userState } from "./support.js";

/** The parts of a scan's report.json that containment reads, around three findings for Alice. */
function report(riskLevel: string, userId = ALICE.id): Record<string, unknown> {
  const evidence = (source: string, id: string) => ({ source, id, fields: {} });
  return {
    schemaVersion: "1",
    tool: { name: "phishtrail", version: "0.1.0" },
    users: [
      { id: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", userPrincipalName: "bob@fabrikam.example", riskLevel: "critical", findings: [] },
      {
        id: userId,
        userPrincipalName: ALICE.upn,
        riskLevel,
        riskScore: 40,
        findings: [
          // Persistence: its rule and method are removed.
          { id: "f1", ruleId: "inbox-rule-external-forward", persistence: true, evidence: [evidence("inboxRules", RULES.forward), evidence("signIns", "si-1"), evidence("authMethods", METHODS.authenticator)] },
          // Not persistence: its rule is only context.
          { id: "f2", ruleId: "inbox-rule-move", evidence: [evidence("inboxRules", RULES.newsletters)] },
          // Suppressed by an acknowledgement: left alone.
          { id: "f3", ruleId: "mfa-method-added", persistence: true, suppressed: { reason: "known phone", by: "ack" }, evidence: [evidence("authMethods", METHODS.phone)] },
        ],
      },
    ],
  };
}

function writeReport(dir: string, content: unknown): string {
  const path = join(dir, "report.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

describe("contain --from-report", () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startContainSimulator();
  });
  after(async () => {
    await sim.close();
  });

  it("selects the flagged persistence, and revoke + reset only at high or critical", () => {
    const dir = tempRoot();
    const medium = selectFromReport(writeReport(dir, report("medium")), ALICE.upn.toUpperCase());
    assert.deepEqual(medium.actions, { revokeSessions: false, resetPassword: false, disable: false, removeRules: [RULES.forward], removeMethods: [METHODS.authenticator] });
    const high = selectFromReport(writeReport(dir, report("high")), ALICE.id);
    assert.equal(high.actions.revokeSessions, true);
    assert.equal(high.actions.resetPassword, true);
  });

  it("removes exactly the flagged rule and method, and nothing else", async () => {
    const dir = tempRoot();
    const captured = captureIo(simulatorConnection(sim));
    const code = await runContain(options(dir, { fromReport: writeReport(dir, report("medium")), apply: true, yes: true }), captured.io);
    assert.equal(code, 0, captured.output());
    assert.deepEqual(sim.state.mailboxes![ALICE.id].messageRules!.map((r) => r.id), [RULES.newsletters]);
    assert.deepEqual(sim.state.authenticationMethods![ALICE.id].map((m) => m.id), [METHODS.password, METHODS.phone]);
    assert.equal(userState(sim).accountEnabled, true);
    assert.equal(userState(sim).signInSessionsValidFromDateTime, BEFORE);
    assert.equal(userState(sim).lastPasswordChangeDateTime, BEFORE);
    assert.match(captured.output(), /2 done, 0 already done, 0 failed/);
  });

  it("refuses a report whose user has another id than Graph's (another tenant): exit 2, nothing written", async () => {
    const dir = tempRoot();
    const captured = captureIo(simulatorConnection(sim));
    const path = writeReport(dir, report("high", "00000000-0000-4000-8000-000000000000"));
    await assert.rejects(runContain(options(dir, { fromReport: path, apply: true, yes: true }), captured.io), (error: unknown) => {
      assert.ok(error instanceof PhishtrailError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /report is from another tenant or another account/);
      return true;
    });
    assert.equal(existsSync(options(dir).outputRoot), false);
  });

  it("says so, and exits 0, when the scan flagged nothing for the user", async () => {
    const dir = tempRoot();
    const quiet = report("low");
    (quiet.users as Array<{ findings: unknown[] }>)[1].findings = [];
    const captured = captureIo(simulatorConnection(sim));
    assert.equal(await runContain(options(dir, { fromReport: writeReport(dir, quiet), apply: true, yes: true }), captured.io), 0);
    assert.match(captured.output(), /flagged nothing to contain for alice@fabrikam\.example \(level low/);
  });

  const BAD: Array<[string, unknown, RegExp]> = [
    ["invalid JSON", '{\n  "schemaVersion": "1",\n  "users": [],\n}\n', /report\.json: invalid JSON at line 4, column 1/],
    ["another schema version", { ...report("high"), schemaVersion: "2" }, /schemaVersion is "2", expected "1"/],
    ["not a report", [1, 2], /is not a JSON object/],
    ["no users list", { schemaVersion: "1" }, /"users" is missing or not a list/],
    ["the user absent", { schemaVersion: "1", users: [{ id: "x", userPrincipalName: "bob@fabrikam.example" }] }, /user "alice@fabrikam\.example" is not in this report \(it covers bob@fabrikam\.example\)/],
    [
      "a malformed finding",
      { schemaVersion: "1", users: [{ id: ALICE.id, userPrincipalName: ALICE.upn, riskLevel: "high", findings: [{ ruleId: "r", evidence: "none" }] }] },
      /users\[0\]\.findings\[0\]\.evidence: Expected array, received string/,
    ],
  ];
  for (const [problem, content, message] of BAD) {
    it(`refuses a report with ${problem}: exit 2 naming the file, nothing read or written`, async () => {
      const dir = tempRoot();
      const path = writeReport(dir, content);
      const counter = { opened: 0 };
      const captured = captureIo(simulatorConnection(sim, counter));
      await assert.rejects(runContain(options(dir, { fromReport: path, apply: true, yes: true }), captured.io), (error: unknown) => {
        assert.ok(error instanceof PhishtrailError);
        assert.equal(error.exitCode, 2);
        assert.ok(error.message.includes(path), `names the file: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
      assert.equal(counter.opened, 0, "Graph was not touched");
      assert.equal(existsSync(options(dir).outputRoot), false, "nothing written");
    });
  }
});
