import type { SignIn } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { isDismissedRisk, riskLevelOf } from "../shared/risk-state.js";
import { countPhrase, distinctIps, signInsEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface RiskySuccessOptions {
  /** 70 x 0.85 = 60 points (detections.md §8 "Risky success (high)"). */
  highConfidence: number;
  /** 70 x 0.43 = 30 points (SI-01: medium -> 30). */
  mediumConfidence: number;
}

export const riskySignInSuccess = defineRule<RiskySuccessOptions>({
  meta: {
    id: "risky-sign-in-success",
    title: "Successful sign-in that Entra rated risky",
    description:
      "A successful sign-in whose riskLevelDuringSignIn or riskLevelAggregated is high or medium (Elastic entra_id_high_risk_signin; " +
      "Sentinel PossibleAiTMPhishingAttemptAgainstEntraID). Remediated, dismissed and confirmed-safe risk is ignored.",
    severity: "high",
    attack: ["T1078.004"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 70,
    remediation: "Confirm with the user; if not theirs, reset the password and revoke sessions, then require MFA for risky sign-ins.",
  },
  defaultOptions: {
    highConfidence: 0.85,
    mediumConfidence: 0.43,
  },
  evaluate(evidence, ctx) {
    const high: SignIn[] = [];
    const medium: SignIn[] = [];
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (!s.success) continue;
      const level = strongest(riskLevelOf(s.riskLevelDuringSignIn), riskLevelOf(s.riskLevelAggregated));
      if (level !== "high" && level !== "medium") continue;
      if (isDismissedRisk(s.riskState, s.riskDetail)) continue;
      (level === "high" ? high : medium).push(s);
    }
    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const [level, signIns] of [
      ["high", high],
      ["medium", medium],
    ] as const) {
      if (signIns.length === 0) continue;
      const last = signIns[signIns.length - 1];
      const adjustments: Adjustment[] = [];
      allowListAdjustmentsForAll(allowList, signIns, adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const base = level === "high" ? ctx.options.highConfidence : ctx.options.mediumConfidence;
      const riskTypes = [...new Set(signIns.flatMap((s) => s.riskEventTypes))];
      const states = [...new Set(signIns.map((s) => s.riskState).filter(Boolean))];
      detections.push({
        confidence: adjustedConfidence(base, adjustments),
        severity: level,
        title: `${signIns.length} successful ${level}-risk sign-in(s)`,
        firstSeen: signIns[0].time,
        lastSeen: last.time,
        explanation:
          `${countPhrase(signIns.length, "successful sign-in")} rated ${level} risk by Entra ID Protection` +
          (riskTypes.length ? ` (risk events: ${riskTypes.join(", ")})` : " (no risk event types reported)") +
          (states.length ? `, risk state ${states.join("/")}` : "") +
          `. The attacker may have the password and a session.`,
        matched: {
          threshold: "status success and riskLevelDuringSignIn or riskLevelAggregated high (medium), risk not remediated/dismissed",
          observed: `${signIns.length} ${level}-risk successes`,
        },
        adjustments,
        evidence: signInsEvidence(signIns),
        entities: { ips: distinctIps(signIns) },
      });
    }
    return detections;
  },
});

function strongest(a: "high" | "medium" | "low" | undefined, b: "high" | "medium" | "low" | undefined) {
  if (a === "high" || b === "high") return "high";
  if (a === "medium" || b === "medium") return "medium";
  return a ?? b;
}
