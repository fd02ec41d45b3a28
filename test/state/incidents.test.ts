import assert from "node:assert/strict";
import test from "node:test";
import type { Finding, Report, RiskLevel, Severity, UserReport } from "../../src/report/types.js";
import { annotateReport, decideIncidents, RESOLVE_AFTER_QUIET_DAYS, type IncidentOptions } from "../../src/state/incidents.js";
import { ackSuppressor } from "../../src/state/suppress.js";
import type { StoredIncident } from "../../src/state/types.js";

const NOW = "2026-11-29T06:00:00.000Z";
const OPTIONS: IncidentOptions = { threshold: "medium", now: NOW, tenantId: "tenant-1" };

function finding(ruleId: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return {
    id: `${ruleId}:u1:0`,
    ruleId,
    title: ruleId,
    severity,
    score: 50,
    impact: 50,
    confidence: 1,
    attack: [],
    firstSeen: "2026-11-28T10:00:00Z",
    lastSeen: "2026-11-28T11:00:00Z",
    explanation: "",
    adjustments: [],
    evidence: [],
    ...extra,
  };
}

function user(riskLevel: RiskLevel, findings: Finding[], id = "u1"): UserReport {
  return { id, userPrincipalName: `${id}@example.test`, displayName: id, riskLevel, riskScore: 0, findings } as unknown as UserReport;
}

function stored(extra: Partial<StoredIncident> = {}): StoredIncident {
  return {
    ticketKey: "PT-OPEN00000001",
    userId: "u1",
    userPrincipalName: "u1@example.test",
    status: "open",
    peakLevel: "high",
    lastLevel: "high",
    firstSeen: "2026-11-27T10:00:00Z",
    lastSeen: "2026-11-28T06:00:00Z",
    activeAt: "2026-11-28T06:00:00.000Z",
    openedRun: "run-1",
    updatedRun: "run-1",
    ruleIds: ["inbox-rule-external-forward", "sign-in-unfamiliar-location"],
    ...extra,
  };
}

function decide(u: UserReport, incident?: StoredIncident, options: Partial<IncidentOptions> = {}) {
  const open = new Map(incident ? [[incident.userId, incident]] : []);
  return decideIncidents([u], open, { ...OPTIONS, ...options });
}

test("a user at the threshold without an open incident opens a new one with a derived ticket key", () => {
  const [d] = decide(user("high", [finding("inbox-rule-external-forward", "high")]));
  assert.equal(d.status, "new");
  assert.match(d.ticketKey, /^PT-[0-9A-F]{12}$/);
  assert.equal(d.firstSeen, "2026-11-28T10:00:00Z");
  assert.deepEqual(decide(user("low", [finding("sign-in-unfamiliar-location", "low")])), []);
});

test("an open incident keeps its key: continuing, or escalated when the level rises, a new rule fires at the threshold, or it returns after a quiet spell", () => {
  const same = decide(user("high", [finding("inbox-rule-external-forward", "high")]), stored())[0];
  assert.deepEqual([same.status, same.ticketKey], ["continuing", "PT-OPEN00000001"]);

  assert.equal(decide(user("critical", [finding("inbox-rule-external-forward", "high")]), stored())[0].status, "escalated");
  const rule = decide(user("high", [finding("inbox-rule-external-forward", "high"), finding("mailbox-forwarding", "medium")]), stored())[0];
  assert.equal(rule.status, "escalated");
  assert.match(rule.reason ?? "", /new rule\(s\) mailbox-forwarding/);
  // A new rule below the threshold is not an escalation.
  assert.equal(decide(user("high", [finding("inbox-rule-external-forward", "high"), finding("mfa-not-registered", "low")]), stored())[0].status, "continuing");
  assert.equal(decide(user("high", [finding("inbox-rule-external-forward", "high")]), stored({ lastLevel: "none" }))[0].status, "escalated");
});

test("below the threshold an incident stays open (continuing) until a reset or a quiet spell resolves it", () => {
  const quiet = decide(user("none", []), stored())[0];
  assert.equal(quiet.status, "continuing");
  assert.equal(quiet.active, false);

  const longQuiet = stored({ activeAt: new Date(Date.parse(NOW) - RESOLVE_AFTER_QUIET_DAYS * 86_400_000).toISOString() });
  assert.equal(decide(user("none", []), longQuiet)[0].status, "resolved");

  const reset = decide(user("low", []), stored(), { resetAt: new Map([["u1", Date.parse("2026-11-28T12:00:00Z")]]) })[0];
  assert.equal(reset.status, "resolved");
  // A reset from before the incident began says nothing about it.
  assert.equal(decide(user("low", []), stored(), { resetAt: new Map([["u1", Date.parse("2026-11-01T00:00:00Z")]]) })[0].status, "continuing");
});

test("acknowledged: known rules are suppressed, no ticket; a new rule reaching the threshold or an expired ack brings it back", () => {
  const ack = { reason: "approved partner forwarding", at: "2026-11-28T08:00:00Z", ruleIds: ["inbox-rule-external-forward"] };
  const incident = stored({ ack });
  const suppress = ackSuppressor([incident], new Date(NOW));
  const marked = suppress("u1", [finding("inbox-rule-external-forward", "high"), finding("risky-sign-in-success", "high")]);
  assert.deepEqual(marked[0].suppressed, { by: "ack", reason: "approved partner forwarding" });
  assert.equal(marked[1].suppressed, undefined);
  assert.deepEqual(suppress("u2", [finding("inbox-rule-external-forward", "high")])[0].suppressed, undefined);

  const quiet = decide(user("none", [marked[0]]), incident)[0];
  assert.deepEqual([quiet.status, quiet.endsAck], ["suppressed", false]);

  const escalated = decide(user("high", marked), incident)[0];
  assert.deepEqual([escalated.status, escalated.endsAck, escalated.ticketKey], ["escalated", true, "PT-OPEN00000001"]);
  assert.match(escalated.reason ?? "", /risky-sign-in-success/);

  const expired = stored({ ack: { ...ack, until: "2026-11-29T00:00:00.000Z" } });
  assert.deepEqual(ackSuppressor([expired], new Date(NOW))("u1", [finding("inbox-rule-external-forward", "high")])[0].suppressed, undefined);
  const back = decide(user("high", [finding("inbox-rule-external-forward", "high")]), expired)[0];
  assert.deepEqual([back.status, back.endsAck], ["escalated", true]);
  assert.match(back.reason ?? "", /expired/);
});

test("annotateReport carries keys and statuses to the users and lists resolved incidents", () => {
  const report = { run: { now: NOW }, users: [user("high", [finding("inbox-rule-external-forward", "high")], "u1"), user("none", [], "u2")] } as unknown as Report;
  const decisions = decideIncidents(report.users, new Map([["u2", stored({ userId: "u2", ticketKey: "PT-OLD000000002", activeAt: "2026-11-01T00:00:00Z" })]]), OPTIONS);
  const annotated = annotateReport(report, decisions);
  assert.equal(annotated.users[0].incident?.status, "new");
  assert.equal(annotated.users[1].ticketKey, "PT-OLD000000002");
  assert.deepEqual(annotated.resolvedIncidents, [{ ticketKey: "PT-OLD000000002", userPrincipalName: "u2@example.test", resolvedAt: NOW }]);
});
