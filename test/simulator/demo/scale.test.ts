/** Size options do what they say: exact user counts, the sign-in rate, history length, input checks. */
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { generateDemoTenant } from "../../../src/simulator/demo/generate.js";
import { InputError } from "../../../src/lib/errors.js";
import { DAY, NOW_MS, demo, ms, signIns } from "./fixture.js";

/** Sign-ins per person per day over people present for the whole history (not new, not gone, not the printer). */
function rate(options: { users: number; historyDays: number; signInsPerUserPerDay: number; seed?: number }): number {
  const { snapshot } = demo(options);
  const start = NOW_MS - options.historyDays * DAY;
  const steady = new Set(
    snapshot.users!.filter((u) => u.userType === "Member" && u.accountEnabled && ms(u.createdDateTime) < start && u.jobTitle !== null).map((u) => String(u.id)),
  );
  const count = signIns(snapshot).filter((s) => steady.has(s.userId)).length;
  return count / steady.size / options.historyDays;
}

test("the directory has exactly the requested number of users", () => {
  for (const users of [40, 75, 150]) assert.equal(demo({ users, historyDays: 2, signInsPerUserPerDay: 4 }).snapshot.users!.length, users);
});

test("sign-ins per person per day follow signInsPerUserPerDay (within 20 %)", () => {
  for (const perDay of [8, 20]) {
    const observed = rate({ users: 80, historyDays: 7, signInsPerUserPerDay: perDay, seed: 9 });
    assert.ok(Math.abs(observed - perDay) / perDay < 0.2, `asked ${perDay}, got ${observed.toFixed(1)}`);
  }
});

test("interactive sign-ins are a minority, as in real tenants", () => {
  const all = signIns(demo({ users: 80, historyDays: 7, signInsPerUserPerDay: 20, seed: 9 }).snapshot);
  const share = all.filter((s) => s.isInteractive).length / all.length;
  assert.ok(share > 0.1 && share < 0.3, `interactive share ${share}`);
});

test("history length scales the sign-ins and bounds their times", () => {
  const short = signIns(demo({ users: 60, historyDays: 3, signInsPerUserPerDay: 8, seed: 4 }).snapshot);
  const long = signIns(demo({ users: 60, historyDays: 9, signInsPerUserPerDay: 8, seed: 4 }).snapshot);
  assert.ok(long.length > short.length * 2.2 && long.length < short.length * 3.8);
  assert.ok(long.every((s) => ms(s.createdDateTime) >= NOW_MS - 9 * DAY && ms(s.createdDateTime) < NOW_MS));
});

test("impossible options are refused with an InputError that says what to pass", () => {
  for (const bad of [{ users: 10 }, { users: 40.5 }, { historyDays: 1 }, { historyDays: 400 }, { signInsPerUserPerDay: 0 }, { seed: 1.5 }, { now: new Date("nope") }]) {
    assert.throws(() => generateDemoTenant(bad), (error: unknown) => error instanceof InputError && /demo/i.test(error.message), JSON.stringify(bad));
  }
});
