import { inboxRuleAfterRiskySignIn } from "../../../src/rules/mailbox/inbox-rule-after-risky-sign-in.js";
import { emptyFacts, emptySignInBaseline, failed, ok } from "../../helpers/evidence.js";
import { T0, at, auditRecord, makeEvidence, riskDetection, runCases, signIn, type Case } from "./graph-shaped.js";

type O = typeof inboxRuleAfterRiskySignIn.defaultOptions;
const ATTACKER_IP = "185.220.101.47";
const risky = signIn(T0, { riskLevelDuringSignIn: "high", riskState: "atRisk", ipAddress: ATTACKER_IP, country: "DE", sessionId: "sess-aitm-1" });
const rule = (minutes: number, params: Record<string, string> = { Name: ".", MoveToFolder: "RSS Feeds", MarkAsRead: "True" }, overrides = {}) =>
  auditRecord("New-InboxRule", at(T0, minutes).time, params, { clientIp: "198.51.100.7", ...overrides });

const baselineWithHome = { ...emptySignInBaseline(), signIns: 40, successes: 40, activeDays: 20, ips: { "203.0.113.10": 40 }, countries: { US: 40 } };

const cases: Case<O>[] = [
  {
    name: "rule 20 min after a high-risk sign-in: strong, floor high",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(20)]) }),
    expect: { count: 1, minConfidence: 0.74, maxConfidence: 0.76, floor: "high", matched: /<= 60 min/, entities: { ruleNames: ["."], ips: ["198.51.100.7"] } },
  },
  {
    name: "same session id as the risky sign-in is strongest (AiTM blog)",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(300, { Name: "." }, { sessionId: "sess-aitm-1" })]) }),
    expect: { count: 1, minConfidence: 0.6, matched: /session sess-aitm-1/, floor: "high" },
  },
  {
    name: "session id read from AppAccessContext in the raw record",
    evidence: makeEvidence({
      signIns: ok([risky]),
      auditRecords: ok([rule(300, { Name: "." }, { raw: { auditData: { AppAccessContext: { AADSessionId: "sess-aitm-1" } } } })]),
    }),
    expect: { count: 1, matched: /session/ },
  },
  {
    name: "same IP as the risky sign-in adds confidence",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(30, undefined, { clientIp: `${ATTACKER_IP}:51234` })]) }),
    expect: { count: 1, minConfidence: 0.84, adjustment: /sign-in's IP/ },
  },
  {
    name: "within 24 h is weaker but still correlated",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(600)]) }),
    expect: { count: 1, minConfidence: 0.49, maxConfidence: 0.51, matched: /<= 24 h/ },
  },
  {
    name: "rule logged a few minutes before the sign-in (clock skew) keeps firstSeen <= lastSeen",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(-3)]) }),
    expect: { count: 1, firstSeen: "2026-11-25T08:57:00.000Z" },
  },
  {
    name: "more than 24 h later is not correlated",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(25 * 60)]) }),
    expect: { count: 0 },
  },
  {
    name: "rule before the sign-in is not correlated",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(-90)]) }),
    expect: { count: 0 },
  },
  {
    name: "Identity Protection detection as the anchor",
    evidence: makeEvidence({ riskDetections: ok([riskDetection(T0, { riskEventType: "anomalousToken", riskLevel: "high" })]), auditRecords: ok([rule(45)]) }),
    expect: { count: 1, explanation: /anomalousToken/ },
  },
  {
    name: "dismissed detection and remediated sign-in do not anchor",
    evidence: makeEvidence({
      signIns: ok([signIn(T0, { riskLevelDuringSignIn: "high", riskState: "dismissed" })]),
      riskDetections: ok([riskDetection(T0, { riskState: "dismissed" })]),
      auditRecords: ok([rule(10)]),
    }),
    expect: { count: 0 },
  },
  {
    name: "low-risk sign-in alone is not risky",
    evidence: makeEvidence({ signIns: ok([signIn(T0, { riskLevelDuringSignIn: "low" })]), auditRecords: ok([rule(10)]) }),
    expect: { count: 0 },
  },
  {
    name: "sign-in from the rule's IP unseen in the baseline anchors",
    evidence: makeEvidence({
      signIns: ok([signIn(T0, { ipAddress: "198.51.100.7", country: "US" })]),
      signInBaseline: ok(baselineWithHome),
      auditRecords: ok([rule(15)]),
    }),
    expect: { count: 1, explanation: /not in the user's baseline/, floor: "high" },
  },
  {
    name: "rule written from the user's usual IP after an ordinary sign-in is quiet",
    evidence: makeEvidence({
      signIns: ok([signIn(T0)]),
      signInBaseline: ok(baselineWithHome),
      auditRecords: ok([rule(15, undefined, { clientIp: "203.0.113.10" })]),
    }),
    expect: { count: 0 },
  },
  {
    name: "success from a spray IP anchors",
    evidence: makeEvidence({ signIns: ok([signIn(T0, { ipAddress: "192.0.2.66" })]), auditRecords: ok([rule(5)]) }),
    context: { facts: emptyFacts({ sprayIps: new Map([["192.0.2.66", { ip: "192.0.2.66", distinctUsers: 12, firstSeen: T0, lastSeen: T0, basis: ">= 5 users" }]]) }) },
    expect: { count: 1, explanation: /password-spray/ },
  },
  {
    name: "rule with no hiding or forwarding action is discounted but still reported",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(20, { Name: "Flag boss", MarkImportance: "High" })]) }),
    expect: { count: 1, maxConfidence: 0.55, adjustment: /no forwarding/ },
  },
  {
    name: "forwarding rule adds T1114.003 and forwardTo entity",
    evidence: makeEvidence({ signIns: ok([risky]), auditRecords: ok([rule(20, { Name: "x", ForwardTo: "drop@protonmail.example;megan@contoso.example" })]) }),
    expect: { count: 1, attack: ["T1564.008", "T1078.004", "T1114.003"], entities: { ruleNames: ["x"], ips: ["198.51.100.7"], forwardTo: ["drop@protonmail.example"] } },
  },
  {
    name: "New then Set of the same rule produce one detection",
    evidence: makeEvidence({
      signIns: ok([risky]),
      auditRecords: ok([rule(20), auditRecord("Set-InboxRule", at(T0, 40).time, { Identity: "adele@contoso.example\\.", StopProcessingRules: "True" })]),
    }),
    expect: { count: 1 },
  },
  {
    name: "sign-ins not collected: nothing",
    evidence: makeEvidence({ signIns: failed(), auditRecords: ok([rule(20)]) }),
    expect: { count: 0 },
  },
];

runCases(inboxRuleAfterRiskySignIn, cases);
