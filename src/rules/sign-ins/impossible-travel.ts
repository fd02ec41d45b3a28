import type { SignIn, SignInBaseline } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { NO_BASELINE, usableBaseline } from "../shared/baseline.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { hasCoordinates, haversineKm } from "../shared/geo.js";
import { signInEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface ImpossibleTravelOptions {
  /** Elastic signin_impossible_travel: implied speed and separation, within the lookback. */
  minSpeedKmh: number;
  minDistanceKm: number;
  lookbackMinutes: number;
  /** Without coordinates: two countries within this many minutes (Elastic portal_login_impossible_travel). */
  countryChangeMinutes: number;
  confidence: number;
  countryOnlyConfidence: number;
  /** The destination is a country the user never signed in from (detections.md SI-02: High 55). */
  newCountryFactor: number;
}

interface Trip {
  from: SignIn;
  to: SignIn;
  /** NaN when judged on countries alone. */
  km: number;
  kmh: number;
}

export const impossibleTravel = defineRule<ImpossibleTravelOptions>({
  meta: {
    id: "impossible-travel",
    title: "Impossible travel between sign-ins",
    description:
      "Two successful interactive sign-ins too far apart for the time between them: >= 800 km/h over >= 500 km within 90 min " +
      "(Elastic signin_impossible_travel; Sentinel UserLoginIPAddressTeleportation). VPNs and mobile roaming cause false positives.",
    severity: "medium",
    attack: ["T1078.004"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 60,
    remediation:
      "Ask the user about VPN use and travel; if one of the locations is not theirs, revoke sessions, reset the password and review MFA methods.",
  },
  defaultOptions: {
    minSpeedKmh: 800,
    minDistanceKm: 500,
    lookbackMinutes: 90,
    countryChangeMinutes: 15,
    confidence: 0.6,
    countryOnlyConfidence: 0.4,
    newCountryFactor: 1.5,
  },
  evaluate(evidence, ctx) {
    const options = ctx.options;
    const lookbackMs = options.lookbackMinutes * 60_000;
    const countryChangeMs = options.countryChangeMinutes * 60_000;
    // Non-interactive sign-ins are excluded: token refreshes egress through Microsoft and proxies.
    const points: SignIn[] = [];
    const trips = new Map<string, Trip[]>();
    let head = 0;
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (!s.success || !s.isInteractive) continue;
      const located = hasCoordinates(s);
      if (!located && !s.country) continue;
      while (head < points.length && s.ms - points[head].ms > lookbackMs) head++;
      let best: Trip | undefined;
      for (let k = head; k < points.length; k++) {
        const p = points[k];
        if (p.ipAddress !== undefined && p.ipAddress === s.ipAddress) continue;
        const trip = located && hasCoordinates(p) ? byDistance(p, s, options) : byCountry(p, s, countryChangeMs);
        if (trip && (!best || trip.kmh > best.kmh)) best = trip;
      }
      points.push(s);
      if (!best) continue;
      const key = routeKey(best);
      const list = trips.get(key);
      if (list) list.push(best);
      else trips.set(key, [best]);
    }
    if (trips.size === 0) return [];

    const baseline = usableBaseline(evidence.signInBaseline);
    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const routeTrips of trips.values()) {
      const fastest = routeTrips.reduce((a, b) => (b.kmh > a.kmh ? b : a));
      const last = routeTrips[routeTrips.length - 1].to;
      const signIns = routeTrips.flatMap((t) => [t.from, t.to]);
      const adjustments: Adjustment[] = [];
      const notes: string[] = [];
      const newCountry = baseline ? newDestinationCountry(baseline, routeTrips) : undefined;
      if (newCountry) {
        adjustments.push({ factor: options.newCountryFactor, reason: `${newCountry} is a country the user never signed in from before.` });
      }
      if (!baseline) notes.push(`whether the destination country is new (${NO_BASELINE})`);
      if (Number.isNaN(fastest.km)) notes.push("the distance (Graph gave no coordinates), so only the change of country was used");
      allowListAdjustmentsForAll(allowList, [fastest.from], adjustments);
      allowListAdjustmentsForAll(allowList, [fastest.to], adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const base = Number.isNaN(fastest.km) ? options.countryOnlyConfidence : options.confidence;
      const confidence = adjustedConfidence(base, adjustments);
      const minutes = Math.round((fastest.to.ms - fastest.from.ms) / 60_000);
      const route = `${place(fastest.from)} -> ${place(fastest.to)}`;
      const observed = Number.isNaN(fastest.km)
        ? `${fastest.from.country} then ${fastest.to.country} ${minutes} min apart`
        : `${Math.round(fastest.km)} km in ${minutes} min (${Number.isFinite(fastest.kmh) ? Math.round(fastest.kmh) : "instant"} km/h)`;
      detections.push({
        confidence,
        severity: newCountry ? "high" : "medium",
        title: `Impossible travel ${route}`,
        firstSeen: routeTrips[0].from.time,
        lastSeen: last.time,
        explanation:
          `Successful interactive sign-ins from ${place(fastest.from)} (${fastest.from.ipAddress ?? "no IP"}) and ` +
          `${place(fastest.to)} (${fastest.to.ipAddress ?? "no IP"}): ${observed}` +
          (routeTrips.length > 1 ? `, ${routeTrips.length} times on this route` : "") +
          `.` +
          (notes.length ? ` Not checked: ${notes.join("; ")}.` : ""),
        matched: {
          threshold: Number.isNaN(fastest.km)
            ? `two countries within ${options.countryChangeMinutes} min (no coordinates)`
            : `>= ${options.minSpeedKmh} km/h and >= ${options.minDistanceKm} km within ${options.lookbackMinutes} min`,
          observed,
        },
        adjustments,
        evidence: [signInEvidence(fastest.from, "from"), signInEvidence(fastest.to, "to")],
        entities: { ips: [...new Set(signIns.map((s) => s.ipAddress).filter((ip): ip is string => !!ip))] },
      });
    }
    return detections;
  },
});

function byDistance(from: SignIn, to: SignIn, options: ImpossibleTravelOptions): Trip | undefined {
  if (from.latitude === to.latitude && from.longitude === to.longitude) return undefined;
  const km = haversineKm(from.latitude!, from.longitude!, to.latitude!, to.longitude!);
  if (km < options.minDistanceKm) return undefined;
  const hours = (to.ms - from.ms) / 3_600_000;
  const kmh = hours > 0 ? km / hours : Number.POSITIVE_INFINITY;
  return kmh >= options.minSpeedKmh ? { from, to, km, kmh } : undefined;
}

function byCountry(from: SignIn, to: SignIn, withinMs: number): Trip | undefined {
  if (!from.country || !to.country || from.country === to.country || to.ms - from.ms > withinMs) return undefined;
  // Ranked below any measured trip: an unmeasured speed only beats another unmeasured one.
  return { from, to, km: Number.NaN, kmh: 0 };
}

/** Trips between the same two places (either direction) are one finding. */
function routeKey(trip: Trip): string {
  const a = place(trip.from);
  const b = place(trip.to);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function place(s: SignIn): string {
  if (s.city && s.country) return `${s.city}, ${s.country}`;
  return s.country ?? (hasCoordinates(s) ? `${s.latitude!.toFixed(1)},${s.longitude!.toFixed(1)}` : "unknown place");
}

function newDestinationCountry(baseline: SignInBaseline, trips: readonly Trip[]): string | undefined {
  for (const trip of trips) {
    for (const s of [trip.from, trip.to]) {
      if (s.country && !(baseline.countries[s.country] > 0)) return s.country;
    }
  }
  return undefined;
}
