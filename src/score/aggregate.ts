import type { Finding } from "../report/types.js";

/** detections.md §8.3: repeats of one rule add little; two instances per rule id at most. */
export const MAX_INSTANCES_PER_RULE = 2;
/** detections.md §8.3: context-only findings (new country, first method...) add at most 30 in total. */
export const CONTEXT_CAP = 30;

export interface Aggregate {
  /** 0..100, before correlation bonuses. */
  base: number;
  /** The findings that counted, strongest first. */
  counted: Finding[];
  /** What the context findings added together before the cap. */
  contextRaw: number;
  contextCapped: boolean;
  /** Every counted finding is context-only (and there is at least one). */
  contextOnly: boolean;
}

/** 100 x (1 - prod(1 - s/100)): many weak signals never add up to certainty. */
export function noisyOr(scores: readonly number[]): number {
  let miss = 1;
  for (const score of scores) miss *= 1 - Math.min(100, Math.max(0, score)) / 100;
  return 100 * (1 - miss);
}

const byScoreThenTime = (a: Finding, b: Finding) => b.score - a.score || a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id);

/**
 * Noisy-OR over the strongest instances of each rule id; the context findings are combined on
 * their own, capped, and then enter as one more term.
 */
export function aggregate(findings: readonly Finding[]): Aggregate {
  const perRule = new Map<string, Finding[]>();
  for (const finding of [...findings].sort(byScoreThenTime)) {
    const kept = perRule.get(finding.ruleId) ?? [];
    if (kept.length < MAX_INSTANCES_PER_RULE && finding.score > 0) kept.push(finding);
    perRule.set(finding.ruleId, kept);
  }
  const counted = [...perRule.values()].flat().sort(byScoreThenTime);
  const contextRaw = noisyOr(counted.filter((f) => f.context).map((f) => f.score));
  const context = Math.min(CONTEXT_CAP, contextRaw);
  const main = noisyOr(counted.filter((f) => !f.context).map((f) => f.score));
  const contextOnly = counted.length > 0 && counted.every((f) => f.context);
  return { base: noisyOr([main, context]), counted, contextRaw, contextCapped: contextRaw > CONTEXT_CAP, contextOnly };
}
