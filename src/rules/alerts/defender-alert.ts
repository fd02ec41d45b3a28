import type { Alert } from "../../collect/evidence.js";
import type { Severity } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { Confidence } from "../mailbox/shared/confidence.js";
import { quoted } from "../mailbox/shared/text.js";
import { inWindow, timeSpan, windowBounds } from "../mailbox/shared/window.js";

/**
 * detections.md ALERT-01: alerts_v2 naming the user score high 50 / medium 30 / low 10. The
 * impact carries the severity; confidence says how much Defender's own triage backs it.
 */
const BASE_CONFIDENCE = 0.8;
const TRUE_POSITIVE_CONFIDENCE = 1;
const RESOLVED_UNCLASSIFIED_FACTOR = 0.7;
/** Identity Protection alerts repeat risk detections the sign-in rules already score. */
const IDENTITY_PROTECTION_DUPLICATE_FACTOR = 0.5;

const EXCLUDED_CLASSIFICATIONS = new Set(["falsepositive", "informationalexpectedactivity"]);
/** Graph determination values that mean "benign" once an analyst resolved the alert. */
const BENIGN_DETERMINATIONS = new Set(["notmalicious", "securitytesting", "securitypersonnel", "confirmeduseractivity", "lineofbusinessapplication"]);

/** Impact per alert severity; with the 0.8 base confidence: 50 / 30 / 10. */
export interface DefenderAlertOptions {
  highImpact: number;
  mediumImpact: number;
  lowImpact: number;
}

function severityOf(alert: Alert): "high" | "medium" | "low" | undefined {
  const severity = (alert.severity ?? "").toLowerCase();
  return severity === "high" || severity === "medium" || severity === "low" ? severity : undefined;
}

export const defenderAlert = defineRule<DefenderAlertOptions>({
  meta: {
    id: "defender-alert",
    title: "Microsoft Defender alert for the user",
    description:
      "Microsoft 365 Defender raised an alert naming the user (suspicious inbox rule, forwarding, anomalous token, restricted sender, reported phish...) that was not classified as a false positive or expected activity.",
    severity: "medium",
    attack: [],
    category: "alerts",
    requires: ["alerts"],
    impact: 63,
    remediation: "Open the alert in the Defender portal, follow its recommended actions, and classify it so future runs reflect the verdict.",
  },
  defaultOptions: { highImpact: 63, mediumImpact: 38, lowImpact: 13 },
  evaluate(evidence, ctx) {
    if (evidence.alerts.status !== "ok") return [];
    const bounds = windowBounds(ctx.window);
    const riskDetectionsCollected = evidence.riskDetections.status === "ok";
    const byTitle = new Map<string, Alert[]>();

    for (const alert of evidence.alerts.value) {
      if (!inWindow(alert.ms, bounds) || !severityOf(alert)) continue;
      const classification = (alert.classification ?? "").toLowerCase();
      if (EXCLUDED_CLASSIFICATIONS.has(classification)) continue;
      const resolved = (alert.status ?? "").toLowerCase() === "resolved";
      if (resolved && BENIGN_DETERMINATIONS.has((alert.determination ?? "").toLowerCase())) continue;
      const key = (alert.title ?? "").trim().toLowerCase();
      const group = byTitle.get(key);
      if (group) group.push(alert);
      else byTitle.set(key, [alert]);
    }

    const rank = { high: 3, medium: 2, low: 1 } as const;
    const detections: Detection[] = [];
    for (const alerts of byTitle.values()) {
      const top = alerts.reduce((a, b) => (rank[severityOf(b)!] > rank[severityOf(a)!] ? b : a));
      const severity = severityOf(top)!;
      const truePositive = alerts.some((a) => (a.classification ?? "").toLowerCase() === "truepositive");
      const confidence = new Confidence(truePositive ? TRUE_POSITIVE_CONFIDENCE : BASE_CONFIDENCE);
      if (!truePositive && alerts.every((a) => (a.status ?? "").toLowerCase() === "resolved")) {
        confidence.scale(RESOLVED_UNCLASSIFIED_FACTOR, "Resolved without a classification.");
      }
      if (riskDetectionsCollected && alerts.every((a) => (a.serviceSource ?? "").toLowerCase() === "azureadidentityprotection")) {
        confidence.scale(IDENTITY_PROTECTION_DUPLICATE_FACTOR, "An Identity Protection alert: its risk detection is scored by the sign-in rules.");
      }
      const attack = [...new Set(alerts.flatMap((a) => a.mitreTechniques ?? []))];
      detections.push({
        impact: { high: ctx.options.highImpact, medium: ctx.options.mediumImpact, low: ctx.options.lowImpact }[severity],
        severity: severity as Severity,
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        attack,
        title: `Defender alert: ${quoted(top.title)}`,
        ...timeSpan(alerts.map((a) => ({ ms: a.ms, time: a.createdTime }))),
        explanation:
          `${alerts.length === 1 ? "Defender raised" : `Defender raised ${alerts.length} times`} ${severity}-severity alert ${quoted(top.title)}` +
          `${top.serviceSource ? ` (${top.serviceSource})` : ""}, status ${top.status ?? "unknown"}, classification ${top.classification ?? "unknown"}.`,
        matched: { threshold: "alert not classified false positive or expected activity", observed: `${severity}${truePositive ? ", true positive" : ""}` },
        evidence: alerts.map((a) => ({
          source: "alerts",
          id: a.id,
          time: a.createdTime,
          fields: {
            title: a.title ?? null,
            severity: a.severity ?? null,
            status: a.status ?? null,
            classification: a.classification ?? null,
            determination: a.determination ?? null,
            category: a.category ?? null,
            serviceSource: a.serviceSource ?? null,
            mitreTechniques: (a.mitreTechniques ?? []).join(", ") || null,
            alertWebUrl: a.alertWebUrl ?? null,
          },
        })),
      });
    }
    return detections;
  },
});
