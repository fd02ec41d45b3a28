import { RISK_LEVELS, type RiskLevel, type Severity, type UserReport } from "../report/types.js";

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function levelRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** Riskiest first: level, then score, then UPN so equal users keep a stable order. */
export function compareUsersByRisk(a: UserReport, b: UserReport): number {
  return (
    levelRank(b.riskLevel) - levelRank(a.riskLevel) ||
    b.riskScore - a.riskScore ||
    a.userPrincipalName.localeCompare(b.userPrincipalName, "en")
  );
}

export function usersByRisk(users: readonly UserReport[]): UserReport[] {
  return [...users].sort(compareUsersByRisk);
}

/** Levels from the most to the least severe, as summaries list them. */
export const LEVELS_DESCENDING: readonly RiskLevel[] = [...RISK_LEVELS].reverse();
