import type { SignIn, SignInBaseline } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { learningAdjustment, MICROSOFT_ASN, Novelty, NOVELTY_TEXT, noveltyOf, uncheckedSentence, usableBaseline } from "../shared/baseline.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { networkKey } from "../shared/ip.js";
import { countPhrase, distinctIps, signInsEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface UnfamiliarLocationOptions {
  /** Entra-style learning period: below both minimums, novelty is weak. */
  minBaselineSignIns: number;
  minBaselineDays: number;
  countryConfidence: number;
  asnConfidence: number;
  networkConfidence: number;
  ipConfidence: number;
}

interface Group {
  novelty: Novelty;
  label: string;
  signIns: SignIn[];
}

export const signInUnfamiliarLocation = defineRule<UnfamiliarLocationOptions>({
  meta: {
    id: "sign-in-unfamiliar-location",
    title: "Successful sign-in from an unfamiliar location",
    description:
      "A successful sign-in from a country, ASN, /24 network or IP absent from the user's sign-in history " +
      "(Elastic atypical_travel new-terms, Entra atypical travel learning period). Context only: travel is common.",
    severity: "low",
    attack: ["T1078.004"],
    category: "sign-ins",
    requires: ["signIns", "signInBaseline"],
    impact: 40,
    context: true,
    remediation:
      "Ask the user whether they were at that location; if not, revoke sessions, reset the password and review MFA methods and inbox rules.",
  },
  defaultOptions: {
    minBaselineSignIns: 10,
    minBaselineDays: 7,
    countryConfidence: 0.5,
    asnConfidence: 0.35,
    networkConfidence: 0.25,
    ipConfidence: 0.1,
  },
  evaluate(evidence, ctx) {
    // With no history at all, everything is "new": nothing to say (coverage shows the gap).
    const baseline = usableBaseline(evidence.signInBaseline);
    if (!baseline) return [];
    const groups = new Map<string, Group>();
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (!s.success) continue;
      // Token refreshes egress from Microsoft's own network wherever the user is.
      if (!s.isInteractive && s.autonomousSystemNumber === MICROSOFT_ASN) continue;
      const novelty = noveltyOf(baseline, s);
      if (novelty <= Novelty.Familiar) continue;
      const key = groupKey(novelty, s);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { novelty, label: groupLabel(novelty, s), signIns: [] }));
      group.signIns.push(s);
    }
    if (groups.size === 0) return [];

    const allowList = allowListOf(ctx.config);
    const learning = learningAdjustment(baseline, ctx.options);
    const detections: Detection[] = [];
    for (const group of groups.values()) {
      const { signIns, novelty } = group;
      const first = signIns[0];
      const last = signIns[signIns.length - 1];
      const adjustments: Adjustment[] = [];
      if (learning) adjustments.push(learning);
      allowListAdjustmentsForAll(allowList, signIns, adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const confidence = adjustedConfidence(baseConfidence(novelty, ctx.options), adjustments);
      detections.push({
        confidence,
        severity: novelty === Novelty.Country && !learning ? "medium" : "low",
        title: `Sign-in from a ${NOVELTY_TEXT[novelty]}: ${group.label}`,
        firstSeen: first.time,
        lastSeen: last.time,
        explanation:
          `${countPhrase(signIns.length, "successful sign-in")} from ${group.label}, a ${NOVELTY_TEXT[novelty]} for this user: ` +
          `${describeBaseline(baseline)}.` +
          uncheckedSentence(unchecked(signIns)),
        matched: {
          threshold: `${NOVELTY_TEXT[novelty]}: not seen in ${baseline.signIns} baseline sign-ins since ${baseline.from}`,
          observed: `${group.label}: ${signIns.length} sign-in(s)`,
        },
        adjustments,
        evidence: signInsEvidence(signIns),
        entities: { ips: distinctIps(signIns) },
      });
    }
    return detections;
  },
});

function groupKey(novelty: Novelty, s: SignIn): string {
  switch (novelty) {
    case Novelty.Country:
      return `country:${s.country}`;
    case Novelty.Asn:
      return `asn:${s.autonomousSystemNumber}`;
    case Novelty.Network:
      return `network:${networkKey(s.ipAddress)}`;
    default:
      // New IPs inside known networks are DHCP churn more often than not: one finding for all.
      return "ip";
  }
}

function groupLabel(novelty: Novelty, s: SignIn): string {
  switch (novelty) {
    case Novelty.Country:
      return s.city ? `${s.country} (${s.city})` : String(s.country);
    case Novelty.Asn:
      return `AS${s.autonomousSystemNumber}${s.country ? ` in ${s.country}` : ""}`;
    case Novelty.Network:
      return `${networkKey(s.ipAddress)}${s.country ? ` in ${s.country}` : ""}`;
    default:
      return "new IPs in known networks";
  }
}

function baseConfidence(novelty: Novelty, options: UnfamiliarLocationOptions): number {
  switch (novelty) {
    case Novelty.Country:
      return options.countryConfidence;
    case Novelty.Asn:
      return options.asnConfidence;
    case Novelty.Network:
      return options.networkConfidence;
    default:
      return options.ipConfidence;
  }
}

function describeBaseline(baseline: SignInBaseline): string {
  const countries = Object.keys(baseline.countries);
  const shown = countries.slice(0, 8).join(", ");
  return (
    `its baseline has ${baseline.signIns} sign-ins on ${baseline.activeDays} days since ${baseline.from}` +
    (countries.length ? ` from ${shown}${countries.length > 8 ? ", ..." : ""}` : " and no known country")
  );
}

function unchecked(signIns: readonly SignIn[]): string[] {
  const notes: string[] = [];
  if (signIns.every((s) => s.autonomousSystemNumber === undefined)) notes.push("ASN (autonomousSystemNumber is beta-only, absent here)");
  if (signIns.every((s) => !s.country)) notes.push("country (Graph gave no location)");
  return notes;
}
