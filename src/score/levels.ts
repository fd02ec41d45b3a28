import type { Config } from "../config/schema.js";
import { RISK_LEVELS, type RiskLevel } from "../report/types.js";

export type LevelThresholds = Config["scoring"]["levels"];

export const LEVEL_RANK: Readonly<Record<RiskLevel, number>> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** The highest level whose lowest score (config.scoring.levels) the score reaches. */
export function levelForScore(score: number, thresholds: LevelThresholds): RiskLevel {
  if (score >= thresholds.critical) return "critical";
  if (score >= thresholds.high) return "high";
  if (score >= thresholds.medium) return "medium";
  if (score >= thresholds.low && score > 0) return "low";
  return "none";
}

/** The lowest score that reads as `level`. */
export function minScoreFor(level: RiskLevel, thresholds: LevelThresholds): number {
  return level === "none" ? 0 : thresholds[level];
}

export function levelAtLeast(level: RiskLevel, threshold: RiskLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[threshold];
}

export function higherLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/** Users per level, every level present (report summary, terminal line). */
export function countByLevel(levels: Iterable<RiskLevel>): Record<RiskLevel, number> {
  const counts = Object.fromEntries(RISK_LEVELS.map((level) => [level, 0])) as Record<RiskLevel, number>;
  for (const level of levels) counts[level]++;
  return counts;
}
