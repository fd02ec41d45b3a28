import type { RiskDetection, RiskyUser, UserProfile } from "../../collect/evidence.js";
import type { Adjustment, EvidenceItem } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf, type AllowList } from "../shared/allow-list.js";
import { adjustedConfidence, FLOOR_MIN_CONFIDENCE } from "../shared/confidence.js";
import { riskDetectionEvidence, riskyUserEvidence } from "../shared/risk-evidence.js";
import { isDecisiveRiskEventType, isDismissedRisk } from "../shared/risk-state.js";
import { windowBounds } from "../shared/window.js";

export interface DecisiveRiskOptions {
  confidence: number;
  /** Leaked credentials detected before the last password change: that password no longer works. */
  leakedBeforePasswordChangeFactor: number;
}

interface Verdict {
  name: string;
  attack: string[];
  critical?: boolean;
}

const ADMIN_CONFIRMED = "adminconfirmedusercompromised";

const VERDICTS: Record<string, Verdict> = {
  attackerinthemiddle: { name: "Attacker-in-the-Middle session (reverse-proxy phishing)", attack: ["T1557", "T1539"] },
  leakedcredentials: { name: "Leaked credentials (a validated password match)", attack: ["T1078.004", "T1589.001"] },
  nationstateip: { name: "Sign-in from a verified threat-actor IP", attack: ["T1078.004"] },
  [ADMIN_CONFIRMED]: { name: "An administrator confirmed the user compromised", attack: ["T1078.004"], critical: true },
  attemptedprtaccess: { name: "Attempt to access the Primary Refresh Token", attack: ["T1528"] },
};

interface Group {
  type: string;
  detections: RiskDetection[];
  riskyUser?: RiskyUser;
}

export const entraRiskDecisive = defineRule<DecisiveRiskOptions>({
  meta: {
    id: "entra-risk-decisive",
    title: "Decisive Entra ID Protection verdict",
    description:
      "Entra ID Protection reported Attacker in the Middle, leaked credentials, a nation-state IP, an attempt to access the PRT, " +
      "or an admin confirmed the user compromised. Microsoft treats these as high risk on their own; dismissed or remediated ones are ignored.",
    severity: "critical",
    attack: ["T1078.004", "T1557", "T1539", "T1589.001", "T1528"],
    category: "sign-ins",
    requires: ["riskDetections"],
    impact: 100,
    remediation:
      "Reset the password, revoke sessions, review and remove unknown MFA methods, inbox rules, consents and devices, then mark the risk remediated.",
  },
  defaultOptions: {
    confidence: 0.9,
    leakedBeforePasswordChangeFactor: 0.3,
  },
  evaluate(evidence, ctx) {
    if (evidence.riskDetections.status !== "ok") return [];
    const { toMs } = windowBounds(ctx.window);
    const groups = new Map<string, Group>();
    for (const d of evidence.riskDetections.value) {
      // Verdicts stay open until remediated, so older ones count too; later ones are not "now" yet.
      if (d.ms > toMs || !isDecisiveRiskEventType(d.riskEventType) || isDismissedRisk(d.riskState, d.riskDetail)) continue;
      const type = d.riskEventType.toLowerCase();
      let group = groups.get(type);
      if (!group) groups.set(type, (group = { type, detections: [] }));
      group.detections.push(d);
    }
    const riskyUser = evidence.riskyUser.status === "ok" ? evidence.riskyUser.value : null;
    if (riskyUser && !riskyUser.isDeleted && riskyUser.riskState?.toLowerCase() === "confirmedcompromised") {
      let group = groups.get(ADMIN_CONFIRMED);
      if (!group) groups.set(ADMIN_CONFIRMED, (group = { type: ADMIN_CONFIRMED, detections: [] }));
      group.riskyUser = riskyUser;
    }

    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const group of groups.values()) {
      detections.push(toDetection(group, evidence.user, ctx.options, allowList, ctx.window.to));
    }
    return detections;
  },
});

function toDetection(
  group: Group,
  user: UserProfile,
  options: DecisiveRiskOptions,
  allowList: AllowList,
  /** A risky-user record may carry no time at all. */
  undatedTime: string,
): Detection {
  const verdict = VERDICTS[group.type];
  const items = [...group.detections].sort((a, b) => a.ms - b.ms);
  const first = items[0];
  const last = items[items.length - 1];
  const adjustments: Adjustment[] = [];
  const notes: string[] = [];

  if (group.type === "leakedcredentials") {
    const changed = user.lastPasswordChangeDateTime ? Date.parse(user.lastPasswordChangeDateTime) : NaN;
    const detectedMs = Math.max(...items.map((d) => detectedAt(d)));
    if (!Number.isNaN(changed) && detectedMs < changed) {
      adjustments.push({
        factor: options.leakedBeforePasswordChangeFactor,
        reason:
          `The password was changed at ${user.lastPasswordChangeDateTime}, after the leak was detected, ` +
          "so the leaked password no longer works.",
      });
    } else if (Number.isNaN(changed)) {
      notes.push("Not checked: whether the password changed since the leak (lastPasswordChangeDateTime not available).");
    }
  } else if (!verdict.critical && last) {
    const reset = resetAdjustment(user, last.ms);
    if (reset) adjustments.push(reset);
  }
  allowListAdjustmentsForAll(allowList, items, adjustments);

  const confidence = adjustedConfidence(options.confidence, adjustments);
  const evidence: EvidenceItem[] = items.map(riskDetectionEvidence);
  if (group.riskyUser) evidence.push(riskyUserEvidence(group.riskyUser));
  const floors = confidence >= FLOOR_MIN_CONFIDENCE;
  const firstSeen = first?.time ?? group.riskyUser?.riskLastUpdatedDateTime ?? undatedTime;
  const lastSeen = last?.time ?? group.riskyUser?.riskLastUpdatedDateTime ?? firstSeen;
  const sources = [
    items.length ? `${items.length} risk detection(s) of type ${first.riskEventType} (${describe(items)})` : "",
    group.riskyUser ? `the risky-user record is confirmedCompromised (${group.riskyUser.riskDetail ?? "no detail"})` : "",
  ].filter(Boolean);
  return {
    confidence,
    title: verdict.name,
    attack: verdict.attack,
    firstSeen,
    lastSeen,
    explanation:
      `Entra ID Protection: ${sources.join("; ")}. Microsoft treats this as decisive` +
      (verdict.critical ? " (an administrator's own verdict)." : "; it raises the user to high risk on its own.") +
      (floors ? "" : " Its confidence is too low after the adjustments to set a floor on the user's level.") +
      (notes.length ? ` ${notes.join(" ")}` : ""),
    matched: {
      keyword: first?.riskEventType ?? "confirmedCompromised",
      threshold: "decisive riskEventType or riskState confirmedCompromised, not dismissed/remediated",
    },
    adjustments,
    evidence,
    ...(floors ? { floor: { level: verdict.critical ? ("critical" as const) : ("high" as const), reason: verdict.name } } : {}),
    entities: { ips: [...new Set(items.map((d) => d.ipAddress).filter((ip): ip is string => !!ip))] },
  };
}

function detectedAt(d: RiskDetection): number {
  const detected = d.detectedDateTime ? Date.parse(d.detectedDateTime) : NaN;
  return Number.isNaN(detected) ? d.ms : Math.max(detected, d.ms);
}

function describe(items: readonly RiskDetection[]): string {
  const d = items[items.length - 1];
  const parts = [`latest ${d.time}`];
  if (d.riskLevel) parts.push(`level ${d.riskLevel}`);
  if (d.riskState) parts.push(`state ${d.riskState}`);
  if (d.ipAddress) parts.push(`IP ${d.ipAddress}`);
  return parts.join(", ");
}
