import type { RiskDetection, SignIn, SignInBaseline, UserEvidence } from "../../../collect/evidence.js";
import type { Config } from "../../../config/schema.js";
import type { TenantFacts } from "../../../derive/tenant-facts.js";
import type { EvidenceItem } from "../../../report/types.js";
import { allowListOf } from "../../shared/allow-list.js";
import { isDecisiveRiskEventType, isDismissedRisk } from "../../shared/risk-state.js";

/**
 * Compromise signals that persistence changes (rules, MFA methods, consents) are correlated with:
 * risky sign-ins, Identity Protection detections, successes from a password-spray IP and, where
 * the user has a baseline, sign-ins from an IP and country never seen before.
 */
export type AnchorKind = "riskySignIn" | "riskDetection" | "sprayIpSignIn" | "unfamiliarSignIn";

export interface RiskAnchor {
  kind: AnchorKind;
  ms: number;
  time: string;
  ip?: string;
  sessionId?: string;
  /** strong: high risk or a decisive Entra type; normal: medium risk or a spray IP; weak: low risk or merely unfamiliar. */
  strength: "strong" | "normal" | "weak";
  /** A short phrase, e.g. "high-risk sign-in from 185.220.101.47 (DE)". */
  label: string;
  evidence: EvidenceItem;
}

export interface RiskAnchorOptions {
  /** Sign-in / detection risk levels that count as risky (lower-case). */
  riskLevels: readonly string[];
  /** Sign-ins in the baseline before "unfamiliar" means anything (Entra's learning period is 10 logins). */
  minBaselineSignIns: number;
}

export const DEFAULT_RISK_ANCHOR_OPTIONS: RiskAnchorOptions = { riskLevels: ["medium", "high"], minBaselineSignIns: 10 };

/** Decisive Entra verdicts, plus passwordSpray: the password is known, so what follows is suspect. */
function strongType(riskEventType: string | undefined): boolean {
  const type = riskEventType ?? "";
  return isDecisiveRiskEventType(type) || type.toLowerCase() === "passwordspray";
}

function where(ip: string | undefined, country: string | undefined): string {
  if (!ip) return country ? ` (${country})` : "";
  return ` from ${ip}${country ? ` (${country})` : ""}`;
}

function signInItem(signIn: SignIn): EvidenceItem {
  return {
    source: "signIns",
    id: signIn.id,
    time: signIn.time,
    fields: {
      ipAddress: signIn.ipAddress ?? null,
      country: signIn.country ?? null,
      app: signIn.appDisplayName ?? signIn.appId ?? null,
      riskLevelDuringSignIn: signIn.riskLevelDuringSignIn ?? null,
      riskEventTypes: (signIn.riskEventTypes ?? []).join(", ") || null,
      correlationId: signIn.correlationId ?? null,
      sessionId: signIn.sessionId ?? null,
    },
  };
}

function detectionItem(detection: RiskDetection): EvidenceItem {
  return {
    source: "riskDetections",
    id: detection.id,
    time: detection.time,
    fields: {
      riskEventType: detection.riskEventType,
      riskLevel: detection.riskLevel ?? null,
      riskState: detection.riskState ?? null,
      ipAddress: detection.ipAddress ?? null,
      country: detection.country ?? null,
    },
  };
}

/** A baseline large enough that "never seen before" means something. */
export function usableBaseline(evidence: UserEvidence, minSignIns: number): SignInBaseline | undefined {
  const baseline = evidence.signInBaseline;
  return baseline.status === "ok" && baseline.value.signIns >= minSignIns ? baseline.value : undefined;
}

export function collectRiskAnchors(
  evidence: UserEvidence,
  ctx: { facts: TenantFacts; config: Config },
  options: RiskAnchorOptions,
): RiskAnchor[] {
  const { facts } = ctx;
  const corporate = allowListOf(ctx.config).ipRanges;
  const levels = new Set(options.riskLevels.map((l) => l.toLowerCase()));
  const anchors: RiskAnchor[] = [];
  const baseline = usableBaseline(evidence, options.minBaselineSignIns);
  const signIns = evidence.signIns.status === "ok" ? evidence.signIns.value : [];

  for (const signIn of signIns) {
    if (!signIn.success) continue;
    const level = (signIn.riskLevelDuringSignIn ?? "").toLowerCase();
    const decisive = (signIn.riskEventTypes ?? []).some(strongType);
    // Built only for the sign-ins that become anchors: most sign-ins of most users are none.
    const base = () => ({ ms: signIn.ms, time: signIn.time, ip: signIn.ipAddress, sessionId: signIn.sessionId, evidence: signInItem(signIn) });
    if ((levels.has(level) || decisive) && !isDismissedRisk(signIn.riskState, signIn.riskDetail)) {
      anchors.push({
        ...base(),
        kind: "riskySignIn",
        strength: level === "high" || decisive ? "strong" : "normal",
        label: `${level || "risky"}-risk sign-in${where(signIn.ipAddress, signIn.country)}`,
      });
    } else if (signIn.ipAddress && facts.sprayIps.has(signIn.ipAddress)) {
      anchors.push({ ...base(), kind: "sprayIpSignIn", strength: "normal", label: `successful sign-in from password-spray IP ${signIn.ipAddress}` });
    } else if (
      baseline &&
      signIn.ipAddress &&
      !(signIn.ipAddress in baseline.ips) &&
      signIn.country &&
      !(signIn.country in baseline.countries) &&
      !corporate.match(signIn.ipAddress)
    ) {
      anchors.push({ ...base(), kind: "unfamiliarSignIn", strength: "weak", label: `sign-in from an unfamiliar IP and country${where(signIn.ipAddress, signIn.country)}` });
    }
  }

  if (evidence.riskDetections.status === "ok") {
    for (const detection of evidence.riskDetections.value) {
      if (isDismissedRisk(detection.riskState, detection.riskDetail)) continue;
      const level = (detection.riskLevel ?? "").toLowerCase();
      const decisive = strongType(detection.riskEventType);
      if (!decisive && !levels.has(level) && level !== "low") continue;
      anchors.push({
        kind: "riskDetection",
        ms: detection.ms,
        time: detection.time,
        ip: detection.ipAddress,
        strength: decisive || level === "high" ? "strong" : levels.has(level) ? "normal" : "weak",
        label: `${level ? `${level}-risk ` : ""}${detection.riskEventType} detection${where(detection.ipAddress, detection.country)}`,
        evidence: detectionItem(detection),
      });
    }
  }
  return anchors.sort((a, b) => a.ms - b.ms);
}

/** Anchors (sorted by time) between `maxBeforeMs` before the event and `maxAfterMs` after it. */
export function anchorsAround(anchors: readonly RiskAnchor[], eventMs: number, maxBeforeMs: number, maxAfterMs: number): RiskAnchor[] {
  const from = eventMs - maxBeforeMs;
  const to = eventMs + maxAfterMs;
  let low = 0;
  let high = anchors.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (anchors[mid].ms < from) low = mid + 1;
    else high = mid;
  }
  const found: RiskAnchor[] = [];
  for (let i = low; i < anchors.length && anchors[i].ms <= to; i++) found.push(anchors[i]);
  return found;
}

const STRENGTH_ORDER = { strong: 2, normal: 1, weak: 0 } as const;

/** The strongest anchor, the closest one in time breaking ties. */
export function strongestAnchor(anchors: readonly RiskAnchor[], eventMs: number): RiskAnchor | undefined {
  let best: RiskAnchor | undefined;
  for (const anchor of anchors) {
    if (
      !best ||
      STRENGTH_ORDER[anchor.strength] > STRENGTH_ORDER[best.strength] ||
      (STRENGTH_ORDER[anchor.strength] === STRENGTH_ORDER[best.strength] && Math.abs(anchor.ms - eventMs) < Math.abs(best.ms - eventMs))
    ) {
      best = anchor;
    }
  }
  return best;
}
