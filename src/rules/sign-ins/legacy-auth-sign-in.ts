import type { SignIn, SignInBaseline } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { NO_BASELINE, usableBaseline } from "../shared/baseline.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { isLegacyClientApp } from "../shared/legacy-clients.js";
import { networkKey } from "../shared/ip.js";
import { countPhrase, distinctIps, signInsEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface LegacyAuthOptions {
  confidence: number;
  /** The same legacy client from a network already in the baseline: a printer or scanner, most likely. */
  knownClientAndNetworkFactor: number;
  /** From a country the user never signed in from. */
  newCountryFactor: number;
}

interface Group {
  client: string;
  network: string;
  signIns: SignIn[];
}

export const legacyAuthSignIn = defineRule<LegacyAuthOptions>({
  meta: {
    id: "legacy-auth-sign-in",
    title: "Successful legacy-protocol (basic auth) sign-in",
    description:
      "A successful sign-in over IMAP, POP, SMTP, EWS, ActiveSync or another legacy client, which bypasses MFA " +
      "(Elastic unusual_legacy_auth_client_signin; spray playbook: most attacks use legacy authentication).",
    severity: "medium",
    attack: ["T1078.004"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 50,
    remediation:
      "Block legacy authentication with Conditional Access; if the client is not a known device of the user, reset the password and revoke sessions.",
  },
  defaultOptions: {
    confidence: 0.6,
    knownClientAndNetworkFactor: 0.25,
    newCountryFactor: 1.4,
  },
  evaluate(evidence, ctx) {
    const groups = new Map<string, Group>();
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (!s.success || !(s.legacyAuth || isLegacyClientApp(s.clientAppUsed))) continue;
      const client = s.clientAppUsed ?? "legacy client";
      const network = networkKey(s.ipAddress) ?? s.ipAddress ?? "unknown network";
      const key = `${client.toLowerCase()}|${network}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { client, network, signIns: [] }));
      group.signIns.push(s);
    }
    if (groups.size === 0) return [];

    const baseline = usableBaseline(evidence.signInBaseline);
    const knownClients = baseline ? countsByLowerCaseKey(baseline.legacyClients) : undefined;
    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const { client, network, signIns } of groups.values()) {
      const first = signIns[0];
      const last = signIns[signIns.length - 1];
      const adjustments: Adjustment[] = [];
      let context = "";
      if (baseline && knownClients) {
        const clientUses = knownClients.get(client.toLowerCase()) ?? 0;
        const clientKnown = clientUses > 0;
        const networkKnown = signIns.every((s) => knownNetwork(baseline, s));
        const newCountries = [...new Set(signIns.filter((s) => s.country && !(baseline.countries[s.country] > 0)).map((s) => s.country))];
        if (clientKnown && networkKnown) {
          adjustments.push({
            factor: ctx.options.knownClientAndNetworkFactor,
            reason: `${client} from ${network} is already in the user's baseline (a printer, scanner or old mail client).`,
          });
        }
        if (newCountries.length) {
          const reason = `From ${newCountries.join(", ")}, a country the user never signed in from.`;
          adjustments.push({ factor: ctx.options.newCountryFactor, reason });
        }
        context = clientKnown
          ? ` The user has used ${client} before (${clientUses} baseline sign-ins).`
          : ` The user never used ${client} in the baseline since ${baseline.from}.`;
      } else {
        context = ` Not checked: whether this client and network are the user's usual ones (${NO_BASELINE}).`;
      }
      allowListAdjustmentsForAll(allowList, signIns, adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const confidence = adjustedConfidence(ctx.options.confidence, adjustments);
      const countries = [...new Set(signIns.map((s) => s.country).filter(Boolean))];
      detections.push({
        confidence,
        severity: confidence >= 0.8 ? "high" : "medium",
        title: `Legacy-protocol sign-in (${client}) from ${network}`,
        firstSeen: first.time,
        lastSeen: last.time,
        explanation:
          `${countPhrase(signIns.length, "successful sign-in")} with ${client} from ${network}` +
          (countries.length ? ` (${countries.join(", ")})` : "") +
          `. Legacy protocols send the password on every request and cannot do MFA.` +
          context,
        matched: { keyword: client, threshold: "clientAppUsed in the legacy client list, status success", observed: `${signIns.length} sign-ins` },
        adjustments,
        evidence: signInsEvidence(signIns),
        entities: { ips: distinctIps(signIns) },
      });
    }
    return detections;
  },
});

function knownNetwork(baseline: SignInBaseline, s: SignIn): boolean {
  if (!s.ipAddress) return false;
  if (baseline.ips[s.ipAddress] > 0) return true;
  const network = networkKey(s.ipAddress);
  return network !== undefined && baseline.networks[network] > 0;
}

/** Graph's clientAppUsed casing varies between sources ("MAPI Over HTTP" vs "MAPI over HTTP"). */
function countsByLowerCaseKey(record: Record<string, number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [key, count] of Object.entries(record)) {
    if (count > 0) counts.set(key.toLowerCase(), (counts.get(key.toLowerCase()) ?? 0) + count);
  }
  return counts;
}
