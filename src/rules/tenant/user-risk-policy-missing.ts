import type { ConditionalAccessPolicy } from "../../collect/evidence.js";
import type { EvidenceItem } from "../../report/types.js";
import { defineTenantRule } from "../types.js";

const IMPACT = 40;
const CONFIDENCE = 0.9;
const MAX_EVIDENCE = 10;

function policyItem(policy: ConditionalAccessPolicy): EvidenceItem {
  return {
    source: "conditionalAccessPolicies",
    id: policy.id,
    fields: {
      displayName: policy.displayName ?? null,
      state: policy.state ?? null,
      userRiskLevels: (policy.userRiskLevels ?? []).join(", ") || null,
      grantControls: (policy.grantControls ?? []).join(", ") || null,
    },
  };
}

export type UserRiskPolicyMissingOptions = Record<string, never>;

export const userRiskPolicyMissing = defineTenantRule<UserRiskPolicyMissingOptions>({
  meta: {
    id: "user-risk-policy-missing",
    scope: "tenant",
    title: "No user-risk conditional access policy",
    description:
      "No enabled conditional access policy has a user-risk condition, so accounts Entra ID Protection flags as compromised are not forced to change password or blocked (checklist step 7: turn on the user risk policy where P2 is licensed).",
    severity: "medium",
    attack: ["T1078.004"],
    category: "tenant",
    requires: [],
    impact: IMPACT,
    remediation:
      "Create a conditional access policy for all users with User risk = High (and Medium if tolerable) requiring MFA and a secure password change; test it in report-only mode first.",
  },
  defaultOptions: {},
  evaluate(tenant, _users, ctx) {
    if (tenant.conditionalAccessPolicies.status !== "ok") return [];
    // Risk-based conditions need Entra ID P2; without it the policy cannot exist.
    if (tenant.licenses.entraIdP2 === false) return [];
    const policies = tenant.conditionalAccessPolicies.value;
    const withUserRisk = policies.filter((p) => (p.userRiskLevels ?? []).some((level) => level && level.toLowerCase() !== "none"));
    if (withUserRisk.some((p) => (p.state ?? "").toLowerCase() === "enabled")) return [];

    const reportOnly = withUserRisk.filter((p) => (p.state ?? "").toLowerCase() === "enabledforreportingbutnotenforced");
    const disabled = withUserRisk.filter((p) => (p.state ?? "").toLowerCase() === "disabled");
    const shown = withUserRisk.length ? withUserRisk : policies.slice(0, MAX_EVIDENCE);
    const now = ctx.now.toISOString();
    return [
      {
        confidence: CONFIDENCE,
        firstSeen: now,
        lastSeen: now,
        explanation:
          `None of the ${policies.length} conditional access policies is enabled with a user-risk condition` +
          `${reportOnly.length ? `; report-only: ${reportOnly.map((p) => p.displayName).join(", ")}` : ""}` +
          `${disabled.length ? `; disabled: ${disabled.map((p) => p.displayName).join(", ")}` : ""}.`,
        matched: { threshold: "an enabled policy with conditions.userRiskLevels", observed: `${withUserRisk.length} user-risk policies, none enabled` },
        evidence: shown.length ? shown.map(policyItem) : [{ source: "conditionalAccessPolicies", fields: { policies: 0 } }],
      },
    ];
  },
});
