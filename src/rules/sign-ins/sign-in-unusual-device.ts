import type { SignIn } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { learningAdjustment, Novelty, NOVELTY_TEXT, noveltyOf } from "../shared/baseline.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { deviceCombosOf, deviceFamily, isKnownDevice } from "../shared/device.js";
import { networkKey } from "../shared/ip.js";
import { countPhrase, distinctIps, signInsEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface UnusualDeviceOptions {
  minBaselineSignIns: number;
  minBaselineDays: number;
  /** New OS/browser and a new country. */
  countryConfidence: number;
  /** New OS/browser and a new ASN or /24 network. */
  networkConfidence: number;
}

interface Group {
  device: string;
  novelty: Novelty;
  origin: string;
  signIns: SignIn[];
}

export const signInUnusualDevice = defineRule<UnusualDeviceOptions>({
  meta: {
    id: "sign-in-unusual-device",
    title: "Sign-in from a new device type on a new network",
    description:
      "A successful sign-in whose operating system and browser were never seen for the user, from a network or country that is " +
      "also new (spray playbook: 'has the user used this OS, IP, ISP, device or browser before?'). A new device alone is not reported.",
    severity: "low",
    attack: ["T1078.004"],
    category: "sign-ins",
    requires: ["signIns", "signInBaseline"],
    impact: 50,
    context: true,
    remediation: "Ask the user whether they got a new device or browser at that time and place; if not, revoke sessions and reset the password.",
  },
  defaultOptions: {
    minBaselineSignIns: 10,
    minBaselineDays: 7,
    countryConfidence: 0.6,
    networkConfidence: 0.4,
  },
  evaluate(evidence, ctx) {
    if (evidence.signInBaseline.status !== "ok") return [];
    const baseline = evidence.signInBaseline.value;
    const combos = deviceCombosOf(baseline);
    // No device history recorded at all: everything would look new, which says nothing.
    if (combos.size === 0) return [];
    const groups = new Map<string, Group>();
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (!s.success || (!s.operatingSystem && !s.browser)) continue;
      if (isKnownDevice(combos, s.operatingSystem, s.browser)) continue;
      const novelty = noveltyOf(baseline, s);
      if (novelty < Novelty.Network) continue;
      const device = `${s.operatingSystem || "unknown OS"} / ${s.browser || "unknown browser"}`;
      const origin =
        novelty === Novelty.Country ? String(s.country) : novelty === Novelty.Asn ? `AS${s.autonomousSystemNumber}` : String(networkKey(s.ipAddress));
      const key = `${deviceFamily(s.operatingSystem)}|${deviceFamily(s.browser)}|${origin}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { device, novelty, origin, signIns: [] }));
      group.signIns.push(s);
    }
    if (groups.size === 0) return [];

    const allowList = allowListOf(ctx.config);
    const learning = learningAdjustment(baseline, ctx.options);
    const knownDevices = Object.keys(baseline.deviceCombos).slice(0, 6).join(", ");
    const detections: Detection[] = [];
    for (const { device, novelty, origin, signIns } of groups.values()) {
      const first = signIns[0];
      const last = signIns[signIns.length - 1];
      const adjustments: Adjustment[] = [];
      if (learning) adjustments.push(learning);
      allowListAdjustmentsForAll(allowList, signIns, adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const base = novelty === Novelty.Country ? ctx.options.countryConfidence : ctx.options.networkConfidence;
      detections.push({
        confidence: adjustedConfidence(base, adjustments),
        severity: novelty === Novelty.Country && !learning ? "medium" : "low",
        title: `New device type ${device} from ${origin}`,
        firstSeen: first.time,
        lastSeen: last.time,
        explanation:
          `${countPhrase(signIns.length, "successful sign-in")} from ${device}, an OS/browser combination never seen for this user ` +
          `(baseline devices: ${knownDevices}${Object.keys(baseline.deviceCombos).length > 6 ? ", ..." : ""}), ` +
          `and from ${origin}, a ${NOVELTY_TEXT[novelty]}.`,
        matched: { threshold: "OS|browser not in baseline AND new network, ASN or country", observed: `${device} from ${origin}` },
        adjustments,
        evidence: signInsEvidence(signIns),
        entities: { ips: distinctIps(signIns) },
      });
    }
    return detections;
  },
});
