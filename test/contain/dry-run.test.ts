import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { runContain } from "../../src/contain/run-contain.js";
import { PhishtrailError } from "../../src/lib/errors.js";
import type { SimulatorHandle } from "../../src/simulator/server.js";
import {
  ALICE,
  EVERYTHING,
  METHODS,
  RULES,
  captureIo,
  containSnapshot,
  options,
  simulatorConnection,
  startContainSimulator,
  tempRoot,
  writeRequests,
} from "./support.js";

describe("contain without --apply", () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startContainSimulator();
  });
  after(async () => {
    await sim.close();
  });

  it("prints the plan and changes nothing, sends no write and writes no file", async () => {
    const root = tempRoot();
    const stateBefore = JSON.stringify(sim.state);
    sim.resetLog();
    const captured = captureIo(simulatorConnection(sim));
    const code = await runContain(options(root, { ...EVERYTHING, removeRules: [RULES.forward, "AQAAAGone00="] }), captured.io);

    assert.equal(code, 0);
    assert.equal(JSON.stringify(sim.state), stateBefore, "simulator state is untouched");
    assert.deepEqual(writeRequests(sim), [], "only GETs reached Graph");
    assert.ok(sim.requests.some((r) => r.route === "users.get"), "the user was read");
    assert.equal(existsSync(options(root).outputRoot), false, "no output folder was created");

    const out = captured.output();
    assert.match(out, /Containment plan for alice@fabrikam\.example/);
    assert.match(out, new RegExp(`DELETE /v1\\.0/users/${ALICE.id}/mailFolders/inbox/messageRules/AQAAAK7xQ3E=`));
    assert.match(out, new RegExp(`DELETE /v1\\.0/users/${ALICE.id}/authentication/microsoftAuthenticatorMethods/${METHODS.authenticator}`));
    assert.match(out, new RegExp(`DELETE /v1\\.0/users/${ALICE.id}/authentication/phoneMethods/${METHODS.phone}`));
    assert.match(out, new RegExp(`POST /v1\\.0/users/${ALICE.id}/revokeSignInSessions`));
    assert.match(out, /"accountEnabled":false/);
    assert.match(out, /"forceChangePasswordNextSignIn":true,"password":"<new random 24-character password>"/);
    for (const permission of ["User.RevokeSessions.All", "User-PasswordProfile.ReadWrite.All", "User.EnableDisableAccount.All + User.Read.All", "MailboxSettings.ReadWrite", "UserAuthenticationMethod.ReadWrite.All"]) {
      assert.ok(out.includes(permission), `plan names ${permission}`);
    }
    assert.match(out, /inbox rule "\." \(enabled; forwards to acct-team@outlook-mail\.example/);
    assert.match(out, /remove-rule AQAAAGone00=: inbox rule AQAAAGone00=\n.*\n.*\n\s+already done: the inbox has no rule with this id/);
    assert.match(out, /6 change\(s\) to make, 1 already done, 0 that cannot be done/);
    assert.match(out, /Dry run: nothing was changed and nothing was written/);
    assert.doesNotMatch(out, /WARNING/, "a cloud-only user gets no sync warning");
  });

  it("orders the steps: disable, password, methods, rules, then revoke last", async () => {
    const captured = captureIo(simulatorConnection(sim));
    await runContain(options(tempRoot(), EVERYTHING), captured.io);
    const kinds = [...captured.output().matchAll(/^ {2}\d+\. ([a-z-]+)/gm)].map((m) => m[1]);
    assert.deepEqual(kinds, ["disable", "reset-password", "remove-method", "remove-method", "remove-rule", "revoke-sessions"]);
  });

  it("predicts 'already done' for a disabled account", async () => {
    const disabled = await startContainSimulator({ snapshot: containSnapshot({ accountEnabled: false }) });
    try {
      const captured = captureIo(simulatorConnection(disabled));
      await runContain(options(tempRoot(), { disable: true }), captured.io);
      assert.match(captured.output(), /already done: the account is already disabled/);
      assert.match(captured.output(), /0 change\(s\) to make, 1 already done/);
    } finally {
      await disabled.close();
    }
  });

  it("warns prominently when the account is synced from on-premises AD", async () => {
    const synced = await startContainSimulator({ snapshot: containSnapshot({ onPremisesSyncEnabled: true }) });
    try {
      const captured = captureIo(simulatorConnection(synced));
      await runContain(options(tempRoot(), { resetPassword: true, disable: true }), captured.io);
      const out = captured.output();
      assert.match(out, /!{20,}\n!! WARNING: alice@fabrikam\.example is synced from on-premises Active Directory/);
      assert.match(out, /password reset and disable made here can be reverted by the next directory sync/);
    } finally {
      await synced.close();
    }
  });

  it("refuses the password method before touching Graph, explaining why (exit 2)", async () => {
    const counter = { opened: 0 };
    const captured = captureIo(simulatorConnection(sim, counter));
    await assert.rejects(runContain(options(tempRoot(), { removeMethods: [METHODS.password] }), captured.io), (error: unknown) => {
      assert.ok(error instanceof PhishtrailError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /password method, which cannot be deleted; use --reset-password/);
      return true;
    });
    assert.equal(counter.opened, 0);
  });

  it("asks for at least one action (exit 2)", async () => {
    const captured = captureIo(simulatorConnection(sim));
    await assert.rejects(runContain(options(tempRoot()), captured.io), (error: unknown) => error instanceof PhishtrailError && error.exitCode === 2 && /choose at least one action/.test(error.message));
  });

  it("names a user that does not exist (exit 2)", async () => {
    const captured = captureIo(simulatorConnection(sim));
    await assert.rejects(runContain(options(tempRoot(), { user: "nobody@fabrikam.example", disable: true }), captured.io), (error: unknown) => {
      assert.ok(error instanceof PhishtrailError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /--user nobody@fabrikam\.example: no such user in the tenant \(404/);
      return true;
    });
  });
});
