import type { SignInBaseline, UserEvidence } from "../../collect/evidence.js";
import { normalisePhone } from "../../derive/phones.js";
import { FLOOR_MIN_CONFIDENCE } from "../shared/confidence.js";
import { defineRule, type Detection } from "../types.js";
import { Confidence } from "../mailbox/shared/confidence.js";
import { DEFAULT_RISK_ANCHOR_OPTIONS, anchorsAround, collectRiskAnchors, strongestAnchor } from "../mailbox/shared/risk-anchors.js";
import { DAY_MS, HOUR_MS, MINUTE_MS, describeGap, inWindow, toMs, windowBounds } from "../mailbox/shared/window.js";
import { callingCodeOf, callingCodeOfCountry } from "./shared/calling-codes.js";
import { methodChangeOfAudit, methodChangeOfMethod, type MethodChange } from "./shared/security-info.js";

/**
 * detections.md MFA-03 and §8: a method added or changed 15 (onboarding is common), deleted or
 * MFA disabled 35; within [-30 min, +1 h] of a risky sign-in +40 (Sentinel
 * SuspiciousSignInFollowedByMFAModification), else within 6 h after +20 (Sentinel BEC hunting).
 */
const IMPACT = 60;
const ADDED_POINTS = 15;
const REMOVED_POINTS = 35;
const CLOSE_POINTS = 40;
const LATER_POINTS = 20;
/** Heuristic, unsourced: a phone from another country than the user's. */
const FOREIGN_PHONE_POINTS = 10;
const ADMIN_FACTOR = 0.5;
const ONBOARDING_FACTOR = 0.4;

export interface AuthMethodChangeOptions {
  /** The change may precede the sign-in by this much (Sentinel: 30 min)... */
  beforeSignInMinutes: number;
  /** ...or follow it by this much (Sentinel: 1 h). */
  afterSignInMinutes: number;
  /** Looser follow-up window after a medium/high-risk sign-in (Sentinel BEC: 6 h). */
  laterHours: number;
  /** Account age under which registering methods is onboarding. */
  onboardingDays: number;
  /** Changes this close together are one registration session. */
  clusterMinutes: number;
  riskLevels: string[];
  minBaselineSignIns: number;
}

function cluster(changes: MethodChange[], gapMs: number): MethodChange[][] {
  const sorted = [...changes].sort((a, b) => a.ms - b.ms);
  const groups: MethodChange[][] = [];
  for (const change of sorted) {
    const last = groups.at(-1);
    if (last && change.ms - last[last.length - 1].ms <= gapMs) last.push(change);
    else groups.push([change]);
  }
  return groups;
}

/** The user's usual country: usage location, else the baseline's most frequent sign-in country. */
function usualCountry(evidence: UserEvidence): string | undefined {
  const declared = evidence.user.usageLocation ?? evidence.user.country;
  if (declared && /^[A-Za-z]{2}$/.test(declared)) return declared.toUpperCase();
  const baseline: SignInBaseline | undefined = evidence.signInBaseline.status === "ok" ? evidence.signInBaseline.value : undefined;
  const ranked = Object.entries(baseline?.countries ?? {}).sort((a, b) => b[1] - a[1]);
  return ranked[0]?.[0];
}

export const authMethodChange = defineRule<AuthMethodChangeOptions>({
  meta: {
    id: "auth-method-change",
    title: "Authentication method added, changed or removed",
    description:
      "Security info was registered, changed or deleted, or MFA was disabled, in the window. Alone this is usually the user (onboarding, new phone); right after a risky or unfamiliar sign-in it is how attackers keep access after a password reset.",
    severity: "medium",
    attack: ["T1556.006"],
    category: "mfa",
    requires: ["directoryAudits"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "Review the user's methods with them (Entra > Users > Authentication methods); delete any they do not recognise (phishtrail contain --remove-method <id>) and require re-registration after a password reset.",
  },
  defaultOptions: {
    beforeSignInMinutes: 30,
    afterSignInMinutes: 60,
    laterHours: 6,
    onboardingDays: 7,
    clusterMinutes: 10,
    riskLevels: DEFAULT_RISK_ANCHOR_OPTIONS.riskLevels.slice(),
    minBaselineSignIns: DEFAULT_RISK_ANCHOR_OPTIONS.minBaselineSignIns,
  },
  evaluate(evidence, ctx) {
    if (evidence.directoryAudits.status !== "ok") return [];
    const o = ctx.options;
    const bounds = windowBounds(ctx.window);
    const changes: MethodChange[] = [];
    for (const audit of evidence.directoryAudits.value) {
      if (!inWindow(audit.ms, bounds)) continue;
      const change = methodChangeOfAudit(audit, evidence.user);
      if (change) changes.push(change);
    }
    if (evidence.authMethods.status === "ok") {
      for (const method of evidence.authMethods.value) {
        const created = toMs(method.createdDateTime);
        if (created === undefined || method.kind === "password" || !inWindow(created, bounds)) continue;
        // When an audit reports the same registration, clustering merges the two: the method adds its details.
        changes.push(methodChangeOfMethod(method, created));
      }
    }
    if (changes.length === 0) return [];

    const anchors = collectRiskAnchors(evidence, ctx, o);
    const created = toMs(evidence.user.createdDateTime);
    const homeCode = callingCodeOfCountry(usualCountry(evidence));
    const detections: Detection[] = [];

    for (const group of cluster(changes, o.clusterMinutes * MINUTE_MS)) {
      const removed = group.some((c) => c.kind === "removed");
      const first = group[0];
      const last = group[group.length - 1];
      const confidence = new Confidence((removed ? REMOVED_POINTS : ADDED_POINTS) / IMPACT);

      const close = anchorsAround(anchors, first.ms, o.afterSignInMinutes * MINUTE_MS, o.beforeSignInMinutes * MINUTE_MS);
      const closeAnchor = strongestAnchor(close, first.ms);
      const laterAnchor = closeAnchor
        ? undefined
        : strongestAnchor(
            anchorsAround(anchors, first.ms, o.laterHours * HOUR_MS, 0).filter((a) => a.kind !== "unfamiliarSignIn"),
            first.ms,
          );
      const anchor = closeAnchor ?? laterAnchor;
      if (closeAnchor) {
        confidence.addPoints(CLOSE_POINTS, IMPACT, `${describeGap(first.ms - closeAnchor.ms)} ${first.ms >= closeAnchor.ms ? "after" : "before"} a ${closeAnchor.label}.`);
      } else if (laterAnchor) {
        confidence.addPoints(LATER_POINTS, IMPACT, `${describeGap(first.ms - laterAnchor.ms)} after a ${laterAnchor.label}.`);
      }

      const phones = [...new Set(group.flatMap((c) => c.phones))];
      const phoneKeys = [...new Set(phones.map(normalisePhone).filter((p): p is string => p !== undefined))];
      const foreign = homeCode ? phones.filter((p) => {
        const code = callingCodeOf(p);
        return code !== undefined && code !== homeCode;
      }) : [];
      if (foreign.length) confidence.addPoints(FOREIGN_PHONE_POINTS, IMPACT, `Phone ${foreign.join(", ")} is not from the user's usual country (+${homeCode}).`);
      if (group.every((c) => c.byAdmin)) {
        confidence.scale(ADMIN_FACTOR, removed ? "Done by an administrator: often remediation or a helpdesk reset." : "Done by an administrator (helpdesk registration).");
      }
      if (created !== undefined && first.ms - created >= 0 && first.ms - created <= o.onboardingDays * DAY_MS) {
        confidence.scale(ONBOARDING_FACTOR, `The account was created ${describeGap(first.ms - created)} earlier: first registration is onboarding.`);
      }

      const whats = [...new Set(group.map((c) => c.what))];
      detections.push({
        severity: anchor ? "high" : undefined,
        // detections.md §8.3: an uncorrelated registration is the capped "MFA-03 base" context.
        context: !anchor && !removed,
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: removed ? "Authentication method removed or MFA disabled" : anchor ? "Authentication method added after a risky sign-in" : "Authentication method added or changed",
        firstSeen: anchor && anchor.ms < first.ms ? anchor.time : first.time,
        lastSeen: last.time,
        explanation:
          `${whats.join("; ")} at ${first.time}` +
          (anchor ? `, ${describeGap(first.ms - anchor.ms)} ${first.ms >= anchor.ms ? "after" : "before"} a ${anchor.label}` : "") +
          ".",
        matched: {
          threshold: closeAnchor
            ? `within -${o.beforeSignInMinutes} min / +${o.afterSignInMinutes} min of a risky sign-in`
            : laterAnchor
              ? `within ${o.laterHours} h after a risky sign-in`
              : removed
                ? "method deleted or MFA disabled"
                : "method registered or changed",
          observed: anchor ? describeGap(first.ms - anchor.ms) : whats.join("; "),
        },
        evidence: [...(anchor ? [anchor.evidence] : []), ...group.map((c) => c.evidence)],
        floor:
          closeAnchor && closeAnchor.strength !== "weak" && confidence.get() >= FLOOR_MIN_CONFIDENCE
            ? { level: "high", reason: "Authentication method changed right after a risky sign-in." }
            : undefined,
        entities: phoneKeys.length ? { phones: phoneKeys } : undefined,
      });
    }
    return detections;
  },
});
