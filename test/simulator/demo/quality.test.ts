import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding, Report, RiskLevel, UserReport } from "../../../src/report/types.js";
import type { GroundTruth } from "../../../src/simulator/demo/generate.js";
import { assessQuality } from "../../../src/simulator/demo/quality.js";

function user(id: string, riskLevel: RiskLevel, riskScore: number, findings: Partial<Finding>[] = []): UserReport {
  return {
    id,
    userPrincipalName: `${id}@contoso.example`,
    riskLevel,
    riskScore,
    findings: findings.map((f, i) => ({ ruleId: `rule-${i}`, score: 10, attack: [], ...f }) as Finding),
  } as UserReport;
}

const truth: GroundTruth = {
  scenarios: [
    { scenario: "aitm", userId: "v1", userPrincipalName: "v1@contoso.example", attack: ["T1557", "T1534"], description: "", start: "" },
    { scenario: "consent", userId: "v2", userPrincipalName: "v2@contoso.example", attack: ["T1528"], description: "", start: "" },
    { scenario: "travel", userId: "v3", userPrincipalName: "v3@contoso.example", attack: ["T1078.004"], description: "", start: "" },
  ],
  benignUserIds: ["b1", "b2", "b3", "b4"],
};

test("a scenario is detected only at high+ with every expected technique among active findings", () => {
  const report: Pick<Report, "users"> = {
    users: [
      user("v1", "critical", 90, [{ attack: ["T1557"] }, { attack: ["T1534"] }]),
      user("v2", "high", 60, [{ attack: ["T1528"], suppressed: { reason: "ack", by: "ack" } }]),
      user("v3", "medium", 40, [{ attack: ["T1078.004"] }]),
      user("b1", "none", 0),
      user("b2", "low", 10),
      user("b3", "medium", 30, [{ ruleId: "weak", score: 20 }, { ruleId: "weaker", score: 5 }]),
      user("b4", "high", 55, [{ ruleId: "strong", score: 55 }]),
    ],
  };
  const result = assessQuality(report, truth);
  assert.deepEqual(result.scenarios.map((s) => [s.scenario, s.detected, s.missing]), [["aitm", true, []], ["consent", false, ["T1528"]], ["travel", false, []]]);
  assert.equal(result.recall, 1 / 3);
  // Flagged (medium+): three attacked users and two benign ones.
  assert.equal(result.precision, 3 / 5);
  assert.equal(result.benignFlaggedRate, 2 / 4);
  assert.deepEqual(result.benign.byLevel, { none: 1, low: 1, medium: 1, high: 1, critical: 0 });
  assert.deepEqual(result.benign.flagged.map((u) => [u.userPrincipalName, u.top]), [
    ["b4@contoso.example", ["strong (55)"]],
    ["b3@contoso.example", ["weak (20)", "weaker (5)"]],
  ]);
});

test("a user missing from the report counts as undetected, not as an error", () => {
  const result = assessQuality({ users: [] }, truth);
  assert.equal(result.recall, 0);
  assert.equal(result.benign.total, 0);
  assert.equal(result.precision, 1);
});
