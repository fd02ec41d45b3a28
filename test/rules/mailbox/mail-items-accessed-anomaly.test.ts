import { mailItemsAccessedAnomaly } from "../../../src/rules/mailbox/mail-items-accessed-anomaly.js";
import { emptySignInBaseline, ok } from "../../helpers/evidence.js";
import { T0, at, auditRecord, makeEvidence, runCases, signIn, type Case } from "./graph-shaped.js";

type O = typeof mailItemsAccessedAnomaly.defaultOptions;
const access = (minutes: number, overrides = {}) => auditRecord("MailItemsAccessed", at(T0, minutes).time, {}, { operationCount: 5, ...overrides });
const baseline = { ...emptySignInBaseline(), signIns: 30, ips: { "203.0.113.10": 30 }, apps: { "d3590ed6-52b3-4102-aeff-aad2292ab01c": 30 } };

const cases: Case<O>[] = [
  {
    name: "aggregated record with >= 100 items fires at 30",
    evidence: makeEvidence({ auditRecords: ok([access(0, { operationCount: 240 })]) }),
    expect: { count: 1, minConfidence: 0.49, maxConfidence: 0.51, matched: /240 items/ },
  },
  {
    name: "throttled record fires higher",
    evidence: makeEvidence({ auditRecords: ok([access(0, { isThrottled: true })]) }),
    expect: { count: 1, minConfidence: 0.59, matched: /throttled/ },
  },
  {
    name: "IsThrottled read from the raw payload",
    evidence: makeEvidence({ auditRecords: ok([access(0, { raw: { OperationProperties: [{ Name: "IsThrottled", Value: "True" }] } })]) }),
    expect: { count: 1 },
  },
  {
    name: "bulk access from an IP and app never seen in sign-ins adds 20",
    evidence: makeEvidence({
      signInBaseline: ok(baseline),
      signIns: ok([signIn(T0)]),
      auditRecords: ok([access(10, { operationCount: 500, clientIp: "185.220.101.47", raw: { ClientAppId: "00000002-0000-0ff1-ce00-000000000000", MailAccessType: "Sync" } })]),
    }),
    expect: { count: 1, minConfidence: 0.83, adjustment: /185\.220\.101\.47/, entities: { ips: ["185.220.101.47"] } },
  },
  {
    name: "bulk access from the user's usual IP and Outlook stays at base",
    evidence: makeEvidence({
      signInBaseline: ok(baseline),
      auditRecords: ok([access(10, { operationCount: 150, clientIp: "203.0.113.10", raw: { ClientAppId: "d3590ed6-52b3-4102-aeff-aad2292ab01c" } })]),
    }),
    expect: { count: 1, maxConfidence: 0.51 },
  },
  {
    name: "app ids are not judged without app ids from the window's sign-ins",
    evidence: makeEvidence({
      signInBaseline: ok(baseline),
      signIns: ok([]),
      auditRecords: ok([access(10, { operationCount: 150, clientIp: "203.0.113.10", raw: { ClientAppId: "5d661950-3475-41cd-a2c3-d671a3162bc1" } })]),
    }),
    expect: { count: 1, maxConfidence: 0.51 },
  },
  {
    name: "ordinary reading volume is quiet",
    evidence: makeEvidence({ auditRecords: ok([access(0), access(5, { operationCount: 99 })]) }),
    expect: { count: 0 },
  },
  {
    name: "several hits aggregate into one detection spanning their times",
    evidence: makeEvidence({ auditRecords: ok([access(0, { operationCount: 120 }), access(90, { operationCount: 300 })]) }),
    expect: { count: 1, firstSeen: "2026-11-25T09:00:00.000Z", matched: /420 items in 2 records/ },
  },
  {
    name: "threshold option",
    evidence: makeEvidence({ auditRecords: ok([access(0, { operationCount: 60 })]) }),
    options: { minOperationCount: 50 },
    expect: { count: 1 },
  },
  {
    name: "before the window is baseline",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("MailItemsAccessed", "2026-11-02T00:00:00Z", {}, { operationCount: 900 })]) }),
    expect: { count: 0 },
  },
];

runCases(mailItemsAccessedAnomaly, cases);
