import type { SignIn } from "../../collect/evidence.js";
import type { SprayIp } from "../../derive/tenant-facts.js";
import type { Adjustment, EvidenceItem } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { MAX_EVIDENCE_ITEMS, signInEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface SprayIpSuccessOptions {
  /**
   * Codes that mean the password was right but the sign-in was interrupted (MFA required, CA
   * block, expired password, ...): Sentinel SigninPasswordSpray's "success" list minus 0.
   */
  interruptCodes: number[];
  successConfidence: number;
  interruptConfidence: number;
}

interface Hits {
  spray: SprayIp;
  successes: SignIn[];
  interrupts: SignIn[];
}

export const passwordSprayIpSuccess = defineRule<SprayIpSuccessOptions>({
  meta: {
    id: "password-spray-ip-success",
    title: "Sign-in succeeded from a password-spray IP",
    description:
      "The user signed in successfully, or got as far as MFA/Conditional Access, from an IP that sprayed passwords at several " +
      "accounts (Sentinel SigninPasswordSpray; spray playbook: successes first, then interrupts).",
    severity: "high",
    attack: ["T1110.003", "T1078.004"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 75,
    remediation:
      "Treat the password as known to the attacker: reset it, revoke sessions, block the IP and check for persistence " +
      "(inbox rules, MFA methods, consents).",
  },
  defaultOptions: {
    interruptCodes: [50055, 50057, 50155, 50105, 50133, 50005, 50076, 50079, 50173, 50158, 50072, 50074, 53003, 53000, 53001, 50129],
    successConfidence: 0.8,
    interruptConfidence: 0.47,
  },
  evaluate(evidence, ctx) {
    const sprayIps = ctx.facts.sprayIps;
    if (sprayIps.size === 0) return [];
    const hitsByIp = new Map<string, Hits>();
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (!s.ipAddress) continue;
      const spray = sprayIps.get(s.ipAddress);
      if (!spray) continue;
      const interrupted = !s.success && ctx.options.interruptCodes.includes(s.errorCode);
      if (!s.success && !interrupted) continue;
      let hits = hitsByIp.get(s.ipAddress);
      if (!hits) hitsByIp.set(s.ipAddress, (hits = { spray, successes: [], interrupts: [] }));
      (s.success ? hits.successes : hits.interrupts).push(s);
    }

    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const { spray, successes, interrupts } of hitsByIp.values()) {
      const succeeded = successes.length > 0;
      const all = [...successes, ...interrupts].sort((a, b) => a.ms - b.ms);
      const adjustments: Adjustment[] = [];
      allowListAdjustmentsForAll(allowList, all, adjustments);
      const reset = resetAdjustment(evidence.user, all[all.length - 1].ms);
      if (reset) adjustments.push(reset);
      const base = succeeded ? ctx.options.successConfidence : ctx.options.interruptConfidence;
      const outcome = succeeded
        ? `${successes.length} successful sign-in(s)` + (interrupts.length ? ` and ${interrupts.length} interrupted one(s)` : "")
        : `${interrupts.length} sign-in(s) that passed the password check and were then interrupted ` +
          `(error ${[...new Set(interrupts.map((s) => s.errorCode))].join(", ")}: MFA, Conditional Access or account state)`;
      detections.push({
        confidence: adjustedConfidence(base, adjustments),
        severity: succeeded ? "high" : "medium",
        title: succeeded ? `Successful sign-in from spray IP ${spray.ip}` : `Password accepted from spray IP ${spray.ip} (interrupted)`,
        firstSeen: all[0].time,
        lastSeen: all[all.length - 1].time,
        explanation:
          `${spray.ip} sprayed passwords across the tenant ` +
          `(${spray.basis}; ${spray.distinctUsers} users, ${spray.firstSeen} to ${spray.lastSeen}). ` +
          `This user had ${outcome} from it, so the attacker knows the password` +
          (succeeded ? " and got in." : "; only the interruption kept them out."),
        matched: {
          threshold: "sign-in from a spray IP with a success (0) or an interrupt code",
          observed: `${successes.length} successes, ${interrupts.length} interrupts`,
        },
        adjustments,
        evidence: [sprayEvidence(spray), ...all.slice(0, MAX_EVIDENCE_ITEMS).map((s) => signInEvidence(s))],
        entities: { ips: [spray.ip] },
      });
    }
    return detections;
  },
});

function sprayEvidence(spray: SprayIp): EvidenceItem {
  return {
    source: "derived",
    time: spray.firstSeen,
    fields: { sprayIp: spray.ip, distinctUsers: spray.distinctUsers, firstSeen: spray.firstSeen, lastSeen: spray.lastSeen, basis: spray.basis },
  };
}
