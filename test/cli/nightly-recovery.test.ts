import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import { fileURLToPath } from "node:url";
import type { GraphObject } from "../../src/snapshot/types.js";
import { NightlySession } from "../../src/state/nightly.js";
import { StateStore } from "../../src/state/store.js";
import { DAY_MS, HOUR_MS, iso, readReport, readTickets, runCli, tempDir, writeSnapshot } from "../state/support.js";
import { PEOPLE, riskySignIn, signInsBetween, tenant } from "../state/tenant.js";

const BIN = fileURLToPath(new URL("../../../bin/phishtrail.js", import.meta.url));
const T1 = Date.parse("2026-11-28T06:00:00Z");
const T2 = T1 + DAY_MS;
const [, ben] = PEOPLE;
/** Ben is attacked during night 2's window: whichever run covers it must ticket him. */
const BEN_ATTACK = riskySignIn(ben, T1 + 8 * HOUR_MS, "night2-attack");

function args(snapshot: string, state: string, out: string, at: number): string[] {
  return ["scan", "--tenant-snapshot", snapshot, "--all", "--since", "last-run", "--state", state, "--now", iso(at), "--format", "json,csv", "--out", out, "--quiet"];
}

/** Night 1 committed on a quiet tenant; night 2's snapshot (with Ben's attack) written, not yet scanned. */
async function afterNightOne(t: test.TestContext) {
  const tmp = tempDir("recovery");
  t.after(tmp.remove);
  const state = join(tmp.dir, "state.sqlite");
  const night1 = writeSnapshot(join(tmp.dir, "night1.json"), tenant(T1, signInsBetween(T1 - 40 * DAY_MS, T1)));
  const first = await runCli(args(night1, state, join(tmp.dir, "night1"), T1));
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(readTickets(join(tmp.dir, "night1")), []);
  const extra: GraphObject[] = [BEN_ATTACK];
  const night2 = writeSnapshot(join(tmp.dir, "night2.json"), tenant(T2, [...signInsBetween(T1 - 40 * DAY_MS, T2), ...extra]));
  return { dir: tmp.dir, state, night2 };
}

/** The run that finally covers night 2 starts where night 1 ended and tickets Ben. */
async function rerunLosesNothing(dir: string, state: string, night2: string, label: string) {
  const rerun = await runCli(args(night2, state, join(dir, label), T2));
  assert.equal(rerun.code, 0, rerun.stderr);
  const report = readReport(join(dir, label));
  assert.equal(report.run.window.from, iso(T1 - 120 * 60_000));
  assert.deepEqual(readTickets(join(dir, label)).map((row) => [row.user_principal_name, row.incident_status]), [[ben.userPrincipalName, "new"]]);
}

test("a run that fails after collection commits nothing; the next run covers its window", async (t) => {
  const { dir, state, night2 } = await afterNightOne(t);
  // report.json taken by a folder: collection and judgement succeed, writing the reports fails.
  const out = join(dir, "night2-failed");
  mkdirSync(join(out, "report.json"), { recursive: true });
  writeFileSync(join(out, "report.json", "keep"), "");
  const failed = await runCli(args(night2, state, out, T2));
  assert.equal(failed.code, 1);

  const store = StateStore.open(state, { create: false });
  const runs = store.runs();
  assert.deepEqual(runs.map((r) => r.completed), [true, false]);
  assert.match(runs[1].note ?? "", /^failed: /);
  assert.equal(store.lastCompletedRun()?.id, runs[0].id);
  assert.deepEqual(store.openIncidents(), [], "the failed run's incidents were not kept");
  assert.equal(store.lock("scan"), undefined, "the lock was released");
  store.close();

  await rerunLosesNothing(dir, state, night2, "night2-rerun");
});

test("a run killed mid-way leaves the state consistent; the next run takes over its lock and covers its window", async (t) => {
  const { dir, state, night2 } = await afterNightOne(t);
  const child = spawn(process.execPath, [BIN, ...args(night2, state, join(dir, "night2-killed"), T2).filter((a) => a !== "--quiet")], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.setEncoding("utf8");
  let stderr = "";
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
    // Printed once the lock is held and the simulator is up, before any Graph request.
    if (stderr.includes("phishtrail: scanning")) child.kill("SIGKILL");
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
  assert.equal(signal, "SIGKILL", `the child was killed mid-run (stderr: ${stderr})`);
  assert.equal(existsSync(join(dir, "night2-killed", "report.json")), false);

  const store = StateStore.open(state, { create: false });
  assert.equal(store.lock("scan")?.pid, child.pid, "the dead run's lock is still there");
  assert.equal(store.runs().length, 1);
  store.close();

  await rerunLosesNothing(dir, state, night2, "night2-rerun");
  const after = StateStore.open(state, { create: false });
  t.after(() => after.close());
  const runs = after.runs();
  assert.deepEqual(runs.map((r) => r.completed), [true, false, true]);
  assert.match(runs[1].note ?? "", new RegExp(`stopped without finishing \\(pid ${child.pid} `));
});

test("a second scan on a state in use is refused (exit 1) and writes nothing", async (t) => {
  const { dir, state, night2 } = await afterNightOne(t);
  const holder = NightlySession.open({ statePath: state, sinceLastRun: true, overlapMinutes: 120, ticketThreshold: "medium" });
  const refused = await runCli(args(night2, state, join(dir, "night2-refused"), T2));
  holder.close();
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`state file .*state\\.sqlite is in use by another scan \\(pid ${process.pid} on `));
  assert.equal(existsSync(join(dir, "night2-refused")), false);

  await rerunLosesNothing(dir, state, night2, "night2-after");
});

test("a damaged state file is bad input (exit 2) naming it, with nothing written", async (t) => {
  const tmp = tempDir("recovery");
  t.after(tmp.remove);
  const state = join(tmp.dir, "state.sqlite");
  writeFileSync(state, "SQLite format 3\u0000".padEnd(8192, "#"));
  const snapshot = writeSnapshot(join(tmp.dir, "night1.json"), tenant(T1, signInsBetween(T1 - 3 * DAY_MS, T1)));
  const result = await runCli(args(snapshot, state, join(tmp.dir, "out"), T1));
  assert.equal(result.code, 2);
  assert.match(result.stderr, new RegExp(`state file ${state.replace(/[.]/g, "\\.")} (is damaged|is not a readable SQLite database)`));
  assert.equal(existsSync(join(tmp.dir, "out")), false);
});
