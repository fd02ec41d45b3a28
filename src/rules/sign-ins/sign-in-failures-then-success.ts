import type { SignIn, SignInBaseline, UserProfile } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf, type AllowList } from "../shared/allow-list.js";
import { learningAdjustment, NO_BASELINE, Novelty, NOVELTY_TEXT, noveltyOf, usableBaseline } from "../shared/baseline.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { MAX_EVIDENCE_ITEMS, distinctIps, signInEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface FailuresThenSuccessOptions {
  /** Password failures: invalid password, locked (smart lockout), expired, invalid or null password. */
  failureCodes: number[];
  minFailures: number;
  /** Failures must fall this close before the success. */
  withinMinutes: number;
  minBaselineSignIns: number;
  minBaselineDays: number;
  countryConfidence: number;
  networkConfidence: number;
  /** No baseline, or the sign-in carried neither IP nor country: nothing to compare. */
  uncomparedConfidence: number;
}

export const signInFailuresThenSuccess = defineRule<FailuresThenSuccessOptions>({
  meta: {
    id: "sign-in-failures-then-success",
    title: "Password failures followed by a success from an unfamiliar origin",
    description:
      "Several failed password attempts, then a successful sign-in within minutes from an IP, network or country the user " +
      "does not normally use (password spray playbook: 'password compromise'). A typo from the user's usual network is ignored.",
    severity: "medium",
    attack: ["T1110.001", "T1078.004"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 65,
    remediation:
      "Confirm with the user; if it was not them, reset the password, revoke sessions and check for new MFA methods, inbox rules and consents.",
  },
  defaultOptions: {
    failureCodes: [50126, 50053, 50055, 50056],
    minFailures: 3,
    withinMinutes: 30,
    minBaselineSignIns: 10,
    minBaselineDays: 7,
    countryConfidence: 0.75,
    networkConfidence: 0.5,
    uncomparedConfidence: 0.35,
  },
  evaluate(evidence, ctx) {
    const { failureCodes, minFailures } = ctx.options;
    const withinMs = ctx.options.withinMinutes * 60_000;
    const baseline = usableBaseline(evidence.signInBaseline);
    const allowList = allowListOf(ctx.config);
    const failures: SignIn[] = [];
    let start = 0;
    const detections: Detection[] = [];
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (!s.success) {
        if (failureCodes.includes(s.errorCode)) failures.push(s);
        continue;
      }
      while (start < failures.length && failures[start].ms < s.ms - withinMs) start++;
      if (failures.length - start < minFailures) continue;
      const recent = failures.slice(start);
      // These failures are explained by this success either way; later successes need new ones.
      start = failures.length;
      const novelty = baseline ? noveltyOf(baseline, s) : Novelty.Unknown;
      // Familiar IP, or a new address in a known network: the user mistyped and then got it right.
      if (novelty === Novelty.Familiar || novelty === Novelty.Ip) continue;
      detections.push(detection({ recent, success: s, novelty, baseline, user: evidence.user, options: ctx.options, allowList }));
    }
    return detections;
  },
});

interface Candidate {
  recent: SignIn[];
  success: SignIn;
  novelty: Novelty;
  baseline: SignInBaseline | undefined;
  user: UserProfile;
  options: FailuresThenSuccessOptions;
  allowList: AllowList;
}

function detection({ recent, success, novelty, baseline, user, options, allowList }: Candidate): Detection {
  const adjustments: Adjustment[] = [];
  const notes: string[] = [];
  let base = options.uncomparedConfidence;
  if (!baseline) notes.push(`Not checked: whether the IP is the user's usual one (${NO_BASELINE}).`);
  else if (novelty === Novelty.Unknown) notes.push("Not checked: the origin (the success carried no IP or location).");
  else {
    base = novelty === Novelty.Country ? options.countryConfidence : options.networkConfidence;
    const learning = learningAdjustment(baseline, options);
    if (learning) adjustments.push(learning);
  }
  allowListAdjustmentsForAll(allowList, [success], adjustments);
  const reset = resetAdjustment(user, success.ms);
  if (reset) adjustments.push(reset);
  const minutes = Math.max(1, Math.round((success.ms - recent[0].ms) / 60_000));
  const codes = [...new Set(recent.map((f) => f.errorCode))].join(", ");
  const origin = `${success.ipAddress ?? "an unknown IP"}${success.country ? ` (${success.country})` : ""}`;
  const evidenceItems = [signInEvidence(success, "success")];
  for (const f of recent.slice(-(MAX_EVIDENCE_ITEMS - 1))) evidenceItems.push(signInEvidence(f, "failure"));
  return {
    confidence: adjustedConfidence(base, adjustments),
    severity: novelty === Novelty.Country ? "high" : "medium",
    title: `${recent.length} password failures, then a success from ${origin}`,
    firstSeen: recent[0].time,
    lastSeen: success.time,
    explanation:
      `${recent.length} failed password attempts (error ${codes}) within ${minutes} min were followed by a successful sign-in ` +
      `from ${origin}` +
      (novelty > Novelty.Ip ? `, a ${NOVELTY_TEXT[novelty]} for this user` : "") +
      `. Someone may have guessed or sprayed the password.` +
      (notes.length ? ` ${notes.join(" ")}` : ""),
    matched: {
      threshold:
        `>= ${options.minFailures} failures (${options.failureCodes.join("/")}) within ${options.withinMinutes} min ` +
        "before a success from an unfamiliar origin",
      observed: `${recent.length} failures in ${minutes} min, success from ${origin}`,
    },
    adjustments,
    evidence: evidenceItems,
    entities: { ips: distinctIps([success, ...recent]) },
  };
}
