import assert from "node:assert/strict";
import { join } from "node:path";
import test from "node:test";
import { generateDemoTenant } from "../../src/simulator/demo/generate.js";
import type { GraphObject } from "../../src/snapshot/types.js";
import { StateStore } from "../../src/state/store.js";
import { DAY_MS, HOUR_MS, iso, later, readReport, readTickets, runCli, tempDir, writeSnapshot } from "../state/support.js";
import { forwardingRule, riskySignIn, type Person } from "../state/tenant.js";

const USERS = 40;
const SEED = 42;
const T1 = Date.parse("2026-11-28T06:00:00Z");
const T2 = T1 + DAY_MS;

/**
 * Two nights on the demo tenant. Night 1 runs on an empty state (a full scan that seeds the
 * baselines). Night 2 sees the same tenant a day later: the benign people's last day of activity
 * repeated, and a new attack (external forward + risky sign-in) on someone who was clean.
 */
test("the second nightly run tickets only the new incident; continuing incidents keep their keys", async (t) => {
  const tmp = tempDir("nightly");
  t.after(tmp.remove);
  const state = join(tmp.dir, "state.sqlite");
  const first = await runCli([
    "scan", "--demo", "--demo-users", String(USERS), "--seed", String(SEED), "--all",
    "--since", "last-run", "--state", state, "--now", iso(T1), "--format", "json,csv", "--out", join(tmp.dir, "night1"), "--quiet",
  ]);
  assert.equal(first.code, 0, first.stderr);
  const night1 = readReport(join(tmp.dir, "night1"));
  const tickets1 = readTickets(join(tmp.dir, "night1"));
  assert.ok(tickets1.length >= 5, "the demo tenant has incidents");
  assert.ok(tickets1.every((row) => row.incident_status === "new"));
  assert.equal(night1.run.baselineFrom < night1.run.window.from, true, "the first run collects history");

  const demo = generateDemoTenant({ users: USERS, seed: SEED, now: new Date(T1) });
  const benign = new Set(demo.groundTruth.benignUserIds);
  const victim = night1.users.find((u) => u.riskLevel === "none" && !u.incident && benign.has(u.id));
  assert.ok(victim, "a clean user to attack");

  const snapshot = later(demo.snapshot, iso(T2));
  const signIns = snapshot.signIns ?? [];
  // The nightly run reads from the last run's end; older sign-ins would only slow the test down.
  const replayed = signIns
    .filter((s) => benign.has(String(s.userId)) && Date.parse(String(s.createdDateTime)) > T1 - DAY_MS)
    .map((s) => ({ ...s, id: `${String(s.id)}-next`, createdDateTime: iso(Date.parse(String(s.createdDateTime)) + DAY_MS) }));
  const person = snapshot.users?.find((u) => u.id === victim.id) as GraphObject & Person;
  snapshot.signIns = [...signIns.filter((s) => Date.parse(String(s.createdDateTime)) > T1 - 2 * DAY_MS), ...replayed, riskySignIn(person, T1 + 10 * HOUR_MS, "night2-attack")];
  snapshot.mailboxes![person.id].messageRules = [forwardingRule("night2-rule", "payroll.copies@exfil-mail.example")];
  const file = writeSnapshot(join(tmp.dir, "night2.json"), snapshot);

  const second = await runCli([
    "scan", "--tenant-snapshot", file, "--all", "--since", "last-run", "--state", state,
    "--now", iso(T2), "--format", "json,csv", "--out", join(tmp.dir, "night2"), "--quiet",
  ]);
  assert.equal(second.code, 0, second.stderr);
  const night2 = readReport(join(tmp.dir, "night2"));
  assert.equal(night2.run.window.from, iso(T1 - 120 * 60_000), "starts at the last run's end minus state.overlapMinutes");
  assert.equal(night2.run.baselineFrom, night2.run.window.from, "no history collected: the stored baselines replace it");

  const tickets2 = readTickets(join(tmp.dir, "night2"));
  assert.deepEqual(tickets2.map((row) => [row.user_principal_name, row.incident_status]), [[victim.userPrincipalName, "new"]]);
  const oldKeys = new Set(tickets1.map((row) => row.ticket_key));
  assert.ok(!oldKeys.has(tickets2[0].ticket_key));

  for (const row of tickets1) {
    const user = night2.users.find((u) => u.userPrincipalName === row.user_principal_name);
    assert.equal(user?.ticketKey, row.ticket_key, `${row.user_principal_name} keeps its ticket key`);
    assert.equal(user?.incident?.status, "continuing");
  }

  const store = StateStore.open(state, { create: false });
  t.after(() => store.close());
  assert.deepEqual(store.runs().map((r) => [r.mode, r.completed]), [["full", true], ["since-last-run", true]]);
});
