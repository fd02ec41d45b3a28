import type { CollectionResult } from "../collect/collect.js";
import type { InvestigationWindow } from "../collect/evidence.js";
import type { Config } from "../config/schema.js";
import { deriveTenantFacts } from "../derive/tenant-facts.js";
import type { UserOutcome } from "../report/build-report.js";
import type { CrossUserPattern, Finding, RuleDescriptor } from "../report/types.js";
import { evaluateTenant, evaluateUser, type RuleRunBase } from "../rules/evaluate.js";
import { describeRules, type ResolvedRule } from "../rules/index.js";
import { findCrossUserPatterns, scoreUser } from "../score/index.js";

export interface Judgement {
  users: UserOutcome[];
  tenantFindings: Finding[];
  patterns: CrossUserPattern[];
  rules: RuleDescriptor[];
  warnings: string[];
}

/** Marks findings as suppressed before scoring (nightly acknowledgements); they stay in the report. */
export type Suppressor = (userId: string, findings: Finding[]) => Finding[];

/**
 * derive -> evaluate -> score for every collected user. Pure over its inputs: the same evidence
 * gives the same judgement, which is what makes a replayed evidence snapshot reproduce a run.
 */
export function judge(
  collection: CollectionResult,
  rules: readonly ResolvedRule[],
  config: Config,
  now: Date,
  window: InvestigationWindow,
  suppress?: Suppressor,
): Judgement {
  const organization = collection.tenant.organization.status === "ok" ? collection.tenant.organization.value : null;
  const facts = deriveTenantFacts(collection.users, collection.tenant, config, window);
  const base: RuleRunBase = { now, window, config, facts, organization };

  const evaluated = collection.users.map((evidence) => {
    const result = evaluateUser(evidence, rules, base);
    return { evidence, ...result, findings: suppress ? suppress(evidence.user.id, result.findings) : result.findings };
  });
  // Office egress shared in everyone's history is not an attacker pattern worth listing.
  const patterns = findCrossUserPatterns(
    evaluated.map((e) => ({ id: e.evidence.user.id, userPrincipalName: e.evidence.user.userPrincipalName, findings: e.findings })),
  ).filter((p) => !(p.kind === "signInIp" && facts.sharedEgressIps?.has(p.value)));
  const users: UserOutcome[] = evaluated.map((e) => {
    const score = scoreUser(e.findings, e.evidence, { config, facts, patterns });
    return {
      evidence: e.evidence,
      findings: score.findings,
      ruleErrors: e.errors,
      riskScore: score.riskScore,
      riskLevel: score.riskLevel,
      verdict: score.verdict,
    };
  });
  const tenant = evaluateTenant(collection.tenant, collection.users, rules, base);
  const warnings = [
    ...tenant.errors.map((e) => `tenant rule ${e.ruleId} failed: ${e.message}`),
    ...users.flatMap((u) => u.ruleErrors.map((e) => `rule ${e.ruleId} failed for ${u.evidence.user.userPrincipalName}: ${e.message}`)),
  ];
  return { users, tenantFindings: tenant.findings, patterns, rules: describeRules(rules.map((r) => r.rule)), warnings };
}
