import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { InboxRule, UserEvidence } from "../../src/collect/evidence.js";
import { parseConfig } from "../../src/config/load-config.js";
import type { CrossUserPattern, Finding } from "../../src/report/types.js";
import { scoreUser, type ScoreContext } from "../../src/score/score-user.js";
import { TEST_USER, emptyFacts, failed, makeEvidence, ok } from "../helpers/evidence.js";
import { finding, signInFinding } from "./findings.js";

function context(configInput: unknown = {}, extra: Partial<ScoreContext> = {}): ScoreContext {
  return { config: parseConfig(configInput, "(test)"), facts: emptyFacts(), ...extra };
}

const score = (findings: Finding[], evidence: UserEvidence = makeEvidence(), ctx = context()) => scoreUser(findings, evidence, ctx);

function inboxRule(extra: Partial<InboxRule>): InboxRule {
  return {
    id: "rule-1",
    displayName: "..",
    isEnabled: true,
    keywords: [],
    fromAddresses: [],
    matchesAllMail: true,
    forwardTo: [],
    forwardAsAttachmentTo: [],
    redirectTo: [],
    delete: false,
    permanentDelete: false,
    markAsRead: false,
    stopProcessingRules: false,
    ...extra,
  };
}

describe("score and level", () => {
  test("no findings: score 0, level none, and the why says so", () => {
    const result = score([]);
    assert.equal(result.riskScore, 0);
    assert.equal(result.riskLevel, "none");
    assert.deepEqual(result.verdict.why, ["No rule found anything for this user."]);
    assert.deepEqual(result.verdict.whatWouldLower, []);
    assert.deepEqual(result.verdict.correlations, []);
  });

  test("one finding of 60 is high; the why shows its contribution as impact x confidence", () => {
    const result = score([finding({ ruleId: "hide-rule", title: "Hiding rule", impact: 80, confidence: 0.75 })]);
    assert.equal(result.riskScore, 60);
    assert.equal(result.riskLevel, "high");
    assert.equal(result.verdict.why[0], "Score 60 (high): 60 from findings.");
    assert.equal(result.verdict.why[1], "Hiding rule (hide-rule) scores 60 = impact 80 x confidence 0.75.");
  });

  test("only the top three contributions are listed, the rest summarised", () => {
    const findings = ["a", "b", "c", "d", "e"].map((ruleId, i) => finding({ ruleId, impact: 50 - i * 5, confidence: 0.5 }));
    const why = score(findings).verdict.why;
    assert.equal(why.filter((s) => / scores /.test(s)).length, 3);
    assert.ok(why.includes("2 weaker findings add less (noisy-OR, at most two per rule)."));
  });

  test("custom levels from config.scoring.levels", () => {
    const result = score([finding({ ruleId: "a", impact: 60, confidence: 1 })], makeEvidence(), context({ scoring: { levels: { high: 70, critical: 90 } } }));
    assert.equal(result.riskLevel, "medium");
  });

  test("suppressed findings do not count", () => {
    const result = score([finding({ ruleId: "a", impact: 90, confidence: 1, suppressed: { reason: "known", by: "ack" } })]);
    assert.equal(result.riskScore, 0);
    assert.equal(result.verdict.firstBadEvent, undefined);
  });

  test("context findings alone stay below medium however many there are; the why says so", () => {
    const contexts = ["new-country", "new-device", "no-mfa"].map((ruleId) => finding({ ruleId, context: true, impact: 40, confidence: 0.5 }));
    const alone = score(contexts);
    assert.equal(alone.riskScore, 24);
    assert.equal(alone.riskLevel, "low");
    assert.equal(alone.verdict.why[0], "Score 24 (low): 30 from findings, held below medium.");
    assert.ok(alone.verdict.why.some((line) => /Every finding is context only/.test(line)));
    const small = score([finding({ ruleId: "new-country", context: true, impact: 40, confidence: 0.5 })]);
    assert.equal(small.riskScore, 20);
    assert.ok(!small.verdict.why.some((line) => /Every finding is context only/.test(line)));
    // With a real finding the capped context counts in full (detections.md §8.3).
    const withReal = score([...contexts, finding({ ruleId: "legacy-auth", impact: 50, confidence: 0.2 })]);
    assert.equal(withReal.riskScore, Math.round(100 * (1 - 0.9 * 0.7)));
    assert.equal(withReal.riskLevel, "medium");
  });

  test("correlation bonuses add to the noisy-OR and are explained", () => {
    const signIn = signInFinding("risky-sign-in", "2026-11-25T10:00:00Z", "203.0.113.9", { title: "Unfamiliar sign-in", impact: 40, confidence: 0.5 });
    const method = finding({
      ruleId: "mfa-method-added",
      title: "MFA method added",
      category: "mfa",
      persistence: true,
      impact: 60,
      confidence: 0.25,
      evidence: [{ source: "authMethods", id: "m-9", time: "2026-11-25T10:15:00Z", fields: {} }],
    });
    const result = score([signIn, method]);
    assert.equal(result.riskScore, Math.round(100 * (1 - 0.8 * 0.85)) + 30);
    assert.ok(result.verdict.why.includes(
      "+30: Unfamiliar sign-in at 2026-11-25T10:00Z -> MFA method added at 2026-11-25T10:15Z (+15 min)."
    ));
    assert.equal(result.verdict.correlations.length, 1);
  });

  test("coverage gaps are disclosed in the why", () => {
    const evidence = makeEvidence({
      signIns: failed(),
      coverage: [
        { source: "signIns", status: "error", code: "Authorization_RequestDenied" },
        { source: "inboxRules", status: "ok", items: 2 },
      ],
    });
    const why = score([], evidence).verdict.why;
    assert.match(why.at(-1)!, /^Not collected: signIns \(Authorization_RequestDenied\); no finding from these sources/);
  });
});

describe("floors", () => {
  test("a decisive detection raises the level to its floor and the score to that level's minimum", () => {
    const decisive = finding({ ruleId: "entra-risk-decisive", title: "Leaked credentials", impact: 100, confidence: 0.4, floor: { level: "high", reason: "Entra says leaked credentials are always high" } });
    const result = score([decisive]);
    assert.equal(result.riskLevel, "high");
    assert.equal(result.riskScore, 50);
    assert.deepEqual(result.verdict.floor, { level: "high", reason: "Leaked credentials: Entra says leaked credentials are always high" });
    assert.equal(result.verdict.why[0], "Raised to high by a floor: Leaked credentials: Entra says leaked credentials are always high.");
    assert.match(result.verdict.whatWouldLower[0], /floor .* stays until Entra ID Protection marks the risk remediated/);
  });

  test("a floor that does not raise the level is not reported as applied", () => {
    const decisive = finding({ ruleId: "aitm", impact: 100, confidence: 0.9, floor: { level: "high", reason: "AiTM" } });
    const result = score([decisive]);
    assert.equal(result.riskLevel, "critical");
    assert.equal(result.verdict.floor, undefined);
  });

  test("a floor resting on confidence below 0.4 does not apply", () => {
    const weak = finding({ ruleId: "aitm", impact: 100, confidence: 0.2, floor: { level: "high", reason: "AiTM" } });
    assert.equal(score([weak]).riskLevel, "low");
  });

  test("admin-confirmed compromise is critical", () => {
    const evidence = makeEvidence({ riskyUser: ok({ id: TEST_USER.id, riskState: "confirmedCompromised", riskLevel: "high" }) });
    const result = score([], evidence);
    assert.equal(result.riskLevel, "critical");
    assert.equal(result.riskScore, 75);
    assert.match(result.verdict.floor!.reason, /confirmed this user compromised/);
  });

  const forwardFinding = () =>
    finding({
      ruleId: "inbox-rule-external-forward",
      title: "External forwarding rule",
      category: "mailbox",
      persistence: true,
      impact: 60,
      confidence: 0.4,
      evidence: [{ source: "inboxRules", id: "rule-1", fields: { displayName: ".." } }],
      entities: { forwardTo: ["drop@attacker.example"] },
    });

  test("external forwarding plus a hiding action is at least high", () => {
    const evidence = makeEvidence({ inboxRules: ok([inboxRule({ forwardTo: ["drop@attacker.example"], markAsRead: true })]) });
    const result = score([forwardFinding()], evidence);
    assert.equal(result.riskLevel, "high");
    assert.match(result.verdict.floor!.reason, /Inbox rule "\.\." forwards mail to drop@attacker\.example outside the organisation and marks as read mail/);
    const split = makeEvidence({
      inboxRules: ok([inboxRule({ forwardTo: ["drop@attacker.example"] }), inboxRule({ id: "rule-2", displayName: "junk", moveToFolderName: "RSS Feeds" })]),
    });
    assert.match(score([forwardFinding()], split).verdict.floor!.reason, /while rule "junk" moves to RSS Feeds mail/);
  });

  test("no forward+hide floor for a partner domain, an internal address, no hiding action, or no finding citing it", () => {
    const rules = ok([inboxRule({ forwardTo: ["drop@attacker.example"], delete: true })]);
    assert.equal(score([forwardFinding()], makeEvidence({ inboxRules: rules }), context({ allowLists: { partnerDomains: ["attacker.example"] } })).riskLevel, "low");
    const internal = ok([inboxRule({ forwardTo: ["boss@contoso.example"], delete: true })]);
    assert.equal(score([forwardFinding()], makeEvidence({ inboxRules: internal })).riskLevel, "low");
    const visible = ok([inboxRule({ forwardTo: ["drop@attacker.example"] })]);
    assert.equal(score([forwardFinding()], makeEvidence({ inboxRules: visible })).riskLevel, "low");
    assert.equal(score([], makeEvidence({ inboxRules: rules })).riskLevel, "none");
  });

  test("a correlation bonus together with a persistence finding is at least high", () => {
    const consent = finding({
      ruleId: "risky-consent",
      category: "apps",
      persistence: true,
      impact: 40,
      confidence: 0.25,
      entities: { appIds: ["app-1"] },
    });
    const patterns: CrossUserPattern[] = [
      { kind: "consentedApp", value: "app-1", users: [{ id: TEST_USER.id, userPrincipalName: TEST_USER.userPrincipalName }, { id: "u2", userPrincipalName: "b@x" }], ruleIds: ["risky-consent"] },
    ];
    const result = score([consent], makeEvidence(), context({}, { patterns }));
    assert.equal(result.riskScore, 50);
    assert.equal(result.riskLevel, "high");
    assert.match(result.verdict.floor!.reason, /^A correlation \(Same consented app "app-1" on 2 investigated users \(also b@x\)\) together with persistence/);
  });
});

test("a shared sign-in IP alone does not floor a user with persistence at high", () => {
  const travel = signInFinding("legacy-auth-sign-in", "2026-11-25T10:00:00Z", "203.0.113.9", { impact: 40, confidence: 0.25 });
  const method = finding({ ruleId: "mfa-method-added", category: "mfa", persistence: true, impact: 60, confidence: 0.25 });
  const patterns: CrossUserPattern[] = [
    { kind: "signInIp", value: "203.0.113.9", users: [{ id: TEST_USER.id, userPrincipalName: TEST_USER.userPrincipalName }, { id: "u2", userPrincipalName: "b@x" }], ruleIds: ["legacy-auth-sign-in"] },
  ];
  const result = score([travel, method], makeEvidence(), context({}, { patterns }));
  assert.equal(result.verdict.correlations[0].bonus, 20);
  assert.equal(result.riskLevel, "medium");
  assert.equal(result.verdict.floor, undefined);
});

test("a shared IP that only a context finding flagged earns no bonus (colleagues share office egress)", () => {
  const travel = signInFinding("sign-in-unfamiliar-location", "2026-11-25T10:00:00Z", "203.0.113.9", { context: true, impact: 40, confidence: 0.25 });
  const patterns: CrossUserPattern[] = [
    { kind: "signInIp", value: "203.0.113.9", users: [{ id: TEST_USER.id, userPrincipalName: TEST_USER.userPrincipalName }, { id: "u2", userPrincipalName: "b@x" }], ruleIds: ["legacy-auth-sign-in"] },
  ];
  const result = score([travel], makeEvidence(), context({}, { patterns }));
  assert.deepEqual(result.verdict.correlations, []);
  assert.equal(result.riskScore, 10);
});

describe("password change and session revocation", () => {
  const resetUser = { ...TEST_USER, lastPasswordChangeDateTime: "2026-11-26T08:00:00Z" };

  test("sign-in findings that ended before the reset count for less and say why; persistence never", () => {
    const signIn = signInFinding("risky-sign-in", "2026-11-25T10:00:00Z", "203.0.113.9", { impact: 70, confidence: 0.8 });
    const rule = finding({ ruleId: "inbox-rule-hiding", category: "mailbox", persistence: true, impact: 80, confidence: 0.5, lastSeen: "2026-11-25T11:00:00Z" });
    const result = score([signIn, rule], makeEvidence({ user: resetUser }));
    const [discounted, kept] = result.findings;
    assert.equal(discounted.confidence, 0.4);
    assert.equal(discounted.score, 28);
    assert.equal(discounted.adjustments.length, 1);
    assert.match(discounted.adjustments[0].reason, /before the password change at 2026-11-26T08:00:00Z/);
    assert.deepEqual(kept, rule);
    assert.equal(result.riskScore, Math.round(100 * (1 - 0.72 * 0.6)));
    assert.ok(result.verdict.why.includes("1 finding ended before the password change at 2026-11-26T08:00Z and counts for less; persistence counts in full."));
  });

  test("the later of password change and session revocation counts; activity after it is not discounted", () => {
    const user = { ...TEST_USER, lastPasswordChangeDateTime: "2026-11-20T08:00:00Z", signInSessionsValidFromDateTime: "2026-11-26T08:00:00Z" };
    const before = signInFinding("a", "2026-11-25T10:00:00Z", "203.0.113.9");
    const after = signInFinding("b", "2026-11-26T10:00:00Z", "203.0.113.9");
    const result = score([before, after], makeEvidence({ user }));
    assert.match(result.findings[0].adjustments[0].reason, /session revocation/);
    assert.deepEqual(result.findings[1].adjustments, []);
  });

  test("a finding the rule already discounted for the reset is not discounted twice", () => {
    const signIn = signInFinding("risky-sign-in", "2026-11-25T10:00:00Z", "203.0.113.9", { impact: 70, confidence: 0.4 });
    const once = score([signIn], makeEvidence({ user: resetUser })).findings[0];
    const twice = score([once], makeEvidence({ user: resetUser })).findings[0];
    assert.deepEqual(twice, once);
  });

  test("a decisive detection that predates the reset sets no floor", () => {
    const decisive = signInFinding("aitm", "2026-11-25T10:00:00Z", "203.0.113.9", { impact: 100, confidence: 0.9, floor: { level: "high", reason: "AiTM" } });
    const result = score([decisive], makeEvidence({ user: resetUser }));
    assert.equal(result.verdict.floor, undefined);
    assert.equal(result.riskScore, 45);
    assert.equal(result.riskLevel, "medium");
    assert.equal(result.verdict.firstBadEvent, "2026-11-25T10:00:00.000Z", "T0 still marks when it happened");
  });
});

describe("what would lower it, and T0", () => {
  test("allow-list entries for IPs, countries, apps and partner domains; removal commands for persistence", () => {
    const travel = signInFinding("impossible-travel", "2026-11-25T10:00:00Z", "203.0.113.9", { title: "Impossible travel", impact: 60, confidence: 0.6 }, { country: "BR" });
    const consent = finding({
      ruleId: "risky-consent",
      title: "Consent to a mail app",
      category: "apps",
      persistence: true,
      evidence: [{ source: "oauthGrants", id: "grant-7", fields: { appId: "aaaa-1111", appDisplayName: "Mail Helper" } }],
    });
    const forward = finding({
      ruleId: "inbox-rule-external-forward",
      title: "Forwarding rule",
      category: "mailbox",
      persistence: true,
      evidence: [{ source: "inboxRules", id: "AQAAAJ5dZqA=", fields: { displayName: "fwd" } }],
      entities: { forwardTo: ["ap@partner.example"] },
    });
    const lower = score([travel, consent, forward]).verdict.whatWouldLower;
    const has = (pattern: RegExp) => assert.ok(lower.some((s) => pattern.test(s)), `${pattern} not in ${JSON.stringify(lower, null, 1)}`);
    has(/^If the IP 203\.0\.113\.9 is a known corporate VPN or egress address, add it to allowLists\.ipRanges \(lowers "Impossible travel"\)\.$/);
    has(/^If travel to BR is expected for this user, add "BR" to allowLists\.countries/);
    has(/^If the consent to app "Mail Helper" is sanctioned, add its appId aaaa-1111 to allowLists\.apps/);
    has(/^If forwarding to partner\.example is approved, add partner\.example to allowLists\.partnerDomains/);
    has(/^Remove the inbox rule "fwd" if the user did not create it: phishtrail contain --user adele@contoso\.example --remove-rule AQAAAJ5dZqA=$/);
    has(/^Revoke the consent grant grant-7 \("Mail Helper"\)/);
    assert.match(lower.at(-1)!, /^Resetting the password and revoking sessions \(phishtrail contain --user adele@contoso\.example --reset-password --revoke-sessions\) would discount 1 finding/);
  });

  test("one allow-list entry that would lower several findings is one sentence naming them", () => {
    const a = signInFinding("risky-sign-in-success", "2026-11-25T10:00:00Z", "203.0.113.9", { title: "Risky sign-in" });
    const b = signInFinding("legacy-auth-sign-in", "2026-11-25T11:00:00Z", "203.0.113.9", { title: "Legacy auth" });
    const lower = score([a, b]).verdict.whatWouldLower.filter((s) => s.includes("allowLists.ipRanges"));
    assert.deepEqual(lower, [
      'If the IP 203.0.113.9 is a known corporate VPN or egress address, add it to allowLists.ipRanges (lowers "Risky sign-in", "Legacy auth").',
    ]);
  });

  test("no VPN advice for a spray IP or an IP already allow-listed", () => {
    const facts = emptyFacts({ sprayIps: new Map([["198.51.100.7", { ip: "198.51.100.7", distinctUsers: 6, firstSeen: "", lastSeen: "", basis: "" }]]) });
    const spray = signInFinding("spray-success", "2026-11-25T10:00:00Z", "198.51.100.7");
    const vpn = signInFinding("legacy-auth", "2026-11-25T10:00:00Z", "192.0.2.10");
    const lower = scoreUser([spray, vpn], makeEvidence(), context({ allowLists: { ipRanges: ["192.0.2.0/24"] } }, { facts })).verdict.whatWouldLower;
    assert.ok(!lower.some((s) => s.includes("allowLists.ipRanges")), JSON.stringify(lower));
  });

  test("attacker-controlled names are quoted so they cannot break the sentence", () => {
    const forward = finding({
      ruleId: "r",
      category: "mailbox",
      persistence: true,
      evidence: [{ source: "inboxRules", id: "x1", fields: { displayName: 'a"\n<script>' } }],
    });
    const lower = score([forward]).verdict.whatWouldLower;
    assert.ok(lower.some((s) => s.includes('Remove the inbox rule "a\\"\\n<script>"')), JSON.stringify(lower));
  });

  test("firstBadEvent is the start of the earliest confident or decisive finding", () => {
    const result = score([
      finding({ ruleId: "weak", confidence: 0.3, firstSeen: "2026-11-21T00:00:00Z" }),
      finding({ ruleId: "sure", confidence: 0.8, firstSeen: "2026-11-24T09:00:00Z" }),
      finding({ ruleId: "decisive", confidence: 0.5, firstSeen: "2026-11-23T09:00:00Z", floor: { level: "high", reason: "x" } }),
      signInFinding("timed", "2026-11-23T08:30:00Z", "203.0.113.9", { confidence: 0.9, firstSeen: "2026-11-23T10:00:00Z" }),
    ]);
    assert.equal(result.verdict.firstBadEvent, "2026-11-23T08:30:00.000Z");
  });

  test("persistence known only by its current state does not date T0", () => {
    const graphRule = finding({
      ruleId: "inbox-rule-external-forward",
      category: "mailbox",
      persistence: true,
      confidence: 0.9,
      firstSeen: "2026-11-27T06:00:00Z",
      evidence: [{ source: "inboxRules", id: "r1", fields: {} }],
    });
    assert.equal(score([graphRule]).verdict.firstBadEvent, undefined);
  });
});
