import assert from "node:assert/strict";
import { join } from "node:path";
import test from "node:test";
import type { GraphObject } from "../../src/snapshot/types.js";
import { StateStore } from "../../src/state/store.js";
import { DAY_MS, HOUR_MS, iso, readReport, readTickets, runCli, tempDir, writeSnapshot } from "../state/support.js";
import { deletingRule, forwardingRule, PEOPLE, riskySignIn, signInsBetween, tenant } from "../state/tenant.js";

const T1 = Date.parse("2026-11-28T06:00:00Z");
const [ada] = PEOPLE;
const FORWARD = forwardingRule("rule-forward", "ada.home@partner-mail.example");

/** Ada forwards her mail outside (the attack of night 1, then a standing rule), with home sign-ins. */
function night(at: number, rules: GraphObject[], extra: GraphObject[] = []) {
  return tenant(at, [...signInsBetween(T1 - 40 * DAY_MS, at), riskySignIn(ada, T1 - 5 * HOUR_MS, "night1-attack"), ...extra], { [ada.id]: rules });
}

async function scan(dir: string, state: string, label: string, at: number, rules: GraphObject[], extra: GraphObject[] = []) {
  const file = writeSnapshot(join(dir, `${label}.json`), night(at, rules, extra));
  const out = join(dir, label);
  const result = await runCli(["scan", "--tenant-snapshot", file, "--all", "--since", "last-run", "--state", state, "--now", iso(at), "--format", "json,csv", "--out", out, "--quiet"]);
  assert.equal(result.code, 0, result.stderr);
  return { report: readReport(out), tickets: readTickets(out) };
}

async function firstNight(t: test.TestContext) {
  const tmp = tempDir("ack");
  t.after(tmp.remove);
  const state = join(tmp.dir, "state.sqlite");
  const first = await scan(tmp.dir, state, "night1", T1, [FORWARD]);
  assert.deepEqual(first.tickets.map((row) => [row.user_principal_name, row.incident_status]), [[ada.userPrincipalName, "new"]]);
  const key = first.tickets[0].ticket_key;
  const store = StateStore.open(state, { create: false });
  const history = store.findingHistory(key).map((entry) => `${entry.ruleId} ${entry.evidenceKey}`);
  store.close();
  assert.ok(history.includes("inbox-rule-external-forward inboxRules:rule-forward"), history.join("\n"));
  assert.ok(history.includes("risky-sign-in-success signIns:night1-attack"), history.join("\n"));
  return { dir: tmp.dir, state, key };
}

test("an acknowledged incident does not return, and returns when it escalates with a new rule", async (t) => {
  const { dir, state, key } = await firstNight(t);
  const ack = await runCli(["ack", key, "--reason", "forwarding to her own partner mailbox approved (CHG0042)", "--state", state]);
  assert.equal(ack.code, 0, ack.stderr);
  assert.match(ack.stdout, new RegExp(`acknowledged ${key} \\(${ada.userPrincipalName}\\).*inbox-rule-external-forward`));

  const second = await scan(dir, state, "night2", T1 + DAY_MS, [FORWARD]);
  assert.deepEqual(second.tickets, []);
  const adaTonight = second.report.users.find((u) => u.id === ada.id);
  assert.deepEqual([adaTonight?.ticketKey, adaTonight?.incident?.status, adaTonight?.riskLevel], [key, "suppressed", "none"]);
  const forward = adaTonight?.findings.find((f) => f.ruleId === "inbox-rule-external-forward");
  assert.deepEqual(forward?.suppressed, { by: "ack", reason: "forwarding to her own partner mailbox approved (CHG0042)" }, "still shown, marked");

  // Night 3: a rule the incident had not shown (deleting finance mail) lifts her to the threshold again.
  const third = await scan(dir, state, "night3", T1 + 2 * DAY_MS, [FORWARD, deletingRule("rule-delete")]);
  assert.deepEqual(third.tickets.map((row) => [row.ticket_key, row.incident_status]), [[key, "escalated"]]);
  const escalated = third.report.users.find((u) => u.id === ada.id);
  assert.equal(escalated?.findings.find((f) => f.ruleId === "inbox-rule-hiding")?.suppressed, undefined);

  // The escalation ended the acknowledgement: the next night is an ordinary continuing incident.
  const fourth = await scan(dir, state, "night4", T1 + 3 * DAY_MS, [FORWARD, deletingRule("rule-delete")]);
  assert.deepEqual(fourth.tickets, []);
  assert.equal(fourth.report.users.find((u) => u.id === ada.id)?.incident?.status, "continuing");
  assert.equal(fourth.report.users.find((u) => u.id === ada.id)?.findings.some((f) => f.suppressed), false);
});

test("an acknowledgement with --until returns the incident once it expires", async (t) => {
  const { dir, state, key } = await firstNight(t);
  const until = iso(T1 + 36 * HOUR_MS);
  const ack = await runCli(["ack", key, "--reason", "approved until the audit", "--until", until, "--state", state]);
  assert.equal(ack.code, 0, ack.stderr);

  const second = await scan(dir, state, "night2", T1 + DAY_MS, [FORWARD]);
  assert.deepEqual(second.tickets, []);
  const suppressed = second.report.users.find((u) => u.id === ada.id)?.findings.find((f) => f.ruleId === "inbox-rule-external-forward");
  assert.equal(suppressed?.suppressed?.until, new Date(until).toISOString());

  const third = await scan(dir, state, "night3", T1 + 2 * DAY_MS, [FORWARD]);
  assert.deepEqual(third.tickets.map((row) => [row.ticket_key, row.incident_status]), [[key, "escalated"]]);
});

test("ack refuses an unknown ticket key (exit 2, naming it) and a missing state file", async (t) => {
  const { state, key } = await firstNight(t);
  const unknown = await runCli(["ack", "PT-000000000000", "--reason", "typo", "--state", state]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, new RegExp(`no incident PT-000000000000 in state file .*open incidents: ${key}`));

  const missing = await runCli(["ack", key, "--reason", "x", "--state", join(state, "..", "nope.sqlite")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.sqlite: not found/);

  const badUntil = await runCli(["ack", key, "--reason", "x", "--until", "next tuesday", "--state", state]);
  assert.equal(badUntil.code, 2);
  assert.match(badUntil.stderr, /--until: "next tuesday"/);
});
