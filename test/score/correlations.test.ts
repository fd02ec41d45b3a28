import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseConfig } from "../../src/config/load-config.js";
import type { SprayIp } from "../../src/derive/tenant-facts.js";
import type { Finding } from "../../src/report/types.js";
import { findCorrelations } from "../../src/score/correlations.js";
import { crossUserCorrelations, findCrossUserPatterns } from "../../src/score/cross-user.js";
import { emptyFacts } from "../helpers/evidence.js";
import { finding, signInFinding } from "./findings.js";

const SIGN_IN_TIME = "2026-11-25T10:00:00Z";
const at = (minutes: number) => new Date(Date.parse(SIGN_IN_TIME) + minutes * 60_000).toISOString();

const risky = () => signInFinding("risky-sign-in", SIGN_IN_TIME, "203.0.113.9", { title: "Risky sign-in" }, { sessionId: "sess-1" });

function mfaChange(minutes: number): Finding {
  return finding({
    ruleId: "mfa-method-added",
    title: "MFA method added",
    category: "mfa",
    persistence: true,
    evidence: [{ source: "authMethods", id: "m1", time: at(minutes), fields: { kind: "phone" } }],
  });
}

function inboxRule(minutes: number, fields: Record<string, string> = {}): Finding {
  return finding({
    ruleId: "inbox-rule-hiding",
    title: "Hiding inbox rule",
    category: "mailbox",
    persistence: true,
    evidence: [{ source: "auditLog", id: "a1", time: at(minutes), fields: { operation: "New-InboxRule", ...fields } }],
    entities: { ruleNames: ["."] },
  });
}

function consent(minutes: number, scopes = "offline_access Mail.Read"): Finding {
  return finding({
    ruleId: "risky-consent",
    title: "Mail consent",
    category: "apps",
    persistence: true,
    evidence: [{ source: "oauthGrants", id: "g1", time: at(minutes), fields: { scopes } }],
  });
}

const bonuses = (findings: Finding[], facts = emptyFacts()) => findCorrelations(findings, facts).map((c) => c.bonus);

describe("sequence correlations", () => {
  test("risky sign-in -> MFA change: +30 within -30 min..+1 h, +20 within 6 h, nothing later", () => {
    assert.deepEqual(bonuses([risky(), mfaChange(20)]), [30]);
    assert.deepEqual(bonuses([risky(), mfaChange(-25)]), [30]);
    assert.deepEqual(bonuses([risky(), mfaChange(180)]), [20]);
    assert.deepEqual(bonuses([risky(), mfaChange(-45)]), []);
    assert.deepEqual(bonuses([risky(), mfaChange(7 * 60)]), []);
  });

  test("the correlation reads 'A at t1 -> B at t2 (delta)' and names both findings", () => {
    const signIn = risky();
    const change = mfaChange(20);
    const [correlation] = findCorrelations([signIn, change], emptyFacts());
    assert.equal(correlation.text, "Risky sign-in at 2026-11-25T10:00Z -> MFA method added at 2026-11-25T10:20Z (+20 min)");
    assert.deepEqual(correlation.findingIds, [signIn.id, change.id]);
  });

  test("risky sign-in -> inbox rule: same session +40, same IP within 1 h +30, within 24 h +15", () => {
    const [session] = findCorrelations([risky(), inboxRule(300, { sessionId: "sess-1" })], emptyFacts());
    assert.equal(session.bonus, 40);
    assert.match(session.text, /\(\+5 h, same session sess-1\)$/);
    const [sameIp] = findCorrelations([risky(), inboxRule(45, { clientIp: "203.0.113.9" })], emptyFacts());
    assert.equal(sameIp.bonus, 30);
    assert.match(sameIp.text, /same IP 203\.0\.113\.9/);
    assert.deepEqual(bonuses([risky(), inboxRule(45, { clientIp: "192.0.2.1" })]), [15]);
    assert.deepEqual(bonuses([risky(), inboxRule(20 * 60)]), [15]);
    assert.deepEqual(bonuses([risky(), inboxRule(25 * 60)]), []);
    assert.deepEqual(bonuses([risky(), inboxRule(-60)]), []);
  });

  test("a sign-in cited inside the rule finding is not taken as the rule's own time", () => {
    const rule = inboxRule(600);
    rule.evidence.unshift({ source: "signIns", id: "anchor", time: SIGN_IN_TIME, fields: { ipAddress: "203.0.113.9" } });
    const [correlation] = findCorrelations([risky(), rule], emptyFacts());
    assert.equal(correlation.bonus, 15);
    assert.match(correlation.text, /\(\+10 h\)$/);
  });

  test("a change without a timed record of its own is not sequenced (Graph rules carry no creation time)", () => {
    const graphOnly = finding({
      ruleId: "inbox-rule-external-forward",
      category: "mailbox",
      persistence: true,
      firstSeen: at(30),
      evidence: [{ source: "inboxRules", id: "r1", fields: { displayName: "fwd" } }],
      entities: { ruleNames: ["fwd"] },
    });
    assert.deepEqual(bonuses([risky(), graphOnly]), []);
  });

  test("spray IP success -> any persistence within 24 h: +30; a failure from the spray IP is not access", () => {
    const spray: SprayIp = { ip: "198.51.100.7", distinctUsers: 9, firstSeen: SIGN_IN_TIME, lastSeen: SIGN_IN_TIME, basis: "test" };
    const facts = emptyFacts({ sprayIps: new Map([[spray.ip, spray]]) });
    const success = signInFinding("spray-success", SIGN_IN_TIME, spray.ip, {}, { errorCode: 0 });
    const correlations = findCorrelations([success, consent(600)], facts);
    assert.deepEqual(correlations.map((c) => c.bonus).sort(), [20, 30]);
    assert.match(correlations.find((c) => c.bonus === 30)!.text, /spray IP 198\.51\.100\.7/);
    const failure = signInFinding("brute-force", SIGN_IN_TIME, spray.ip, {}, { errorCode: 50126 });
    assert.deepEqual(bonuses([failure, consent(600)], facts), []);
    assert.deepEqual(bonuses([success, consent(25 * 60)], facts), []);
  });

  test("risky sign-in -> mail consent within 24 h: +20; a consent without mail scopes is not mail consent", () => {
    assert.deepEqual(bonuses([risky(), consent(120)]), [20]);
    assert.deepEqual(bonuses([risky(), consent(120, "User.Read openid")]), []);
  });

  test("a context-only sign-in finding (new country, new device) does not anchor a sequence", () => {
    const novelty = signInFinding("sign-in-unfamiliar-location", SIGN_IN_TIME, "203.0.113.9", { context: true });
    assert.deepEqual(bonuses([novelty, mfaChange(2), inboxRule(10), consent(30)]), []);
  });

  test("Identity Protection detection -> device registration within 5 min: +30; a device is not an MFA change", () => {
    const detection = finding({
      ruleId: "entra-risk-detection",
      category: "sign-ins",
      evidence: [{ source: "riskDetections", id: "rd1", time: SIGN_IN_TIME, fields: { riskEventType: "attackerinTheMiddle" } }],
    });
    const device = (minutes: number) =>
      finding({
        ruleId: "device-registration",
        category: "mfa",
        persistence: true,
        evidence: [{ source: "directoryAudits", id: `d${minutes}`, time: at(minutes), fields: { activity: "Add registered owner to device" } }],
      });
    const [correlation] = findCorrelations([detection, device(3)], emptyFacts());
    assert.equal(correlation.bonus, 30);
    assert.deepEqual(bonuses([detection, device(8)]), []);
    assert.deepEqual(bonuses([detection, device(-1)]), []);
    // A risky sign-in (not an Identity Protection detection) is not Elastic's trigger, and a device is not an MFA change.
    assert.deepEqual(bonuses([risky(), device(3)]), []);
  });

  test("failed attempts (brute force) do not anchor a sequence", () => {
    const failures = signInFinding("brute-force-targeted", SIGN_IN_TIME, "203.0.113.9", {}, { errorCode: 50126 });
    assert.deepEqual(bonuses([failures, mfaChange(20)]), []);
  });

  test("each sequence counts once, with its strongest pair", () => {
    const correlations = findCorrelations([risky(), mfaChange(300), mfaChange(10)], emptyFacts());
    assert.deepEqual(correlations.map((c) => c.bonus), [30]);
    assert.match(correlations[0].text, /\+10 min/);
  });
});

describe("cross-user patterns", () => {
  const forward = (address: string, extra: Partial<Finding> = {}) =>
    finding({ ruleId: "inbox-rule-external-forward", category: "mailbox", persistence: true, entities: { forwardTo: [address] }, ...extra });

  test("values that findings of two or more users share, normalised", () => {
    const patterns = findCrossUserPatterns([
      { id: "u1", userPrincipalName: "a@contoso.example", findings: [forward("SMTP:Evil@Attacker.example"), signInFinding("x", SIGN_IN_TIME, "203.0.113.9")] },
      { id: "u2", userPrincipalName: "b@contoso.example", findings: [forward("evil@attacker.example", { ruleId: "inbox-rule-hiding" })] },
      { id: "u3", userPrincipalName: "c@contoso.example", findings: [signInFinding("y", SIGN_IN_TIME, "192.0.2.1")] },
    ]);
    assert.deepEqual(patterns, [
      {
        kind: "forwardingDestination",
        value: "evil@attacker.example",
        users: [{ id: "u1", userPrincipalName: "a@contoso.example" }, { id: "u2", userPrincipalName: "b@contoso.example" }],
        ruleIds: ["inbox-rule-external-forward", "inbox-rule-hiding"],
      },
    ]);
  });

  test("values only context findings flag make no pattern and earn no bonus", () => {
    const travel = (id: string) => signInFinding("sign-in-unfamiliar-location", SIGN_IN_TIME, "195.171.42.3", { context: true, id });
    const users = [
      { id: "u1", userPrincipalName: "a@x", findings: [travel("t1")] },
      { id: "u2", userPrincipalName: "b@x", findings: [travel("t2")] },
      { id: "u3", userPrincipalName: "c@x", findings: [signInFinding("legacy-auth-sign-in", SIGN_IN_TIME, "195.171.42.3")] },
    ];
    assert.deepEqual(findCrossUserPatterns(users), []);
    const patterns = findCrossUserPatterns([...users, { id: "u4", userPrincipalName: "d@x", findings: [signInFinding("legacy-auth-sign-in", SIGN_IN_TIME, "195.171.42.3")] }]);
    assert.deepEqual(patterns.map((p) => p.users.map((u) => u.id)), [["u3", "u4"]]);
    assert.deepEqual(crossUserCorrelations("u1", users[0].findings, patterns, parseConfig({}, "(test)")), []);
  });

  test("a shared IP other users already used before the window (office egress) earns no bonus", () => {
    const findings = [signInFinding("impossible-travel", SIGN_IN_TIME, "195.171.42.3")];
    const patterns = findCrossUserPatterns([
      { id: "u1", userPrincipalName: "a@x", findings },
      { id: "u2", userPrincipalName: "b@x", findings: [signInFinding("legacy-auth-sign-in", SIGN_IN_TIME, "195.171.42.3")] },
    ]);
    const config = parseConfig({}, "(test)");
    assert.equal(crossUserCorrelations("u1", findings, patterns, config)[0].correlation.bonus, 20);
    assert.deepEqual(crossUserCorrelations("u1", findings, patterns, config, { sharedEgressIps: new Set(["195.171.42.3"]) }), []);
  });

  test("phones compare after normalisation; suppressed findings do not count", () => {
    const phone = (value: string) => finding({ ruleId: "mfa-phone", entities: { phones: [value] } });
    const patterns = findCrossUserPatterns([
      { id: "u1", userPrincipalName: "a@x", findings: [phone("+1 425-555-0100")] },
      { id: "u2", userPrincipalName: "b@x", findings: [phone("+1 4255550100")] },
      { id: "u3", userPrincipalName: "c@x", findings: [{ ...phone("+1 4255550100"), suppressed: { reason: "ack", by: "ack" } }] },
    ]);
    assert.equal(patterns.length, 1);
    assert.equal(patterns[0].kind, "mfaPhone");
    assert.equal(patterns[0].value, "+14255550100");
    assert.equal(patterns[0].users.length, 2);
    // mfa-phone-shared already scores the sharing; §8.4 gives the batch bonus to other artefacts.
    assert.deepEqual(crossUserCorrelations("u1", [phone("+1 425-555-0100")], patterns, parseConfig({}, "(test)")), []);
  });

  test("the user's bonus is +20 per shared value, +30 at most, and allow-listed values earn nothing", () => {
    const mine = [forward("evil@attacker.example"), signInFinding("x", SIGN_IN_TIME, "203.0.113.9"), finding({ ruleId: "c", entities: { appIds: ["APP-1"] } })];
    const theirs = [forward("evil@attacker.example"), signInFinding("x", SIGN_IN_TIME, "203.0.113.9"), finding({ ruleId: "c", entities: { appIds: ["app-1"] } })];
    const patterns = findCrossUserPatterns([
      { id: "u1", userPrincipalName: "a@contoso.example", findings: mine },
      { id: "u2", userPrincipalName: "b@contoso.example", findings: theirs },
    ]);
    assert.equal(patterns.length, 3);
    const config = parseConfig({}, "(test)");
    const correlations = crossUserCorrelations("u1", mine, patterns, config);
    assert.deepEqual(correlations.map((c) => [c.kind, c.correlation.bonus]), [["forwardingDestination", 20], ["consentedApp", 10], ["signInIp", 0]]);
    assert.equal(correlations[0].correlation.text, 'Same forwarding destination "evil@attacker.example" on 2 investigated users (also b@contoso.example)');
    assert.deepEqual(correlations[0].correlation.findingIds, [mine[0].id]);

    const allowing = parseConfig({ allowLists: { ipRanges: ["203.0.113.0/24"], partnerDomains: ["attacker.example"], apps: ["app-1"] } }, "(test)");
    assert.deepEqual(crossUserCorrelations("u1", mine, patterns, allowing), []);
    assert.deepEqual(crossUserCorrelations("u3", mine, patterns, config), []);
  });
});
