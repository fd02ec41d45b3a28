import type { SignIn } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { findBursts, type Burst } from "../shared/bursts.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { MAX_EVIDENCE_ITEMS, distinctIps, signInEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface MfaFatigueOptions {
  /** Sentinel MFASpammingfollowedbySuccessfullogin: > 10 denials within 5 min and >= 1 MFA success. */
  denialsAbove: number;
  burstMinutes: number;
  /** Splunk multiple_denied_mfa_requests_for_user: > 9 denials in 10 min. */
  attemptDenialsAbove: number;
  attemptMinutes: number;
  /** A success this long after the last denial still counts as the one the user gave in to. */
  successWithinMinutes: number;
  /** Impact 80 x 0.85 = 68 points (detections.md §8 "MFA fatigue with success"). */
  successConfidence: number;
  /** Denials but no success: 80 x 0.375 = 30 points (MFA-01). */
  attemptConfidence: number;
  /** Splunk's density with a success after it, short of Sentinel's density. */
  sparseSuccessConfidence: number;
  /** v1.0 data: a plain success cannot show that it passed MFA. */
  unconfirmedMfaFactor: number;
}

const DENIAL_TEXT = /denied|declined|did not respond/i;
const MFA_DONE_TEXT = /MFA (successfully )?completed|MFA requirement satisfied/i;

export const mfaFatigue = defineRule<MfaFatigueOptions>({
  meta: {
    id: "mfa-fatigue",
    title: "MFA push bombing",
    description:
      "A burst of denied or unanswered MFA prompts (error 500121): > 10 within 5 min followed by an MFA success (Sentinel MFA spamming), " +
      "or > 9 within 10 min (Splunk denied MFA). The attacker already has the password.",
    severity: "high",
    attack: ["T1621"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 80,
    remediation:
      "Reset the password (the attacker has it), revoke sessions, move the user to number matching or phishing-resistant MFA, " +
      "and check for new MFA methods.",
  },
  defaultOptions: {
    denialsAbove: 10,
    burstMinutes: 5,
    attemptDenialsAbove: 9,
    attemptMinutes: 10,
    successWithinMinutes: 60,
    successConfidence: 0.85,
    attemptConfidence: 0.375,
    sparseSuccessConfidence: 0.5,
    unconfirmedMfaFactor: 0.8,
  },
  evaluate(evidence, ctx) {
    const options = ctx.options;
    const signIns = windowSignIns(evidence.signIns, ctx.window);
    const denials: SignIn[] = [];
    for (const s of signIns) if (!s.success && isMfaDenial(s)) denials.push(s);
    if (denials.length <= Math.min(options.denialsAbove, options.attemptDenialsAbove)) return [];

    const times = denials.map((s) => s.ms);
    const dense = findBursts(times, options.burstMinutes * 60_000, options.denialsAbove + 1);
    const attempts = findBursts(times, options.attemptMinutes * 60_000, options.attemptDenialsAbove + 1);
    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const burst of mergeBursts(dense, attempts)) {
      const burstDenials = denials.slice(burst.first, burst.last + 1);
      const start = burstDenials[0];
      const end = burstDenials[burstDenials.length - 1];
      const success = signIns.find(
        (s) => s.success && s.ms > start.ms && s.ms <= end.ms + options.successWithinMinutes * 60_000,
      );
      const adjustments: Adjustment[] = [];
      let base: number;
      if (success && burst.dense) base = options.successConfidence;
      else if (success) base = options.sparseSuccessConfidence;
      else base = options.attemptConfidence;
      const mfaConfirmed = success ? passedMfa(success) : false;
      if (success && !mfaConfirmed) {
        adjustments.push({
          factor: options.unconfirmedMfaFactor,
          reason: "Could not confirm that the success passed MFA (no authenticationDetails or authenticationRequirement: v1.0 data).",
        });
      }
      allowListAdjustmentsForAll(allowList, burstDenials, adjustments);
      const reset = resetAdjustment(evidence.user, (success ?? end).ms);
      if (reset) adjustments.push(reset);
      const minutes = Math.max(1, Math.round((end.ms - start.ms) / 60_000));
      const threshold =
        burst.dense && success
          ? `> ${options.denialsAbove} denials within ${options.burstMinutes} min, then an MFA success`
          : `> ${options.attemptDenialsAbove} denials within ${options.attemptMinutes} min`;
      const items = [
        ...(success ? [signInEvidence(success, "success after the denials")] : []),
        ...burstDenials.slice(0, MAX_EVIDENCE_ITEMS - 1).map((s) => signInEvidence(s, "MFA denied")),
      ];
      detections.push({
        confidence: adjustedConfidence(base, adjustments),
        severity: success ? "high" : "medium",
        title: success ? `${burstDenials.length} MFA denials, then a success` : `${burstDenials.length} MFA prompts denied in ${minutes} min`,
        firstSeen: start.time,
        lastSeen: (success ?? end).time,
        explanation:
          `${burstDenials.length} MFA prompts were denied or went unanswered in ${minutes} min (peak ${burst.peak} within ` +
          `${burst.dense ? options.burstMinutes : options.attemptMinutes} min) from ${distinctIps(burstDenials, 5).join(", ") || "unknown IPs"}. ` +
          (success
            ? `A sign-in succeeded at ${success.time} from ${success.ipAddress ?? "an unknown IP"}: ` +
              "the user may have approved a prompt to make them stop."
            : "No success followed, but whoever triggered them knows the password."),
        matched: { threshold, observed: `${burst.peak} denials at peak${success ? ", success followed" : ""}` },
        adjustments,
        evidence: items,
        entities: { ips: distinctIps(success ? [success, ...burstDenials] : burstDenials) },
      });
    }
    return detections;
  },
});

interface FatigueBurst extends Burst {
  /** Reached Sentinel's density; `peak` is then the peak within its window. */
  dense: boolean;
}

/** One finding per attack: dense and sparse bursts that share denials merge, the dense view winning. */
function mergeBursts(dense: readonly Burst[], attempts: readonly Burst[]): FatigueBurst[] {
  const all = [...dense.map((b) => ({ ...b, dense: true })), ...attempts.map((b) => ({ ...b, dense: false }))];
  all.sort((a, b) => a.first - b.first);
  const merged: FatigueBurst[] = [];
  for (const b of all) {
    const previous = merged[merged.length - 1];
    if (!previous || b.first > previous.last) {
      merged.push({ ...b });
      continue;
    }
    previous.last = Math.max(previous.last, b.last);
    if (b.dense && !previous.dense) previous.peak = b.peak;
    else if (b.dense === previous.dense) previous.peak = Math.max(previous.peak, b.peak);
    previous.dense ||= b.dense;
  }
  return merged;
}

/** Error 500121 with a denial text, or a failed MFA step that says it was denied or unanswered. */
function isMfaDenial(s: SignIn): boolean {
  if (s.errorCode === 500121 && (denies(s.additionalDetails) || denies(s.failureReason))) return true;
  for (const step of s.authenticationDetails) {
    if (step.succeeded === false && denies(step.stepResultDetail)) return true;
  }
  return false;
}

function passedMfa(s: SignIn): boolean {
  if (s.authenticationRequirement === "multiFactorAuthentication") return true;
  return s.authenticationDetails.some((step) => step.succeeded === true && !!step.stepResultDetail && MFA_DONE_TEXT.test(step.stepResultDetail));
}

function denies(text: string | undefined): boolean {
  return text !== undefined && DENIAL_TEXT.test(text);
}
