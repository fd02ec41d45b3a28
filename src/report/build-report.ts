import type { InvestigationWindow, UserEvidence } from "../collect/evidence.js";
import type { Config } from "../config/schema.js";
import { adviseContainment, buildTimeline, summariseSignIns } from "./user-sections.js";
import {
  RISK_LEVELS,
  SCHEMA_VERSION,
  type ContainmentRecord,
  type CoverageEntry,
  type CrossUserPattern,
  type Finding,
  type Report,
  type RiskLevel,
  type RuleDescriptor,
  type RunInfo,
  type UserReport,
  type Verdict,
} from "./types.js";

export interface UserOutcome {
  evidence: UserEvidence;
  findings: Finding[];
  ruleErrors: { ruleId: string; message: string }[];
  riskScore: number;
  riskLevel: RiskLevel;
  verdict: Verdict;
  /** Containment already applied (action logs and the user's own Graph state), oldest first. */
  containmentHistory?: ContainmentRecord[];
}

export interface ReportInput {
  toolVersion: string;
  run: Omit<RunInfo, "complete">;
  window: InvestigationWindow;
  users: UserOutcome[];
  tenantFindings: Finding[];
  patterns: CrossUserPattern[];
  rules: RuleDescriptor[];
  config: Config;
  /** Tenant-level sources that could not be read (organization, policies, peer sign-ins). */
  tenantGaps?: string[];
}

const LEVEL_RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

function coverageOf(evidence: UserEvidence): CoverageEntry[] {
  return evidence.coverage.map((c) => ({ source: c.source, status: c.status, code: c.code, message: c.message, items: c.items }));
}

function buildUser(outcome: UserOutcome, input: ReportInput, categoryOf: (ruleId: string) => string): UserReport {
  const { evidence, findings } = outcome;
  const user = evidence.user;
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    accountEnabled: user.accountEnabled,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled,
    riskScore: outcome.riskScore,
    riskLevel: outcome.riskLevel,
    verdict: outcome.verdict,
    findings: [...findings].sort((a, b) => b.score - a.score || a.firstSeen.localeCompare(b.firstSeen)),
    coverage: coverageOf(evidence),
    timeline: buildTimeline(findings, categoryOf, outcome.verdict.firstBadEvent),
    signIns: summariseSignIns(evidence, findings, input.window),
    containment: adviseContainment(user.userPrincipalName, outcome.riskLevel, findings),
    containmentHistory: outcome.containmentHistory ?? [],
    ruleErrors: outcome.ruleErrors,
  };
}

/** Riskiest first; ties by score, then name, so reports diff cleanly between runs. */
function compareUsers(a: UserReport, b: UserReport): number {
  return (
    LEVEL_RANK[b.riskLevel] - LEVEL_RANK[a.riskLevel] ||
    b.riskScore - a.riskScore ||
    a.userPrincipalName.localeCompare(b.userPrincipalName)
  );
}

/** The single report model every renderer draws from. Pure: no I/O, no clock. */
export function buildReport(input: ReportInput): Report {
  const categories = new Map(input.rules.map((r) => [r.id, r.category]));
  const categoryOf = (ruleId: string) => categories.get(ruleId) ?? "tenant";
  const users = input.users.map((u) => buildUser(u, input, categoryOf)).sort(compareUsers);
  const byLevel = Object.fromEntries(RISK_LEVELS.map((l) => [l, 0])) as Record<RiskLevel, number>;
  let findings = 0;
  let gaps = 0;
  for (const user of users) {
    byLevel[user.riskLevel]++;
    findings += user.findings.length;
    gaps += user.coverage.filter((c) => c.status !== "ok").length;
  }
  const ruleErrors = users.reduce((n, u) => n + u.ruleErrors.length, 0);
  gaps += input.tenantGaps?.length ?? 0;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "phishtrail", version: input.toolVersion },
    run: { ...input.run, complete: gaps === 0 && ruleErrors === 0 },
    summary: {
      users: users.length,
      byLevel,
      findings: findings + input.tenantFindings.length,
      gaps,
      ticketThreshold: input.config.scoring.ticketThreshold,
    },
    users,
    tenantFindings: input.tenantFindings,
    patterns: input.patterns,
    rules: input.rules,
    presentation: {
      classification: input.config.report.classification,
      paper: input.config.report.paper,
      title: users.length === 1 && input.run.targets.mode === "users"
        ? `Incident report: ${users[0].displayName} (${users[0].userPrincipalName})`
        : input.config.report.title,
    },
  };
}

export function levelAtLeast(level: RiskLevel, threshold: RiskLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[threshold];
}
