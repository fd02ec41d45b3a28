import type { SignIn, SignInBaseline } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { learningAdjustment, Novelty, NOVELTY_TEXT, noveltyOf } from "../shared/baseline.js";
import { adjustedConfidence } from "../shared/confidence.js";
import { AAD_GRAPH_RESOURCE_ID, DEVELOPER_TOOL_APPS, FOCI_APP_IDS, MICROSOFT_GRAPH_RESOURCE_ID } from "../shared/microsoft-apps.js";
import { countPhrase, distinctIps, signInsEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface FirstPartyToolOptions {
  minBaselineSignIns: number;
  minBaselineDays: number;
  /** 60 x 0.65 = 39 points (APP-02: 40). */
  confidence: number;
  /** ConsentFix attackers redeem the code from their own infrastructure. */
  unfamiliarFactor: number;
}

const FOCI = new Set(FOCI_APP_IDS);

interface Group {
  appId: string;
  name: string;
  signIns: SignIn[];
}

export const firstPartyToolAbuse = defineRule<FirstPartyToolOptions>({
  meta: {
    id: "first-party-tool-abuse",
    title: "Developer tool token for Graph, new for the user",
    description:
      "Azure CLI, Azure PowerShell or VS Code signed in to Microsoft Graph or AAD Graph, or another family-of-client-ids app to AAD Graph, " +
      "for a user who never used that app before (Elastic oauth_phishing_via_first_party_microsoft_application, ConsentFix).",
    severity: "medium",
    attack: ["T1528", "T1550.001"],
    category: "sign-ins",
    requires: ["signIns", "signInBaseline"],
    impact: 60,
    remediation:
      "Ask the user whether they use this tool; if not, revoke sessions and refresh tokens and restrict these apps with Conditional Access.",
  },
  defaultOptions: {
    minBaselineSignIns: 10,
    minBaselineDays: 7,
    confidence: 0.65,
    unfamiliarFactor: 1.3,
  },
  evaluate(evidence, ctx) {
    if (evidence.signInBaseline.status !== "ok") return [];
    const baseline = evidence.signInBaseline.value;
    const groups = new Map<string, Group>();
    for (const s of windowSignIns(evidence.signIns, ctx.window)) {
      if (!s.success || !s.appId) continue;
      const tool = DEVELOPER_TOOL_APPS.get(s.appId);
      const matched = tool !== undefined ? reachesGraph(s) || reachesAadGraph(s) : FOCI.has(s.appId) && reachesAadGraph(s);
      if (!matched || usedBefore(baseline, s)) continue;
      let group = groups.get(s.appId);
      if (!group) groups.set(s.appId, (group = { appId: s.appId, name: tool ?? s.appDisplayName ?? s.appId, signIns: [] }));
      group.signIns.push(s);
    }
    if (groups.size === 0) return [];

    const allowList = allowListOf(ctx.config);
    const learning = learningAdjustment(baseline, ctx.options);
    const detections: Detection[] = [];
    for (const { appId, name, signIns } of groups.values()) {
      const last = signIns[signIns.length - 1];
      const adjustments: Adjustment[] = [];
      if (learning) adjustments.push(learning);
      let strongest: Novelty = Novelty.Unknown;
      for (const s of signIns) strongest = Math.max(strongest, noveltyOf(baseline, s)) as Novelty;
      if (strongest >= Novelty.Network) {
        adjustments.push({ factor: ctx.options.unfamiliarFactor, reason: `From a ${NOVELTY_TEXT[strongest]} for this user.` });
      }
      allowListAdjustmentsForAll(allowList, signIns, adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const resources = [...new Set(signIns.map((s) => s.resourceDisplayName ?? s.resourceId ?? "unknown resource"))];
      detections.push({
        confidence: adjustedConfidence(ctx.options.confidence, adjustments),
        title: `${name} token for ${resources.join(", ")}`,
        firstSeen: signIns[0].time,
        lastSeen: last.time,
        explanation:
          `${countPhrase(signIns.length, "successful sign-in")} with ${name} (${appId}) to ${resources.join(", ")}, ` +
          `an app this user never used in ${baseline.signIns} baseline sign-ins since ${baseline.from}. ` +
          `ConsentFix-style phishing has users sign in to such first-party tools and paste the resulting code to the attacker.`,
        matched: {
          keyword: appId,
          threshold: "developer tool -> Graph/AAD Graph, or FOCI app -> AAD Graph; app not in the user's baseline",
          observed: `${signIns.length} sign-ins`,
        },
        adjustments,
        evidence: signInsEvidence(signIns),
        entities: { ips: distinctIps(signIns), appIds: [appId] },
      });
    }
    return detections;
  },
});

function reachesGraph(s: SignIn): boolean {
  return s.resourceId === MICROSOFT_GRAPH_RESOURCE_ID || s.resourceDisplayName === "Microsoft Graph";
}

function reachesAadGraph(s: SignIn): boolean {
  return s.resourceId === AAD_GRAPH_RESOURCE_ID || s.resourceDisplayName === "Windows Azure Active Directory";
}

/** Baseline apps are keyed by appId; display names are accepted too in case a builder used them. */
function usedBefore(baseline: SignInBaseline, s: SignIn): boolean {
  return baseline.apps[s.appId!] > 0 || (s.appDisplayName !== undefined && baseline.apps[s.appDisplayName] > 0);
}
