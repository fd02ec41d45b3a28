import type { UserEvidence } from "../collect/evidence.js";
import type { Config } from "../config/schema.js";
import type { TenantFacts } from "../derive/tenant-facts.js";
import type { CrossUserPattern, Finding, RiskLevel, Verdict } from "../report/types.js";
import { aggregate } from "./aggregate.js";
import { findCorrelations } from "./correlations.js";
import { crossUserCorrelations } from "./cross-user.js";
import { explainWhy, whatWouldLower, type Explained } from "./explain.js";
import { findFloors } from "./floors.js";
import { LEVEL_RANK, levelForScore, minScoreFor } from "./levels.js";
import { discountForReset } from "./reset-discount.js";

export interface ScoreContext {
  config: Config;
  facts: TenantFacts;
  /** Cross-user patterns of the whole run (findCrossUserPatterns), for the batch bonus. */
  patterns?: readonly CrossUserPattern[];
}

export interface UserScore {
  riskScore: number;
  riskLevel: RiskLevel;
  verdict: Verdict;
  /** The user's findings as the report should show them: reset discounts applied and explained. */
  findings: Finding[];
}

/** Confidence from which a finding anchors the timeline (T0). */
export const HIGH_CONFIDENCE = 0.7;

/**
 * When a finding's activity began: its earliest timed evidence, else firstSeen; undefined for
 * persistence seen only in its current state (a Graph inbox rule has no creation time, and its
 * firstSeen may be the scan time).
 */
function startOf(finding: Finding): number | undefined {
  let start: number | undefined;
  for (const item of finding.evidence) {
    const ms = item.time ? Date.parse(item.time) : NaN;
    if (!Number.isNaN(ms) && (start === undefined || ms < start)) start = ms;
  }
  if (start !== undefined || finding.persistence) return start;
  const ms = Date.parse(finding.firstSeen);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The earliest event the report is sure about: confident or decisive, before any reset discount. */
function firstBadEvent(findings: readonly Finding[]): string | undefined {
  let first: number | undefined;
  for (const finding of findings) {
    if (finding.suppressed || !(finding.confidence >= HIGH_CONFIDENCE || finding.floor)) continue;
    const ms = startOf(finding);
    if (ms !== undefined && (first === undefined || ms < first)) first = ms;
  }
  return first === undefined ? undefined : new Date(first).toISOString();
}

/**
 * A user's verdict (detections.md §8): reset discount, noisy-OR of the strongest findings per
 * rule with context capped, correlation and cross-user bonuses, the level from
 * config.scoring.levels, then floors; with the reasons and what would lower it.
 */
export function scoreUser(findings: readonly Finding[], evidence: UserEvidence, ctx: ScoreContext): UserScore {
  const { findings: adjusted, discounted, reset } = discountForReset(findings, evidence.user);
  const active = adjusted.filter((f) => !f.suppressed);
  const totals = aggregate(active);
  const sequences = findCorrelations(active, ctx.facts);
  const crossUser = crossUserCorrelations(evidence.user.id, active, ctx.patterns ?? [], ctx.config, ctx.facts);
  const correlations = [...sequences, ...crossUser.map((c) => c.correlation)];
  // Colleagues travelling together share sign-in IPs; only shared attacker artefacts (and the
  // sequences) make the correlation that, with persistence, floors the user at high.
  const floorCorrelations = [...sequences, ...crossUser.filter((c) => c.kind !== "signInIp").map((c) => c.correlation)];
  const bonus = correlations.reduce((sum, c) => sum + c.bonus, 0);
  const thresholds = ctx.config.scoring.levels;
  let riskScore = Math.min(100, Math.round(totals.base + bonus));
  // detections.md §8.3: context findings (a new country or device, a first method, no MFA) are
  // novelty, not compromise; the cap lets them strengthen a real finding, but on their own they
  // stay below medium however many there are.
  const contextCeiling = totals.contextOnly && riskScore >= thresholds.medium ? Math.max(0, thresholds.medium - 1) : undefined;
  if (contextCeiling !== undefined) riskScore = contextCeiling;
  let riskLevel = levelForScore(riskScore, thresholds);

  const [strongest] = findFloors({ findings: active, discounted, correlations: floorCorrelations, evidence, facts: ctx.facts, config: ctx.config });
  const floor = strongest && LEVEL_RANK[strongest.level] > LEVEL_RANK[riskLevel] ? strongest : undefined;
  if (floor) {
    riskLevel = floor.level;
    riskScore = Math.max(riskScore, minScoreFor(floor.level, thresholds));
  }

  const explained: Explained = {
    riskScore,
    riskLevel,
    aggregate: totals,
    correlations,
    floor,
    contextCeiling,
    discounted,
    reset,
    evidence,
    facts: ctx.facts,
    config: ctx.config,
  };
  const verdict: Verdict = {
    why: explainWhy(explained),
    whatWouldLower: whatWouldLower(explained),
    correlations,
  };
  if (floor) verdict.floor = { level: floor.level, reason: floor.reason };
  const t0 = firstBadEvent(findings);
  if (t0) verdict.firstBadEvent = t0;
  return { riskScore, riskLevel, verdict, findings: adjusted };
}
