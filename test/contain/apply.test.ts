import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readContainmentHistory } from "../../src/contain/history.js";
import { PASSWORD_CLASSES } from "../../src/contain/password.js";
import { runContain } from "../../src/contain/run-contain.js";
import { PhishtrailError } from "../../src/lib/errors.js";
import type { SimulatorHandle } from "../../src/simulator/server.js";
import {
  ALICE,
  BEFORE,
  EVERYTHING,
  METHODS,
  RULES,
  captureIo,
  filesUnder,
  options,
  readLog,
  simulatorConnection,
  startContainSimulator,
  tempRoot,
  userState,
  writeRequests,
} from "./support.js";

function methodIds(sim: SimulatorHandle): string[] {
  return (sim.state.authenticationMethods![ALICE.id] ?? []).map((m) => m.id as string);
}

function ruleIds(sim: SimulatorHandle): string[] {
  return (sim.state.mailboxes![ALICE.id].messageRules ?? []).map((r) => r.id as string);
}

function logOf(root: string): string {
  const logs = filesUnder(options(root).outputRoot).filter((f) => basename(f) === "actions.jsonl");
  assert.equal(logs.length, 1, "one action log per run folder");
  return logs[0];
}

describe("contain --apply --yes", () => {
  let sim: SimulatorHandle;
  const root = tempRoot();
  let firstOutput = "";
  let password = "";

  before(async () => {
    sim = await startContainSimulator();
    const captured = captureIo(simulatorConnection(sim));
    const code = await runContain(options(root, { ...EVERYTHING, apply: true, yes: true }), captured.io);
    firstOutput = captured.output();
    assert.equal(code, 0, firstOutput);
  });
  after(async () => {
    await sim.close();
  });

  it("performs every action and the tenant reflects it", () => {
    const user = userState(sim);
    assert.equal(user.accountEnabled, false);
    assert.ok(Date.parse(user.signInSessionsValidFromDateTime as string) > Date.parse(BEFORE), "sessions timestamp moved");
    assert.ok(Date.parse(user.lastPasswordChangeDateTime as string) > Date.parse(BEFORE), "password change time moved");
    assert.deepEqual((user.passwordProfile as { forceChangePasswordNextSignIn: boolean }).forceChangePasswordNextSignIn, true);
    assert.deepEqual(ruleIds(sim), [RULES.newsletters], "only the named rule is gone");
    assert.deepEqual(methodIds(sim), [METHODS.password], "phone and authenticator are gone");
    assert.match(firstOutput, /6 done, 0 already done, 0 failed/);
  });

  it("saves the evidence before any change, as Graph returned it, owner-only", () => {
    const folder = dirname(logOf(root));
    assert.match(basename(folder), /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-contain-alice@fabrikam\.example$/);
    const evidencePath = join(folder, "evidence-before.json");
    const evidence = JSON.parse(readFileSync(evidencePath, "utf8"));
    assert.equal(evidence.user.id, ALICE.id);
    assert.equal(evidence.user.accountEnabled, true, "the state before the change");
    assert.deepEqual(evidence.inboxRules.map((r: { id: string }) => r.id), [RULES.forward]);
    assert.equal(evidence.inboxRules[0].actions.forwardTo[0].emailAddress.address, "acct-team@outlook-mail.example");
    assert.deepEqual(evidence.authenticationMethods.map((m: { id: string }) => m.id).sort(), [METHODS.authenticator, METHODS.phone].sort());
    assert.equal(evidence.authenticationMethods.find((m: { id: string }) => m.id === METHODS.phone)["@odata.type"], "#microsoft.graph.phoneAuthenticationMethod");
    for (const file of filesUnder(folder)) assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is owner-only`);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
  });

  it("logs one line per event, in order, that the next scan reads back as history", () => {
    const events = readLog(logOf(root));
    assert.deepEqual(events.map((e) => e.event), ["start", "action", "action", "action", "action", "action", "action", "finish"]);
    assert.equal(events[0].confirmedBy, "--yes");
    const actions = events.filter((e) => e.event === "action");
    assert.deepEqual(actions.map((e) => `${e.action}:${e.result}`), [
      "disable:done",
      "reset-password:done",
      "remove-method:done",
      "remove-method:done",
      "remove-rule:done",
      "revoke-sessions:done",
    ]);
    assert.equal(actions[0].request, `PATCH /v1.0/users/${ALICE.id}`);
    assert.equal((events.at(-1)!.after as { accountEnabled: boolean }).accountEnabled, false);
    const history = readContainmentHistory(options(root).outputRoot, { id: ALICE.id, userPrincipalName: ALICE.upn });
    assert.deepEqual(history.map((r) => r.action), actions.map((e) => e.action));
    assert.ok(history.every((r) => r.result === "done"));
  });

  it("writes the password (non-TTY) to an owner-only file, and nowhere else", () => {
    const file = filesUnder(options(root).outputRoot).find((f) => basename(f) === "password.txt");
    assert.ok(file, "password.txt written");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    password = readFileSync(file, "utf8").trim().split("\n").at(-1)!;
    assert.equal(password.length, 24);
    for (const set of PASSWORD_CLASSES) assert.ok([...password].some((c) => set.includes(c)), `has a character from ${set}`);
    assert.ok(firstOutput.includes(file), "the path is printed");

    const places: Array<[string, string]> = [
      ["stdout", firstOutput],
      ["simulator state", JSON.stringify(sim.state)],
      ["simulator request log", JSON.stringify(sim.requests)],
      ...filesUnder(options(root).outputRoot)
        .filter((f) => f !== file)
        .map((f): [string, string] => [f, readFileSync(f, "utf8")]),
    ];
    for (const [where, text] of places) assert.ok(!text.includes(password), `password leaked into ${where}`);
  });

  it("is safe to run again: removed and disabled report 'already done', nothing is deleted twice", async () => {
    sim.resetLog();
    const captured = captureIo(simulatorConnection(sim));
    const code = await runContain(options(root, { disable: true, removeRules: [RULES.forward], removeMethods: [METHODS.authenticator, METHODS.phone], apply: true, yes: true }), captured.io);
    const out = captured.output();
    assert.equal(code, 0, out);
    assert.match(out, /already done +disable: the account is already disabled/);
    assert.match(out, /already done +remove-rule AQAAAK7xQ3E=: the inbox has no rule with this id/);
    assert.equal((out.match(/already done +remove-method/g) ?? []).length, 2);
    assert.match(out, /0 done, 4 already done, 0 failed/);
    assert.deepEqual(writeRequests(sim), [], "nothing left to change, so no write was sent");
  });

  it("tells the operator a phishtrail reset was already made, when asked again", async () => {
    const captured = captureIo(simulatorConnection(sim));
    await runContain(options(root, { resetPassword: true }), captured.io);
    assert.match(captured.output(), /phishtrail already reset it at \d{4}-.*applying again sets another new password/);
  });
});

describe("contain --apply, interactive", () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startContainSimulator();
  });
  after(async () => {
    await sim.close();
  });

  it("refuses --apply without --yes when stdin is not a terminal (exit 2, nothing read or written)", async () => {
    const root = tempRoot();
    const counter = { opened: 0 };
    const captured = captureIo(simulatorConnection(sim, counter), { stdinIsTTY: false });
    await assert.rejects(runContain(options(root, { disable: true, apply: true }), captured.io), (error: unknown) => {
      assert.ok(error instanceof PhishtrailError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /stdin is not a terminal.*add --yes/);
      return true;
    });
    assert.equal(counter.opened, 0);
    assert.equal(existsSync(options(root).outputRoot), false);
  });

  it("cancels when the typed UPN does not match: nothing changed, nothing written", async () => {
    const root = tempRoot();
    sim.resetLog();
    const captured = captureIo(simulatorConnection(sim), { stdinIsTTY: true, stdin: "bob@fabrikam.example\n" });
    await assert.rejects(runContain(options(root, { disable: true, apply: true }), captured.io), (error: unknown) => error instanceof PhishtrailError && error.exitCode === 2 && /did not match/.test(error.message));
    assert.match(captured.output(), /Type the user's UPN \(alice@fabrikam\.example\) to apply 1 change\(s\)/);
    assert.deepEqual(writeRequests(sim), []);
    assert.equal(userState(sim).accountEnabled, true);
    assert.equal(existsSync(options(root).outputRoot), false);
  });

  it("applies after the UPN is typed back (any case), and shows a TTY password once, saving it nowhere", async () => {
    const root = tempRoot();
    const captured = captureIo(simulatorConnection(sim), { stdinIsTTY: true, stdoutIsTTY: true, stdin: "  ALICE@Fabrikam.example\n" });
    const code = await runContain(options(root, { resetPassword: true, revokeSessions: true, apply: true }), captured.io);
    const out = captured.output();
    assert.equal(code, 0, out);
    const shown = /New password for alice@fabrikam\.example: (\S+)/.exec(out);
    assert.ok(shown, "the password is shown on the terminal");
    const password = shown[1];
    assert.equal(out.split(password).length - 1, 1, "shown exactly once");
    const files = filesUnder(options(root).outputRoot);
    assert.ok(!files.some((f) => basename(f) === "password.txt"), "no password file on a terminal run");
    for (const file of files) assert.ok(!readFileSync(file, "utf8").includes(password), `password leaked into ${file}`);
    assert.equal(readLog(files.find((f) => basename(f) === "actions.jsonl")!)[0].confirmedBy, "typed-upn");
  });

  it("writes the password to --password-file and refuses one that exists (exit 2, before any change)", async () => {
    const root = tempRoot();
    const file = join(root, "handover.txt");
    const first = captureIo(simulatorConnection(sim), { stdoutIsTTY: true });
    assert.equal(await runContain(options(root, { resetPassword: true, apply: true, yes: true, passwordFile: file }), first.io), 0);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.doesNotMatch(first.output(), /New password for/, "an explicit file wins over the terminal");
    assert.ok(first.output().includes(file));

    const changedAt = userState(sim).lastPasswordChangeDateTime;
    const second = captureIo(simulatorConnection(sim));
    await assert.rejects(runContain(options(root, { resetPassword: true, apply: true, yes: true, passwordFile: file }), second.io), (error: unknown) => {
      assert.ok(error instanceof PhishtrailError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /handover\.txt: the file already exists/);
      return true;
    });
    assert.equal(userState(sim).lastPasswordChangeDateTime, changedAt);
  });
});
