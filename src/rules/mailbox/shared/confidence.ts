import type { Adjustment } from "../../../report/types.js";

/**
 * Confidence with its reasons. detections.md states bonuses as score points ("+15"); `addPoints`
 * turns them into the multiplicative adjustment the report model records, so every change to a
 * detection's confidence is listed with its reason.
 */
export class Confidence {
  private value: number;
  readonly adjustments: Adjustment[] = [];

  constructor(base: number) {
    this.value = clamp(base);
  }

  scale(factor: number, reason: string): this {
    return this.set(this.value * factor, reason);
  }

  /** Adds `points` of score for a rule of the given impact (score = impact x confidence). */
  addPoints(points: number, impact: number, reason: string): this {
    return this.set(this.value + points / impact, reason);
  }

  get(): number {
    return Math.round(this.value * 1000) / 1000;
  }

  private set(next: number, reason: string): this {
    const clamped = clamp(next);
    // Recorded even when clamping leaves the value unchanged: the reason still explains the finding.
    if (this.value > 0) {
      this.adjustments.push({ factor: Math.round((clamped / this.value) * 1000) / 1000, reason });
    }
    this.value = clamped;
    return this;
  }
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
