import type { UserProfile } from "../collect/evidence.js";
import type { Finding } from "../report/types.js";
import { latestAccountReset, resetAdjustment, type AccountReset } from "../rules/shared/account-reset.js";

export interface Discounted {
  findings: Finding[];
  /** Ids of the findings that ended before the reset. */
  discounted: Set<string>;
  reset?: AccountReset;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * detections.md §8.7: a password change or session revocation cuts off access that ended before
 * it, so such non-persistence findings count less (the same adjustment the sign-in rules use,
 * never applied twice); persistence (rules, methods, consents) survives a reset and keeps its
 * full weight.
 */
export function discountForReset(findings: readonly Finding[], user: UserProfile): Discounted {
  const reset = latestAccountReset(user);
  const discounted = new Set<string>();
  if (!reset) return { findings: [...findings], discounted };
  const result = findings.map((finding) => {
    if (finding.persistence) return finding;
    const adjustment = resetAdjustment(user, Date.parse(finding.lastSeen));
    if (!adjustment) return finding;
    discounted.add(finding.id);
    if (finding.adjustments.some((a) => a.reason === adjustment.reason)) return finding;
    const confidence = round2(Math.min(1, Math.max(0, finding.confidence * adjustment.factor)));
    return {
      ...finding,
      confidence,
      score: Math.round(finding.impact * confidence),
      adjustments: [...finding.adjustments, adjustment],
    };
  });
  return { findings: result, discounted, reset };
}
