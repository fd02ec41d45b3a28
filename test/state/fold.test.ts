import assert from "node:assert/strict";
import test from "node:test";
import { addToSignInBaseline, newMailBaseline, newSignInBaseline } from "../../src/collect/baseline.js";
import type { SignIn } from "../../src/collect/evidence.js";
import { boundSignInBaseline, DAILY_DAYS_KEPT, mergeMailBaselines, mergeSignInBaselines } from "../../src/state/baseline-merge.js";
import { foldWindow } from "../../src/state/fold.js";
import { HeldOut } from "../../src/state/held-out.js";
import type { Finding } from "../../src/report/types.js";

const HOUR = 3_600_000;
const T1 = Date.parse("2026-11-28T06:00:00Z");
const OVERLAP = 2 * HOUR;

function signIn(id: string, ms: number, ip = "81.2.69.10", country = "GB"): SignIn {
  return {
    id,
    time: new Date(ms).toISOString(),
    ms,
    userId: "u1",
    userPrincipalName: "u1@example.test",
    ipAddress: ip,
    country,
    legacyAuth: false,
    isInteractive: true,
    errorCode: 0,
    success: true,
    riskEventTypes: [],
    authenticationDetails: [],
  };
}

function fold(prior: ReturnType<typeof foldWindow<ReturnType<typeof newSignInBaseline>, SignIn>> | undefined, events: SignIn[], windowTo: number, heldOut = new HeldOut([])) {
  return foldWindow({
    prior,
    base: prior?.baseline ?? newSignInBaseline("2026-10-01T00:00:00Z", "2026-10-01T00:00:00Z"),
    events,
    isHeldOut: (s) => heldOut.signIn(s),
    add: addToSignInBaseline,
    windowTo: new Date(windowTo).toISOString(),
    overlapMs: OVERLAP,
  });
}

test("an overlap re-read on the next night counts each sign-in once, late arrivals included", () => {
  const night1 = [signIn("a", T1 - 5 * HOUR), signIn("b", T1 - HOUR)];
  const first = fold(undefined, night1, T1);
  assert.equal(first.baseline.signIns, 2);
  assert.deepEqual(Object.keys(first.recentIds), ["b"]);

  // Night 2 re-reads [T1 - 2h, T2]: "b" again, "late" logged after night 1 ran, and new "c".
  const T2 = T1 + 24 * HOUR;
  const night2 = [signIn("late", T1 - 30 * 60_000), signIn("b", T1 - HOUR), signIn("c", T1 + 3 * HOUR)];
  const second = fold(first, night2, T2);
  assert.equal(second.baseline.signIns, 4);
  assert.equal(second.through, new Date(T2).toISOString());
  assert.deepEqual(second.recentIds, {});

  // Re-running the same night (a retry after a crash that did commit) adds nothing.
  assert.equal(fold(second, night2, T2).baseline.signIns, 4);
});

test("evidence of medium+ findings stays out of the baseline, and out for good", () => {
  const finding = {
    ruleId: "sign-in-unfamiliar-location",
    severity: "medium",
    firstSeen: new Date(T1 - 3 * HOUR).toISOString(),
    lastSeen: new Date(T1 - 3 * HOUR).toISOString(),
    evidence: [{ source: "signIns", id: "evil-1", time: new Date(T1 - 3 * HOUR).toISOString(), fields: { ipAddress: "200.160.2.3" } }],
  } as unknown as Finding;
  const heldOut = new HeldOut([finding]);
  // evil-2 is not cited (evidence lists are capped) but comes from the cited IP.
  const events = [signIn("home", T1 - 6 * HOUR), signIn("evil-1", T1 - 3 * HOUR, "200.160.2.3", "BR"), signIn("evil-2", T1 - 1.5 * HOUR, "200.160.2.3", "BR")];
  const first = fold(undefined, events, T1, heldOut);
  assert.deepEqual(first.baseline.countries, { GB: 1 });
  assert.ok("evil-2" in first.recentIds, "held-out events are handled, so a later night does not fold them");
  const second = fold(first, [events[2]], T1 + 24 * HOUR);
  assert.deepEqual(second.baseline.countries, { GB: 1 });

  const acknowledged = new HeldOut([{ ...finding, suppressed: { by: "ack", reason: "travel" } } as Finding]);
  assert.deepEqual(fold(undefined, events, T1, acknowledged).baseline.countries, { GB: 1, BR: 2 }, "an acknowledged finding vouches for its origin");
});

test("merging: disjoint histories add up, overlapping ones do not double count", () => {
  const older = addToSignInBaseline(newSignInBaseline("2026-09-01T00:00:00Z", "2026-09-30T00:00:00Z"), signIn("x", Date.parse("2026-09-15T09:00:00Z"), "1.1.1.1", "PT"));
  const newer = addToSignInBaseline(newSignInBaseline("2026-10-01T00:00:00Z", "2026-10-30T00:00:00Z"), signIn("y", Date.parse("2026-10-15T09:00:00Z")));
  const disjoint = mergeSignInBaselines(older, newer);
  assert.deepEqual([disjoint.signIns, disjoint.from, disjoint.to, disjoint.countries], [2, "2026-09-01T00:00:00Z", "2026-10-30T00:00:00Z", { PT: 1, GB: 1 }]);
  assert.equal(mergeSignInBaselines(newer, newer).signIns, 1);

  const mail = newMailBaseline("2026-10-01T00:00:00Z", "2026-10-30T00:00:00Z");
  mail.recipientDomains = { "partner.example": 3 };
  mail.dailyCounts = { "2026-10-02": 3 };
  mail.messages = 3;
  assert.deepEqual(mergeMailBaselines(mail, mail).recipientDomains, { "partner.example": 3 });
});

test("bounding a stored baseline rolls old per-day counts but never forgets an old country", () => {
  let b = newSignInBaseline("2026-06-01T00:00:00Z", "2026-06-01T00:00:00Z");
  b = addToSignInBaseline(b, signIn("old", Date.parse("2026-06-02T09:00:00Z"), "1.1.1.1", "PT"));
  b = addToSignInBaseline(b, signIn("new", T1 - HOUR));
  b.to = new Date(T1).toISOString();
  const bounded = boundSignInBaseline(b);
  assert.deepEqual(Object.keys(bounded.dailyCounts ?? {}), ["2026-11-28"]);
  assert.equal(bounded.activeDays, 1);
  assert.deepEqual(bounded.countries, { PT: 1, GB: 1 });
  assert.ok(DAILY_DAYS_KEPT >= 30);
});
