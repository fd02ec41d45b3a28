import assert from "node:assert/strict";
import { test } from "node:test";
import type { ConditionalAccessPolicy, TenantEvidence } from "../../../src/collect/evidence.js";
import { userRiskPolicyMissing } from "../../../src/rules/tenant/user-risk-policy-missing.js";
import { failed, makeContext, makeTenantEvidence, ok } from "../../helpers/evidence.js";

const policy = (overrides: Partial<ConditionalAccessPolicy> = {}): ConditionalAccessPolicy => ({
  id: "9b1c0a8e-7d6f-4e5a-b4c3-d2e1f0a9b8c7",
  displayName: "Require MFA for all users",
  state: "enabled",
  userRiskLevels: [],
  signInRiskLevels: [],
  grantControls: ["mfa"],
  includeUsers: ["All"],
  ...overrides,
});

const cases: { name: string; tenant: TenantEvidence; expect: { count: number; explanation?: RegExp } }[] = [
  { name: "no policy at all", tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([]) }), expect: { count: 1 } },
  { name: "only an MFA policy without user risk", tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([policy()]) }), expect: { count: 1 } },
  {
    name: "enabled user-risk policy: quiet",
    tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([policy(), policy({ id: "p2", displayName: "User risk high", userRiskLevels: ["high"], grantControls: ["mfa", "passwordChange"] })]) }),
    expect: { count: 0 },
  },
  {
    name: "user-risk policy only in report-only mode still counts as missing",
    tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([policy({ displayName: "User risk (pilot)", state: "enabledForReportingButNotEnforced", userRiskLevels: ["high"] })]) }),
    expect: { count: 1, explanation: /report-only: User risk \(pilot\)/ },
  },
  {
    name: "disabled user-risk policy counts as missing",
    tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([policy({ state: "disabled", userRiskLevels: ["medium", "high"] })]) }),
    expect: { count: 1, explanation: /disabled/ },
  },
  { name: "userRiskLevels [\"none\"] is no condition", tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([policy({ userRiskLevels: ["none"] })]) }), expect: { count: 1 } },
  { name: "casing of state tolerated", tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([policy({ state: "Enabled", userRiskLevels: ["High"] })]) }), expect: { count: 0 } },
  { name: "policies not collected: nothing (coverage shows it)", tenant: makeTenantEvidence({ conditionalAccessPolicies: failed("Authorization_RequestDenied") }), expect: { count: 0 } },
  {
    name: "tenant without Entra ID P2 cannot have the policy",
    tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([]), licenses: { entraIdP1: true, entraIdP2: false } }),
    expect: { count: 0 },
  },
  { name: "missing userRiskLevels field tolerated", tenant: makeTenantEvidence({ conditionalAccessPolicies: ok([{ id: "p", displayName: "x", state: "enabled" } as never]) }), expect: { count: 1 } },
];

for (const c of cases) {
  test(c.name, () => {
    const detections = userRiskPolicyMissing.evaluate(c.tenant, [], makeContext(userRiskPolicyMissing.defaultOptions));
    assert.equal(detections.length, c.expect.count);
    if (c.expect.count) {
      assert.ok(detections[0].evidence.length > 0);
      assert.ok(detections[0].confidence > 0 && detections[0].confidence <= 1);
    }
    if (c.expect.explanation) assert.match(detections[0].explanation, c.expect.explanation);
  });
}
