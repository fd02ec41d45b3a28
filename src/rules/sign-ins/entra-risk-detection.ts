import type { RiskDetection, SignIn } from "../../collect/evidence.js";
import type { Adjustment, Severity } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { riskDetectionEvidence } from "../shared/risk-evidence.js";
import { isDecisiveRiskEventType, isDismissedRisk, riskLevelOf } from "../shared/risk-state.js";
import { windowBounds, windowSignIns } from "../shared/window.js";

export interface RiskDetectionOptions {
  highScore: number;
  mediumScore: number;
  lowScore: number;
  /** riskLevel hidden (no P2 licence) or absent. */
  unknownLevelScore: number;
  /** anomalousToken / unfamiliarFeatures on a non-interactive sign-in: Microsoft says this needs more scrutiny (token replay). */
  nonInteractiveBonus: number;
}

const IMPACT = 70;

/** ATT&CK per riskEventType (lower-case); anything else, including unknown future types, is T1078.004. */
const ATTACK: Record<string, string[]> = {
  passwordspray: ["T1110.003"],
  anomaloustoken: ["T1550.004", "T1539"],
  tokenissueranomaly: ["T1606.002"],
  suspiciousinboxforwarding: ["T1114.003"],
  mcassuspiciousinboxmanipulationrules: ["T1564.008"],
  suspicioussendingpatterns: ["T1534"],
  mcasfinsuspiciousfileaccess: ["T1530"],
  userreportedsuspiciousactivity: ["T1621"],
  mfafraud: ["T1621"],
};

const REPLAY_PRONE = new Set(["anomaloustoken", "unfamiliarfeatures"]);

interface Group {
  type: string;
  detections: RiskDetection[];
}

export const entraRiskDetection = defineRule<RiskDetectionOptions>({
  meta: {
    id: "entra-risk-detection",
    title: "Entra ID Protection risk detection",
    description:
      "Non-decisive Entra ID Protection detections (unfamiliar features, atypical travel, anonymous or malicious IP, password spray, " +
      "anomalous token, ...) weighted by Microsoft's risk level. Dismissed, remediated and auto-dismissed detections are ignored.",
    severity: "medium",
    attack: ["T1078.004", "T1110.003", "T1550.004", "T1539", "T1606.002", "T1114.003", "T1564.008", "T1534", "T1530", "T1621"],
    category: "sign-ins",
    requires: ["riskDetections"],
    impact: IMPACT,
    remediation:
      "Review the detection in Entra ID Protection with the user; confirm compromise (and reset/revoke) or dismiss it so it stops counting.",
  },
  defaultOptions: {
    highScore: 60,
    mediumScore: 35,
    lowScore: 15,
    unknownLevelScore: 15,
    nonInteractiveBonus: 10,
  },
  evaluate(evidence, ctx) {
    if (evidence.riskDetections.status !== "ok") return [];
    const { fromMs, toMs } = windowBounds(ctx.window);
    const groups = new Map<string, Group>();
    for (const d of evidence.riskDetections.value) {
      if (isDecisiveRiskEventType(d.riskEventType) || isDismissedRisk(d.riskState, d.riskDetail)) continue;
      if (!inWindow(d, fromMs, toMs)) continue;
      const type = d.riskEventType.toLowerCase();
      let group = groups.get(type);
      if (!group) groups.set(type, (group = { type, detections: [] }));
      group.detections.push(d);
    }
    if (groups.size === 0) return [];

    // Only replay-prone types need their sign-in; index lazily, most users have none.
    const needsSignIns = evidence.signIns.status === "ok" && [...groups.keys()].some((type) => REPLAY_PRONE.has(type));
    const signIns = needsSignIns ? indexSignIns(windowSignIns(evidence.signIns, ctx.window)) : undefined;
    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const { type, detections: items } of groups.values()) {
      items.sort((a, b) => a.ms - b.ms);
      let best = items[0];
      let bestScore = -1;
      let bestNonInteractive: SignIn | undefined;
      let linked = false;
      for (const d of items) {
        let score = levelScore(d, ctx.options);
        const signIn = signIns && REPLAY_PRONE.has(type) ? (signIns.get(d.requestId ?? "") ?? signIns.get(d.correlationId ?? "")) : undefined;
        if (signIn) linked = true;
        const nonInteractive = signIn !== undefined && !signIn.isInteractive;
        if (nonInteractive) score += ctx.options.nonInteractiveBonus;
        if (score > bestScore) {
          best = d;
          bestScore = score;
          bestNonInteractive = nonInteractive ? signIn : undefined;
        }
      }
      const last = items[items.length - 1];
      const adjustments: Adjustment[] = [];
      // The bonus is shown as an adjustment on the level's score, so the report says why it rose.
      const baseScore = bestNonInteractive ? bestScore - ctx.options.nonInteractiveBonus : bestScore;
      if (bestNonInteractive && baseScore > 0) {
        adjustments.push({
          factor: bestScore / baseScore,
          reason: `Raised on the non-interactive sign-in ${bestNonInteractive.id}, which Microsoft says needs more scrutiny (possible token replay).`,
        });
      }
      allowListAdjustmentsForAll(allowList, items, adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const level = riskLevelOf(best.riskLevel);
      const notes: string[] = [];
      if (!level) notes.push(`the risk level (Graph reported "${best.riskLevel ?? "none"}": the tenant may lack Entra ID P2)`);
      if (REPLAY_PRONE.has(type) && !linked) {
        const why = signIns ? "no matching sign-in in the window" : "sign-ins were not collected";
        notes.push(`whether it was on a non-interactive sign-in (${why})`);
      }
      detections.push({
        confidence: adjustedConfidence(Math.min(1, (baseScore > 0 ? baseScore : bestScore) / IMPACT), adjustments),
        severity: severityOf(level),
        title: `Entra ID Protection: ${best.riskEventType} (${best.riskLevel ?? "level unknown"})`,
        attack: ATTACK[type] ?? ["T1078.004"],
        firstSeen: items[0].time,
        lastSeen: last.time,
        explanation:
          `Entra ID Protection raised ${items.length} ${best.riskEventType} detection(s); the strongest is ${best.riskLevel ?? "of unknown level"} ` +
          `(state ${best.riskState ?? "unknown"}, ${best.detectionTimingType ?? "timing unknown"}` +
          `${best.ipAddress ? `, IP ${best.ipAddress}` : ""}${best.country ? `, ${best.country}` : ""}).` +
          (REPLAY_PRONE.has(type) && !bestNonInteractive ? " On its own at low or medium level this type is noisy." : "") +
          (notes.length ? ` Not checked: ${notes.join("; ")}.` : ""),
        matched: {
          keyword: best.riskEventType,
          threshold: `risk level high ${ctx.options.highScore} / medium ${ctx.options.mediumScore} / low ${ctx.options.lowScore} points`,
          observed: `${best.riskLevel ?? "unknown"}${bestNonInteractive ? " on a non-interactive sign-in" : ""}`,
        },
        adjustments,
        evidence: items.map(riskDetectionEvidence),
        entities: { ips: [...new Set(items.map((d) => d.ipAddress).filter((ip): ip is string => !!ip))] },
      });
    }
    return detections;
  },
});

/** Offline detections surface up to 48 h after the activity: either time inside the window counts. */
function inWindow(d: RiskDetection, fromMs: number, toMs: number): boolean {
  if (d.ms >= fromMs && d.ms <= toMs) return true;
  const detected = d.detectedDateTime ? Date.parse(d.detectedDateTime) : NaN;
  return detected >= fromMs && detected <= toMs;
}

function levelScore(d: RiskDetection, options: RiskDetectionOptions): number {
  switch (riskLevelOf(d.riskLevel)) {
    case "high":
      return options.highScore;
    case "medium":
      return options.mediumScore;
    case "low":
      return options.lowScore;
    default:
      return options.unknownLevelScore;
  }
}

function severityOf(level: "high" | "medium" | "low" | undefined): Severity {
  return level ?? "low";
}

/** Sign-ins by id and by correlationId: a detection's requestId is its sign-in's id. */
function indexSignIns(signIns: readonly SignIn[]): Map<string, SignIn> {
  const index = new Map<string, SignIn>();
  for (const s of signIns) {
    index.set(s.id, s);
    if (s.correlationId && !index.has(s.correlationId)) index.set(s.correlationId, s);
  }
  return index;
}
