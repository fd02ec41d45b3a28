import type { TenantEvidence, UserEvidence } from "../collect/evidence.js";
import { messageOf } from "../lib/errors.js";
import type { Finding } from "../report/types.js";
import type { ResolvedRule } from "./resolve-rules.js";
import type { Detection, EvidenceKey, RuleContext, RuleMeta, TenantRule, UserRule } from "./types.js";

/** Everything a rule's context holds except its own options, which the runner adds. */
export type RuleRunBase = Omit<RuleContext<unknown>, "options">;

export interface RuleError {
  ruleId: string;
  message: string;
}

/** A rule not evaluated for a user because evidence it requires was not collected. */
export interface SkippedRule {
  ruleId: string;
  missing: EvidenceKey[];
}

export interface UserEvaluation {
  findings: Finding[];
  errors: RuleError[];
  skipped: SkippedRule[];
}

export interface TenantEvaluation {
  findings: Finding[];
  errors: RuleError[];
}

/** Owner id used in the finding ids of tenant-scoped rules. */
export const TENANT_OWNER = "tenant";

function isTenantRule(rule: ResolvedRule["rule"]): rule is TenantRule<unknown> {
  return rule.meta.scope === "tenant";
}

function missingEvidence(evidence: UserEvidence, requires: readonly EvidenceKey[]): EvidenceKey[] {
  return requires.filter((key) => evidence[key]?.status !== "ok");
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function isTimestamp(value: unknown): boolean {
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
}

/** Why a detection cannot become a finding, or undefined when it can. */
function invalidDetection(detection: Detection): string | undefined {
  if (!detection || typeof detection !== "object") return "a detection that is not an object";
  if (typeof detection.confidence !== "number" || !Number.isFinite(detection.confidence)) return "a detection without a numeric confidence";
  if (detection.impact !== undefined && !Number.isFinite(detection.impact)) return "a detection with a non-numeric impact";
  if (!isTimestamp(detection.firstSeen) || !isTimestamp(detection.lastSeen)) return "a detection without valid firstSeen/lastSeen times";
  if (typeof detection.explanation !== "string") return "a detection without an explanation";
  if (!Array.isArray(detection.evidence)) return "a detection without an evidence list";
  return undefined;
}

/** Detection -> report Finding: meta fills what the detection leaves out; score = impact x confidence. */
export function toFinding(meta: RuleMeta, detection: Detection, ownerId: string, n: number): Finding {
  const impact = clamp(detection.impact ?? meta.impact, 0, 100);
  const confidence = clamp(detection.confidence, 0, 1);
  const finding: Finding = {
    id: `${meta.id}:${ownerId}:${n}`,
    ruleId: meta.id,
    title: detection.title ?? meta.title,
    severity: detection.severity ?? meta.severity,
    score: Math.round(impact * confidence),
    impact,
    confidence,
    attack: [...(detection.attack ?? meta.attack)],
    firstSeen: detection.firstSeen,
    lastSeen: detection.lastSeen,
    explanation: detection.explanation,
    adjustments: [...(detection.adjustments ?? [])],
    evidence: [...detection.evidence],
    category: meta.category,
  };
  if (detection.matched) finding.matched = { ...detection.matched };
  if (meta.persistence) finding.persistence = true;
  if (detection.context ?? meta.context) finding.context = true;
  if (detection.floor) finding.floor = { ...detection.floor };
  if (detection.entities) finding.entities = { ...detection.entities };
  return finding;
}

/**
 * Runs one rule and converts its detections. A throw, or a detection that cannot be reported,
 * becomes an error naming the rule and the subject: the run goes on and the report shows it.
 */
function runRule(
  meta: RuleMeta,
  ownerId: string,
  subject: string,
  evaluate: () => Detection[],
  into: { findings: Finding[]; errors: RuleError[] },
): void {
  let detections: Detection[];
  try {
    detections = evaluate();
    if (!Array.isArray(detections)) throw new Error("evaluate() did not return an array");
  } catch (error) {
    into.errors.push({ ruleId: meta.id, message: `Rule "${meta.id}" failed for ${subject}: ${messageOf(error)}` });
    return;
  }
  const findings: Finding[] = [];
  for (const detection of detections) {
    const problem = invalidDetection(detection);
    if (problem) {
      into.errors.push({ ruleId: meta.id, message: `Rule "${meta.id}" returned ${problem} for ${subject}; its findings were dropped.` });
      return;
    }
    findings.push(toFinding(meta, detection, ownerId, findings.length + 1));
  }
  into.findings.push(...findings);
}

const contexts = new WeakMap<RuleRunBase, WeakMap<ResolvedRule, RuleContext<unknown>>>();

/** A rule's context for a run: built once per run and rule, not once per user (a 10,000-user scan calls every rule per user). */
function contextFor(base: RuleRunBase, resolved: ResolvedRule): RuleContext<unknown> {
  let byRule = contexts.get(base);
  if (!byRule) contexts.set(base, (byRule = new WeakMap()));
  let ctx = byRule.get(resolved);
  if (!ctx) byRule.set(resolved, (ctx = { ...base, options: resolved.options }));
  return ctx;
}

/** Runs the user-scoped rules on one user's evidence. Tenant-scoped rules are ignored here. */
export function evaluateUser(evidence: UserEvidence, rules: readonly ResolvedRule[], base: RuleRunBase): UserEvaluation {
  const result: UserEvaluation = { findings: [], errors: [], skipped: [] };
  const subject = evidence.user.userPrincipalName || evidence.user.id;
  for (const resolved of rules) {
    const { rule } = resolved;
    if (isTenantRule(rule)) continue;
    const missing = missingEvidence(evidence, rule.meta.requires);
    if (missing.length) {
      result.skipped.push({ ruleId: rule.meta.id, missing });
      continue;
    }
    const userRule = rule as UserRule<unknown>;
    const ctx = contextFor(base, resolved);
    runRule(rule.meta, evidence.user.id, subject, () => userRule.evaluate(evidence, ctx), result);
  }
  return result;
}

/**
 * Runs the tenant-scoped rules once. Each rule sees only the users whose required evidence was
 * collected, so it may rely on those sources being `ok`; the others show up in coverage.
 */
export function evaluateTenant(
  tenant: TenantEvidence,
  users: readonly UserEvidence[],
  rules: readonly ResolvedRule[],
  base: RuleRunBase,
): TenantEvaluation {
  const result: TenantEvaluation = { findings: [], errors: [] };
  for (const { rule, options } of rules) {
    if (!isTenantRule(rule)) continue;
    const usable = users.filter((user) => missingEvidence(user, rule.meta.requires).length === 0);
    runRule(rule.meta, TENANT_OWNER, "the tenant", () => rule.evaluate(tenant, usable, { ...base, options }), result);
  }
  return result;
}
