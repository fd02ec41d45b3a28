import assert from "node:assert/strict";
import { join } from "node:path";
import test from "node:test";
import { addToSignInBaseline, newSignInBaseline } from "../../src/collect/baseline.js";
import { normaliseSignIn } from "../../src/collect/sources/sign-ins.js";
import type { GraphObject } from "../../src/snapshot/types.js";
import { StateStore } from "../../src/state/store.js";
import { DAY_MS, HOUR_MS, iso, readReport, runCli, tempDir, writeSnapshot } from "./support.js";
import { BRAZIL, PEOPLE, signIn, signInsBetween, tenant, type Person } from "./tenant.js";

const NOW = Date.parse("2026-11-28T06:00:00Z");
const LAST_RUN_END = NOW - DAY_MS;
const [ada] = PEOPLE;

/** A stored baseline built from Graph-shaped sign-ins, as a committed run would have left it. */
function storedBaseline(person: Person, signIns: GraphObject[]) {
  let baseline = newSignInBaseline(iso(NOW - 70 * DAY_MS), iso(LAST_RUN_END));
  for (const raw of signIns) {
    const normalised = normaliseSignIn(raw);
    if (normalised) baseline = addToSignInBaseline(baseline, normalised);
  }
  return { userId: person.id, userPrincipalName: person.userPrincipalName, baseline, through: iso(LAST_RUN_END), recentFrom: iso(LAST_RUN_END - 2 * HOUR_MS), recentIds: {} };
}

/** A state whose last run ended a day ago; Ada's history holds what `adaHistory` says. */
function seedState(file: string, adaHistory: GraphObject[]): void {
  const store = StateStore.open(file, { create: true });
  store.transaction(() => {
    store.insertRun({ id: "seeded-run", startedAt: iso(LAST_RUN_END), finishedAt: iso(LAST_RUN_END), now: iso(LAST_RUN_END), window: { from: iso(LAST_RUN_END - DAY_MS), to: iso(LAST_RUN_END), baselineFrom: iso(LAST_RUN_END - DAY_MS) }, mode: "since-last-run", completed: true });
    for (const person of PEOPLE) {
      const history = signInsBetween(NOW - 65 * DAY_MS, NOW - 35 * DAY_MS, [person]);
      store.putBaseline("signIns", storedBaseline(person, person === ada ? [...history, ...adaHistory] : history), "seeded-run");
    }
  });
  store.close();
}

async function tonight(t: test.TestContext, adaHistory: GraphObject[]) {
  const tmp = tempDir("baseline-age");
  t.after(tmp.remove);
  const state = join(tmp.dir, "state.sqlite");
  seedState(state, adaHistory);
  // Graph keeps 30 days: the snapshot holds nothing older than tonight's window.
  const snapshot = tenant(NOW, [signIn(ada, NOW - 3 * HOUR_MS, "tonight-brazil", BRAZIL)]);
  const file = writeSnapshot(join(tmp.dir, "tonight.json"), snapshot);
  const out = join(tmp.dir, "out");
  const result = await runCli(["scan", "--tenant-snapshot", file, "--all", "--since", "last-run", "--state", state, "--now", iso(NOW), "--format", "json", "--out", out, "--quiet"]);
  assert.equal(result.code, 0, result.stderr);
  const report = readReport(out);
  assert.equal(report.run.baselineFrom, report.run.window.from, "no history collected from Graph");
  return report.users.find((u) => u.id === ada.id)?.findings.map((f) => f.ruleId) ?? [];
}

test("a country last seen 60 days ago (past Graph's retention) is still familiar tonight", async (t) => {
  const sixtyDaysAgo = NOW - 60 * DAY_MS;
  const brazilTrip = [0, 1, 2].map((n) => signIn(ada, sixtyDaysAgo + n * HOUR_MS, `trip-${n}`, BRAZIL));
  assert.ok(!(await tonight(t, brazilTrip)).includes("sign-in-unfamiliar-location"));
});

test("control: without that old trip in the stored baseline, the same sign-in is unfamiliar", async (t) => {
  assert.ok((await tonight(t, [])).includes("sign-in-unfamiliar-location"));
});
