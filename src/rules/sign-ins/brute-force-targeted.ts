import type { SignIn } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { MICROSOFT_ASN } from "../shared/baseline.js";
import { findBursts } from "../shared/bursts.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { countPhrase, distinctIps, signInsEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface BruteForceOptions {
  /**
   * Elastic brute_force_activity failure codes. 50053 (locked) is left out as Elastic does:
   * lockouts are the consequence of guessing, not more guesses.
   */
  guessingCodes: number[];
  /** Elastic "password guessing": one user, one error, >= 30 events within <= 300 s. */
  guessingMinFailures: number;
  guessingWindowSeconds: number;
  /** Splunk high_number_of_failed_authentications_for_user: > 20 x 50126 in 10 min. */
  invalidPasswordCode: number;
  invalidPasswordAbove: number;
  invalidPasswordWindowSeconds: number;
  confidence: number;
}

interface Interval {
  signIns: SignIn[];
  criteria: string[];
}

export const bruteForceTargeted = defineRule<BruteForceOptions>({
  meta: {
    id: "brute-force-targeted",
    title: "Burst of failed sign-ins against the user",
    description:
      "Many failed sign-ins for this one user in minutes: >= 30 with the same error in 300 s (Elastic password guessing) or " +
      "> 20 invalid passwords in 10 min (Splunk). Context: an app with a stale password does the same.",
    severity: "low",
    attack: ["T1110.001"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 40,
    context: true,
    remediation:
      "Check whether any attempt succeeded and from where; block the source IPs, and if a device is retrying a stale password, update it.",
  },
  defaultOptions: {
    guessingCodes: [
      50034, 50126, 50055, 50056, 50057, 50064, 50076, 50079, 50105, 50135, 50142, 50144, 70000, 70008, 70043, 80002, 80005, 120000,
      120002, 120020,
    ],
    guessingMinFailures: 30,
    guessingWindowSeconds: 300,
    invalidPasswordCode: 50126,
    invalidPasswordAbove: 20,
    invalidPasswordWindowSeconds: 600,
    confidence: 0.5,
  },
  evaluate(evidence, ctx) {
    const options = ctx.options;
    const byCode = new Map<number, SignIn[]>();
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      // Microsoft's own egress (token refresh retries) is excluded, as in Elastic's rule.
      if (s.success || s.autonomousSystemNumber === MICROSOFT_ASN) continue;
      if (s.errorCode !== options.invalidPasswordCode && !options.guessingCodes.includes(s.errorCode)) continue;
      let list = byCode.get(s.errorCode);
      if (!list) byCode.set(s.errorCode, (list = []));
      list.push(s);
    }
    const intervals: Interval[] = [];
    for (const [code, failures] of byCode) {
      if (failures.length < Math.min(options.guessingMinFailures, options.invalidPasswordAbove + 1)) continue;
      const times = failures.map((s) => s.ms);
      if (options.guessingCodes.includes(code)) {
        for (const b of findBursts(times, options.guessingWindowSeconds * 1000, options.guessingMinFailures)) {
          intervals.push({
            signIns: failures.slice(b.first, b.last + 1),
            criteria: [`${b.peak} x error ${code} within ${options.guessingWindowSeconds} s (Elastic: >= ${options.guessingMinFailures})`],
          });
        }
      }
      if (code === options.invalidPasswordCode) {
        for (const b of findBursts(times, options.invalidPasswordWindowSeconds * 1000, options.invalidPasswordAbove + 1)) {
          const minutes = options.invalidPasswordWindowSeconds / 60;
          intervals.push({
            signIns: failures.slice(b.first, b.last + 1),
            criteria: [`${b.peak} x error ${code} within ${minutes} min (Splunk: > ${options.invalidPasswordAbove})`],
          });
        }
      }
    }
    if (intervals.length === 0) return [];

    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const interval of mergeOverlapping(intervals)) {
      const { signIns, criteria } = interval;
      const first = signIns[0];
      const last = signIns[signIns.length - 1];
      const adjustments: Adjustment[] = [];
      allowListAdjustmentsForAll(allowList, signIns, adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const ips = distinctIps(signIns);
      const minutes = Math.max(1, Math.round((last.ms - first.ms) / 60_000));
      detections.push({
        confidence: adjustedConfidence(options.confidence, adjustments),
        title: `${signIns.length} failed sign-ins in ${minutes} min`,
        firstSeen: first.time,
        lastSeen: last.time,
        explanation:
          `${countPhrase(signIns.length, "failed sign-in")} against this user in ${minutes} min from ${ips.length} IP(s) ` +
          `(${ips.slice(0, 5).join(", ")}${ips.length > 5 ? ", ..." : ""}): ${criteria.join("; ")}.`,
        matched: { threshold: criteria.join("; "), observed: `${signIns.length} failures between ${first.time} and ${last.time}` },
        adjustments,
        evidence: signInsEvidence(signIns),
        entities: { ips },
      });
    }
    return detections;
  },
});

/** One finding per attack: bursts that overlap in time (any code, either criterion) merge. */
function mergeOverlapping(intervals: Interval[]): Interval[] {
  intervals.sort((a, b) => a.signIns[0].ms - b.signIns[0].ms);
  const merged: Interval[] = [];
  for (const interval of intervals) {
    const previous = merged[merged.length - 1];
    if (previous && interval.signIns[0].ms <= previous.signIns[previous.signIns.length - 1].ms) {
      const ids = new Set(previous.signIns.map((s) => s.id));
      for (const s of interval.signIns) if (!ids.has(s.id)) previous.signIns.push(s);
      previous.signIns.sort((a, b) => a.ms - b.ms);
      previous.criteria.push(...interval.criteria);
    } else {
      merged.push({ signIns: [...interval.signIns], criteria: [...interval.criteria] });
    }
  }
  return merged;
}
