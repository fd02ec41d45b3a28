import type { SignIn } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { NO_BASELINE, Novelty, NOVELTY_TEXT, noveltyOf, usableBaseline } from "../shared/baseline.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { countPhrase, distinctIps, signInsEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface DeviceCodeOptions {
  /** 60 x 0.65 = 39 points: first device-code sign-in (APP-03: 40). */
  confidence: number;
  /** From an IP, network or country new to the user (APP-03: +20). */
  unfamiliarFactor: number;
  /** The user already used device code in the baseline (Teams Rooms, CLI users). */
  priorUseFactor: number;
}

export const deviceCodeSignIn = defineRule<DeviceCodeOptions>({
  meta: {
    id: "device-code-sign-in",
    title: "Device-code sign-in, first for the user",
    description:
      "A successful sign-in through the OAuth device-code flow (authenticationProtocol deviceCode or originalTransferMethod " +
      "deviceCodeFlow) by a user who has not used it before (Elastic first_time_seen_device_code_auth). Needs beta sign-in fields.",
    severity: "medium",
    attack: ["T1528", "T1566.002"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 60,
    remediation:
      "Ask the user whether they entered a code on microsoft.com/devicelogin; if not, revoke sessions and block the device-code " +
      "flow with Conditional Access.",
  },
  defaultOptions: {
    confidence: 0.65,
    unfamiliarFactor: 1.5,
    priorUseFactor: 0.3,
  },
  evaluate(evidence, ctx) {
    const matches: SignIn[] = [];
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (s.success && isDeviceCode(s)) matches.push(s);
    }
    if (matches.length === 0) return [];

    const baseline = usableBaseline(evidence.signInBaseline);
    const adjustments: Adjustment[] = [];
    const notes: string[] = [];
    let strongest: Novelty = Novelty.Unknown;
    if (baseline) {
      if (baseline.deviceCodeSignIns > 0) {
        adjustments.push({
          factor: ctx.options.priorUseFactor,
          reason: `The user signed in with device code ${baseline.deviceCodeSignIns} times in the baseline since ${baseline.from}.`,
        });
      }
      for (const s of matches) strongest = Math.max(strongest, noveltyOf(baseline, s)) as Novelty;
      if (strongest >= Novelty.Network) {
        adjustments.push({ factor: ctx.options.unfamiliarFactor, reason: `From a ${NOVELTY_TEXT[strongest]} for this user.` });
      }
    } else {
      notes.push(`whether this is the user's first device-code sign-in or from an unfamiliar place (${NO_BASELINE})`);
    }
    allowListAdjustmentsForAll(allowListOf(ctx.config), matches, adjustments);
    const last = matches[matches.length - 1];
    const reset = resetAdjustment(evidence.user, last.ms);
    if (reset) adjustments.push(reset);
    const apps = [...new Set(matches.map((s) => s.appDisplayName ?? s.appId ?? "unknown app"))];
    const detection: Detection = {
      confidence: adjustedConfidence(ctx.options.confidence, adjustments),
      severity: baseline && baseline.deviceCodeSignIns === 0 && strongest >= Novelty.Network ? "high" : "medium",
      title: `Device-code sign-in to ${apps.slice(0, 3).join(", ")}`,
      firstSeen: matches[0].time,
      lastSeen: last.time,
      explanation:
        `${countPhrase(matches.length, "successful device-code sign-in")} (${apps.join(", ")}) ` +
        `from ${distinctIps(matches, 5).join(", ") || "unknown IPs"}. ` +
        `Device-code phishing makes the victim enter the attacker's code on microsoft.com/devicelogin, handing over tokens.` +
        (baseline && baseline.deviceCodeSignIns === 0 ? " The user never used device code in the baseline." : "") +
        (notes.length ? ` Not checked: ${notes.join("; ")}.` : ""),
      matched: {
        threshold: "authenticationProtocol deviceCode or originalTransferMethod deviceCodeFlow, none in the baseline",
        observed: `${matches.length} sign-ins; baseline device-code sign-ins: ${baseline ? baseline.deviceCodeSignIns : "unknown"}`,
      },
      adjustments,
      evidence: signInsEvidence(matches),
      entities: { ips: distinctIps(matches) },
    };
    return [detection];
  },
});

/** Beta-only fields: v1.0 sign-ins never match (the coverage of those fields is the collector's to report). */
function isDeviceCode(s: SignIn): boolean {
  const protocol = s.authenticationProtocol;
  if (protocol === "deviceCode" || (protocol !== undefined && protocol !== "none" && protocol.toLowerCase() === "devicecode")) return true;
  const transfer = s.originalTransferMethod;
  if (transfer === undefined || transfer === "none") return false;
  // Azure Monitor exports spell it "Device code flow".
  return transfer === "deviceCodeFlow" || transfer.replace(/\s+/g, "").toLowerCase() === "devicecodeflow";
}
