import type { Collected, SignIn, SignInBaseline } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { networkKey } from "./ip.js";

/** Confidence multiplier while the user's history is too thin to call anything "new". */
export const LEARNING_FACTOR = 0.5;

/** Microsoft's own ASN: token refreshes and service traffic egress from it anywhere. */
export const MICROSOFT_ASN = 8075;

/** How new a sign-in's origin is to the user, weakest to strongest (ordered numbers). */
export const Novelty = {
  /** Nothing to compare: no IP and no country. */
  Unknown: -1,
  Familiar: 0,
  /** IP new, its /24 (/48) known. */
  Ip: 1,
  /** /24 (/48) new, country known (and ASN known or not reported). */
  Network: 2,
  /** ASN new, country known. */
  Asn: 3,
  Country: 4,
} as const;
export type Novelty = (typeof Novelty)[keyof typeof Novelty];

export const NOVELTY_TEXT: Record<Novelty, string> = {
  [Novelty.Unknown]: "unknown origin",
  [Novelty.Familiar]: "familiar origin",
  [Novelty.Ip]: "new IP in a known network",
  [Novelty.Network]: "new network",
  [Novelty.Asn]: "new ASN",
  [Novelty.Country]: "new country",
};

function seen(record: Record<string, number>, key: string | number): boolean {
  const count = record[key];
  return typeof count === "number" && count > 0;
}

function hasAny(record: Record<string, number>): boolean {
  for (const _ in record) return true;
  return false;
}

/**
 * Where the sign-in came from compared with the baseline. A known IP is familiar whatever the
 * geolocation says (IP-to-country databases drift); otherwise the strongest novelty wins.
 * Allocates only when the IP is unknown (to build its network key).
 */
export function noveltyOf(baseline: SignInBaseline, s: SignIn): Novelty {
  const ip = s.ipAddress;
  if (ip && seen(baseline.ips, ip)) return Novelty.Familiar;
  if (s.country && !seen(baseline.countries, s.country)) return Novelty.Country;
  // A history without ASNs (v1.0 data) cannot call an ASN new.
  if (s.autonomousSystemNumber !== undefined && hasAny(baseline.asns) && !seen(baseline.asns, s.autonomousSystemNumber)) {
    return Novelty.Asn;
  }
  if (ip) {
    const network = networkKey(ip);
    return network && !seen(baseline.networks, network) ? Novelty.Network : Novelty.Ip;
  }
  return s.country ? Novelty.Familiar : Novelty.Unknown;
}

export interface MaturityOptions {
  minBaselineSignIns: number;
  minBaselineDays: number;
}

/**
 * Entra's learning period idea (atypical travel: 14 days or 10 logins, whichever first): below
 * either minimum, "new" means little, so confidence drops and the report says why.
 */
export function learningAdjustment(baseline: SignInBaseline, options: MaturityOptions): Adjustment | undefined {
  if (baseline.signIns >= options.minBaselineSignIns || baseline.activeDays >= options.minBaselineDays) return undefined;
  return {
    factor: LEARNING_FACTOR,
    reason:
      `The baseline is still learning: ${baseline.signIns} sign-ins on ${baseline.activeDays} days ` +
      `(needs >= ${options.minBaselineSignIns} sign-ins or >= ${options.minBaselineDays} active days), so "new" is weak.`,
  };
}

/** Why a rule could not compare with history; completes "Not checked: ... (<this>)". */
export const NO_BASELINE = "the sign-in baseline was not collected or holds no successful sign-in";

/**
 * The baseline when it was collected and knows at least one successful sign-in, else undefined:
 * against an empty history everything is "new", which says nothing.
 */
export function usableBaseline(collected: Collected<SignInBaseline>): SignInBaseline | undefined {
  return collected.status === "ok" && collected.value.successes > 0 ? collected.value : undefined;
}

/** Sentence for explanations listing what v1.0 data or missing fields kept the rule from checking. */
export function uncheckedSentence(unchecked: readonly string[]): string {
  return unchecked.length ? ` Not checked: ${unchecked.join("; ")}.` : "";
}
