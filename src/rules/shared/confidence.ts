import type { Adjustment } from "../../report/types.js";

/**
 * Confidence after adjustments: the product of the factors, clamped to 0..1 and rounded to two
 * decimals so reports and tests show stable numbers.
 */
export function adjustedConfidence(base: number, adjustments: readonly Adjustment[]): number {
  let value = base;
  for (const adjustment of adjustments) value *= adjustment.factor;
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}

/**
 * Decisive findings set a floor on the user's level, but not when allow-lists, an old date or a
 * reset have already pulled their confidence below this: a floor must rest on evidence the
 * report itself calls likely.
 */
export const FLOOR_MIN_CONFIDENCE = 0.4;
