import assert from "node:assert/strict";
import { test } from "node:test";
import type { SignIn } from "../../src/collect/evidence.js";
import { adviseContainment, buildTimeline, shellQuote, summariseSignIns } from "../../src/report/user-sections.js";
import type { Finding } from "../../src/report/types.js";
import { WINDOW, emptySignInBaseline, makeEvidence, ok } from "../helpers/evidence.js";

function finding(partial: Partial<Finding>): Finding {
  return {
    id: "r:u:1",
    ruleId: "inbox-rule-hiding",
    title: "Hiding inbox rule",
    severity: "high",
    score: 60,
    impact: 80,
    confidence: 0.75,
    attack: ["T1564.008"],
    firstSeen: "2026-11-26T10:00:00Z",
    lastSeen: "2026-11-26T10:00:00Z",
    explanation: "x",
    adjustments: [],
    evidence: [],
    ...partial,
  };
}

function signIn(partial: Partial<SignIn>): SignIn {
  return {
    id: "s1",
    time: "2026-11-26T09:00:00Z",
    ms: Date.parse("2026-11-26T09:00:00Z"),
    userId: "u",
    userPrincipalName: "adele@contoso.example",
    legacyAuth: false,
    isInteractive: true,
    errorCode: 0,
    success: true,
    riskEventTypes: [],
    authenticationDetails: [],
    ...partial,
  };
}

test("containment: high level revokes and resets and removes exactly the flagged persistence", () => {
  const advice = adviseContainment("adele@contoso.example", "high", [
    finding({ persistence: true, evidence: [{ source: "inboxRules", id: "AQMkAD=rule1", fields: {} }] }),
    finding({ id: "m", ruleId: "auth-method-change", persistence: true, evidence: [{ source: "authMethods", id: "3179e48a-750b-4051-897c-87b9720928f7", fields: {} }] }),
    finding({ id: "s", ruleId: "sign-in-unfamiliar-location", evidence: [{ source: "signIns", id: "sig", fields: {} }] }),
  ]);
  assert.equal(
    advice.command,
    "phishtrail contain --user adele@contoso.example --revoke-sessions --reset-password --remove-rule AQMkAD=rule1 --remove-method 3179e48a-750b-4051-897c-87b9720928f7",
  );
});

test("containment: nothing to do for a clean user; suppressed findings are ignored", () => {
  assert.equal(adviseContainment("a@b.com", "none", []).command, "");
  const advice = adviseContainment("a@b.com", "low", [finding({ persistence: true, suppressed: { reason: "ack", by: "ack" }, evidence: [{ source: "inboxRules", id: "r", fields: {} }] })]);
  assert.equal(advice.command, "");
});

test("shell quoting keeps attacker-shaped ids inert", () => {
  assert.equal(shellQuote("abc-123"), "abc-123");
  assert.equal(shellQuote("a'b; rm -rf /"), `'a'\\''b; rm -rf /'`);
  assert.equal(shellQuote("$(id)"), "'$(id)'");
});

test("timeline: findings and their timed evidence in time order, deduplicated", () => {
  const events = buildTimeline(
    [
      finding({ id: "f2", firstSeen: "2026-11-26T10:05:00Z", evidence: [{ source: "auditLog", id: "a1", time: "2026-11-26T10:05:00Z", fields: { operation: "New-InboxRule" } }] }),
      finding({ id: "f1", ruleId: "aitm-session-replay", firstSeen: "2026-11-26T10:00:00Z", evidence: [{ source: "signIns", id: "s1", time: "2026-11-26T10:00:00Z", fields: { ip: "1.2.3.4" } }, { source: "auditLog", id: "a1", time: "2026-11-26T10:05:00Z", fields: {} }] }),
    ],
    (id) => (id.startsWith("aitm") ? "sign-ins" : "mailbox"),
    "2026-11-26T10:00:00Z",
  );
  assert.deepEqual(events.map((e) => e.time), [...events.map((e) => e.time)].sort());
  assert.equal(events.filter((e) => e.summary.startsWith("auditLog")).length, 1);
  assert.deepEqual(events.find((e) => e.summary.startsWith("auditLog"))!.findingIds.sort(), ["f1", "f2"]);
  assert.equal(events[0].kind, "signIn");
});

test("sign-in summary: days of the window, countries against the baseline, flagged points", () => {
  const baseline = { ...emptySignInBaseline(), countries: { GB: 40 } };
  const evidence = makeEvidence({
    signIns: ok([
      signIn({ id: "a", country: "GB", latitude: 51.5, longitude: -0.12 }),
      signIn({ id: "b", country: "NG", latitude: 6.45, longitude: 3.39, success: false, errorCode: 50126, time: "2026-11-25T09:00:00Z" }),
      signIn({ id: "c", country: "NG", latitude: 6.45, longitude: 3.39 }),
    ]),
    signInBaseline: ok(baseline),
  });
  const summary = summariseSignIns(evidence, [finding({ evidence: [{ source: "signIns", id: "c", fields: {} }] })], WINDOW);
  assert.equal(summary.total, 3);
  assert.equal(summary.failures, 1);
  assert.equal(summary.byDay.length, 8);
  assert.deepEqual(summary.countries, [
    { country: "NG", count: 2, inBaseline: false },
    { country: "GB", count: 1, inBaseline: true },
  ]);
  const lagos = summary.points.find((p) => p.country === "NG")!;
  assert.equal(lagos.count, 2);
  assert.equal(lagos.failures, 1);
  assert.equal(lagos.flagged, true);
  assert.equal(summary.points.find((p) => p.country === "GB")!.flagged, false);
});
