import { defenderAlert } from "../../../src/rules/alerts/defender-alert.js";
import { failed, ok } from "../../helpers/evidence.js";
import { T0, alert, at, makeEvidence, runCases, type Case } from "../mailbox/graph-shaped.js";

type O = typeof defenderAlert.defaultOptions;
const score = (d: { impact?: number; confidence: number }) => Math.round((d.impact ?? 0) * d.confidence);
const expectScore = (value: number) => (detections: { impact?: number; confidence: number }[]) => {
  if (score(detections[0]) !== value) throw new Error(`score ${score(detections[0])} != ${value}`);
};

const cases: Case<O>[] = [
  { name: "high alert scores 50", evidence: makeEvidence({ alerts: ok([alert({ severity: "high" })]) }), expect: { count: 1, severity: "high", attack: ["T1564.008"], check: expectScore(50) } },
  { name: "medium alert scores 30", evidence: makeEvidence({ alerts: ok([alert()]) }), expect: { count: 1, severity: "medium", check: expectScore(30) } },
  { name: "low alert scores 10", evidence: makeEvidence({ alerts: ok([alert({ severity: "low" })]) }), expect: { count: 1, check: expectScore(10) } },
  { name: "informational alert is quiet", evidence: makeEvidence({ alerts: ok([alert({ severity: "informational" })]) }), expect: { count: 0 } },
  { name: "false positive is excluded", evidence: makeEvidence({ alerts: ok([alert({ classification: "falsePositive", status: "resolved" })]) }), expect: { count: 0 } },
  { name: "expected activity is excluded", evidence: makeEvidence({ alerts: ok([alert({ classification: "informationalExpectedActivity" })]) }), expect: { count: 0 } },
  { name: "resolved as benign (confirmed user activity) is excluded", evidence: makeEvidence({ alerts: ok([alert({ status: "resolved", determination: "confirmedUserActivity" })]) }), expect: { count: 0 } },
  { name: "dismissed-style resolved without classification is discounted", evidence: makeEvidence({ alerts: ok([alert({ status: "resolved" })]) }), expect: { count: 1, adjustment: /Resolved without a classification/ } },
  { name: "true positive raises confidence to 1", evidence: makeEvidence({ alerts: ok([alert({ classification: "truePositive", determination: "compromisedAccount" })]) }), expect: { count: 1, minConfidence: 1 } },
  {
    name: "same title repeated is one detection at the highest severity",
    evidence: makeEvidence({ alerts: ok([alert({ id: "a1" }), alert({ id: "a2", severity: "high", ...{ createdTime: at(T0, 30).time, ms: at(T0, 30).ms } })]) }),
    expect: { count: 1, severity: "high", check: (d) => { if (d[0].evidence.length !== 2) throw new Error("two alerts as evidence"); } },
  },
  {
    name: "Identity Protection alert is discounted when risk detections are scored",
    evidence: makeEvidence({ alerts: ok([alert({ title: "Unfamiliar sign-in properties", serviceSource: "azureAdIdentityProtection", mitreTechniques: ["T1078"] })]) }),
    expect: { count: 1, adjustment: /Identity Protection/, attack: ["T1078"] },
  },
  { name: "alert before the window is history", evidence: makeEvidence({ alerts: ok([alert({ createdTime: "2026-11-01T00:00:00Z", ms: Date.parse("2026-11-01T00:00:00Z") })]) }), expect: { count: 0 } },
  { name: "missing mitreTechniques and status tolerated", evidence: makeEvidence({ alerts: ok([{ id: "x", title: "t", severity: "High", createdTime: T0, ms: Date.parse(T0) } as never]) }), expect: { count: 1, attack: [] } },
  { name: "alerts not collected", evidence: makeEvidence({ alerts: failed() }), expect: { count: 0 } },
];

runCases(defenderAlert, cases);
