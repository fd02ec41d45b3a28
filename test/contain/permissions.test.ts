import assert from "node:assert/strict";
import { basename } from "node:path";
import { after, before, describe, it } from "node:test";
import { runContain } from "../../src/contain/run-contain.js";
import type { SimulatorHandle } from "../../src/simulator/server.js";
import {
  BEFORE,
  EVERYTHING,
  METHODS,
  RULES,
  ALICE,
  captureIo,
  filesUnder,
  options,
  permissionsWithout,
  readLog,
  simulatorConnection,
  startContainSimulator,
  tempRoot,
  userState,
} from "./support.js";

describe("contain when the app lacks a permission", () => {
  let sim: SimulatorHandle;
  const root = tempRoot();
  let output = "";
  let code = -1;

  before(async () => {
    sim = await startContainSimulator({ grantedPermissions: permissionsWithout("User-PasswordProfile.ReadWrite.All") });
    const captured = captureIo(simulatorConnection(sim));
    code = await runContain(options(root, { ...EVERYTHING, apply: true, yes: true }), captured.io);
    output = captured.output();
  });
  after(async () => {
    await sim.close();
  });

  it("fails that action, naming the permission to grant, and exits 1", () => {
    assert.equal(code, 1);
    assert.match(output, /FAILED +reset-password \[Authorization_RequestDenied\]: Graph refused setting a new password \(403 Authorization_RequestDenied\): grant the application permission User-PasswordProfile\.ReadWrite\.All/);
    assert.match(output, /5 done, 0 already done, 1 failed/);
    assert.equal(userState(sim).lastPasswordChangeDateTime, BEFORE, "the password did not change");
  });

  it("still completes every other action", () => {
    const user = userState(sim);
    assert.equal(user.accountEnabled, false);
    assert.notEqual(user.signInSessionsValidFromDateTime, BEFORE);
    assert.deepEqual(sim.state.mailboxes![ALICE.id].messageRules!.map((r) => r.id), [RULES.newsletters]);
    assert.deepEqual(sim.state.authenticationMethods![ALICE.id].map((m) => m.id), [METHODS.password]);
  });

  it("logs the failure with Graph's code and the missing permission, and keeps no password file", () => {
    const files = filesUnder(options(root).outputRoot);
    assert.ok(!files.some((f) => basename(f) === "password.txt"), "a password Graph refused is not left behind");
    const failed = readLog(files.find((f) => basename(f) === "actions.jsonl")!).find((e) => e.result === "failed")!;
    assert.equal(failed.action, "reset-password");
    assert.equal(failed.status, 403);
    assert.equal(failed.code, "Authorization_RequestDenied");
    assert.equal(failed.permission, "User-PasswordProfile.ReadWrite.All");
  });

  it("after the grant, re-running the same command finishes the job", async () => {
    const granted = await startContainSimulator();
    try {
      // Carry the contained state over, as the real tenant would keep it.
      Object.assign(userState(granted), structuredClone(userState(sim)));
      granted.state.mailboxes![ALICE.id].messageRules!.splice(0, 1);
      granted.state.authenticationMethods![ALICE.id].splice(1, 2);
      const captured = captureIo(simulatorConnection(granted));
      const again = await runContain(options(root, { ...EVERYTHING, apply: true, yes: true }), captured.io);
      assert.equal(again, 0, captured.output());
      assert.match(captured.output(), /2 done, 4 already done, 0 failed/);
    } finally {
      await granted.close();
    }
  });
});

describe("contain when the app cannot read what it would remove", () => {
  it("does not delete a rule it could not save as evidence", async () => {
    const sim = await startContainSimulator({ grantedPermissions: permissionsWithout("MailboxSettings.ReadWrite").filter((p) => p !== "Mail.Read") });
    try {
      const captured = captureIo(simulatorConnection(sim));
      const code = await runContain(options(tempRoot(), { removeRules: [RULES.forward], apply: true, yes: true }), captured.io);
      assert.equal(code, 1);
      assert.match(captured.output(), /cannot be done: could not read the inbox rules first, so it cannot be saved as evidence and is not removed: Graph refused inbox rules \(403/);
      assert.equal(sim.requests.filter((r) => r.method === "DELETE").length, 0);
      assert.equal(sim.state.mailboxes![ALICE.id].messageRules!.length, 2);
    } finally {
      await sim.close();
    }
  });
});
