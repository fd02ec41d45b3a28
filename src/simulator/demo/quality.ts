/**
 * How well a scan report matches the demo tenant's ground truth: every attacked user should be
 * high or critical with the scenario's ATT&CK techniques among their findings (recall), and few
 * benign users should reach medium, the level that opens a ticket (precision). Used by the
 * ground-truth test and `npm run quality`.
 */
import type { Report, RiskLevel, UserReport } from "../../report/types.js";
import { RISK_LEVELS } from "../../report/types.js";
import type { GroundTruth } from "./generate.js";

const RANK: Readonly<Record<RiskLevel, number>> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** The level an attacked user must reach, and the level at which a benign user counts as flagged. */
export const DETECTED_LEVEL: RiskLevel = "high";
export const FLAGGED_LEVEL: RiskLevel = "medium";

export interface ScenarioOutcome {
  scenario: string;
  userPrincipalName: string;
  level: RiskLevel;
  score: number;
  expected: string[];
  found: string[];
  missing: string[];
  /** Level >= high and no expected technique missing. */
  detected: boolean;
}

export interface FlaggedUser {
  userPrincipalName: string;
  level: RiskLevel;
  score: number;
  /** The strongest active findings: "ruleId (score)". */
  top: string[];
}

export interface BenignOutcome {
  total: number;
  byLevel: Record<RiskLevel, number>;
  /** Benign users at medium or above, highest score first. */
  flagged: FlaggedUser[];
}

export interface QualityResult {
  scenarios: ScenarioOutcome[];
  benign: BenignOutcome;
  /** Detected scenarios / scenarios. */
  recall: number;
  /** Attacked users at medium+ / all labelled users (attacked or benign) at medium+. */
  precision: number;
  /** Benign users at medium+ / benign users. */
  benignFlaggedRate: number;
}

const atLeast = (level: RiskLevel, floor: RiskLevel) => RANK[level] >= RANK[floor];

function activeFindings(user: UserReport) {
  return user.findings.filter((f) => !f.suppressed);
}

function scenarioOutcome(truth: GroundTruth["scenarios"][number], user: UserReport | undefined): ScenarioOutcome {
  const found = new Set(user ? activeFindings(user).flatMap((f) => f.attack) : []);
  const missing = truth.attack.filter((t) => !found.has(t));
  const level = user?.riskLevel ?? "none";
  return {
    scenario: truth.scenario,
    userPrincipalName: truth.userPrincipalName,
    level,
    score: user?.riskScore ?? 0,
    expected: [...truth.attack],
    found: [...found].sort(),
    missing,
    detected: user !== undefined && atLeast(level, DETECTED_LEVEL) && missing.length === 0,
  };
}

function flaggedUser(user: UserReport): FlaggedUser {
  const top = [...activeFindings(user)].sort((a, b) => b.score - a.score).slice(0, 4);
  return { userPrincipalName: user.userPrincipalName, level: user.riskLevel, score: user.riskScore, top: top.map((f) => `${f.ruleId} (${f.score})`) };
}

/** Scores a report against the ground truth of the demo tenant it scanned. */
export function assessQuality(report: Pick<Report, "users">, truth: GroundTruth): QualityResult {
  const byId = new Map(report.users.map((u) => [u.id, u]));
  const scenarios = truth.scenarios.map((s) => scenarioOutcome(s, byId.get(s.userId)));
  const benignUsers = truth.benignUserIds.map((id) => byId.get(id)).filter((u): u is UserReport => u !== undefined);
  const byLevel = Object.fromEntries(RISK_LEVELS.map((level) => [level, 0])) as Record<RiskLevel, number>;
  for (const user of benignUsers) byLevel[user.riskLevel]++;
  const flagged = benignUsers.filter((u) => atLeast(u.riskLevel, FLAGGED_LEVEL)).map(flaggedUser).sort((a, b) => b.score - a.score);
  const attackedFlagged = scenarios.filter((s) => atLeast(s.level, FLAGGED_LEVEL)).length;
  const allFlagged = attackedFlagged + flagged.length;
  return {
    scenarios,
    benign: { total: benignUsers.length, byLevel, flagged },
    recall: scenarios.length ? scenarios.filter((s) => s.detected).length / scenarios.length : 1,
    precision: allFlagged ? attackedFlagged / allFlagged : 1,
    benignFlaggedRate: benignUsers.length ? flagged.length / benignUsers.length : 0,
  };
}
