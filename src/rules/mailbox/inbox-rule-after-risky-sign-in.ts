import type { AuditRecord, SignIn } from "../../collect/evidence.js";
import { FLOOR_MIN_CONFIDENCE } from "../shared/confidence.js";
import { defineRule, type Detection } from "../types.js";
import { classifyAddress, ownDomains } from "./shared/addresses.js";
import { Confidence } from "./shared/confidence.js";
import { auditRecordItem } from "./shared/items.js";
import {
  DEFAULT_RISK_ANCHOR_OPTIONS,
  anchorsAround,
  collectRiskAnchors,
  strongestAnchor,
  usableBaseline,
  type RiskAnchor,
} from "./shared/risk-anchors.js";
import { quoted } from "./shared/text.js";
import { INBOX_RULE_WRITE_OPERATIONS, isOperation, ualClientIp, ualRuleActions, ualRuleName, ualSessionId, ualSucceeded } from "./shared/ual.js";
import { HOUR_MS, MINUTE_MS, describeGap, inWindow, windowBounds } from "./shared/window.js";

/**
 * detections.md MBX-05 / §8: same session as a risky sign-in (Microsoft AiTM blog) is the strongest
 * link; within 1 h is strong, within 24 h weaker; the same IP adds to either.
 */
const IMPACT = 90;
const SAME_SESSION_CONFIDENCE = 0.9;
const WITHIN_STRONG_CONFIDENCE = 0.75;
const WITHIN_WEAK_CONFIDENCE = 0.5;
const SAME_IP_POINTS = 9;
const WEAK_ANCHOR_FACTOR = 0.8;
const BENIGN_ACTIONS_FACTOR = 0.7;

export interface InboxRuleAfterRiskySignInOptions {
  strongWindowMinutes: number;
  weakWindowHours: number;
  /** Sign-in log and audit log clocks differ; allow the sign-in to be logged this much after the rule. */
  clockSkewMinutes: number;
  riskLevels: string[];
  minBaselineSignIns: number;
}

/** Successful sign-ins by IP, oldest first. */
function successesByIp(signIns: readonly SignIn[]): Map<string, SignIn[]> {
  const byIp = new Map<string, SignIn[]>();
  for (const s of signIns) {
    if (!s.success || !s.ipAddress) continue;
    const list = byIp.get(s.ipAddress);
    if (list) list.push(s);
    else byIp.set(s.ipAddress, [s]);
  }
  for (const list of byIp.values()) list.sort((a, b) => a.ms - b.ms);
  return byIp;
}

/** The latest sign-in from the rule's own IP, when the user's baseline has never seen that IP. */
function ruleIpAnchor(byIp: Map<string, SignIn[]>, ip: string, record: AuditRecord, knownIps: Record<string, number>, maxBeforeMs: number, skewMs: number): RiskAnchor | undefined {
  if (ip in knownIps) return undefined;
  const signIn = (byIp.get(ip) ?? []).filter((s) => s.ms <= record.ms + skewMs && s.ms >= record.ms - maxBeforeMs).at(-1);
  if (!signIn) return undefined;
  return {
    kind: "unfamiliarSignIn",
    ms: signIn.ms,
    time: signIn.time,
    ip,
    sessionId: signIn.sessionId,
    strength: "normal",
    label: `sign-in from ${ip}${signIn.country ? ` (${signIn.country})` : ""}, an IP not in the user's baseline, which also created the rule`,
    evidence: { source: "signIns", id: signIn.id, time: signIn.time, fields: { ipAddress: ip, country: signIn.country ?? null, app: signIn.appDisplayName ?? signIn.appId ?? null } },
  };
}

export const inboxRuleAfterRiskySignIn = defineRule<InboxRuleAfterRiskySignInOptions>({
  meta: {
    id: "inbox-rule-after-risky-sign-in",
    title: "Inbox rule created right after a risky sign-in",
    description:
      "An inbox rule was created or changed (New-InboxRule, Set-InboxRule, UpdateInboxRules) within 24 hours after a risky or unfamiliar sign-in, from the same session or IP where known: the AiTM / BEC sequence of sign-in then mail rule.",
    severity: "critical",
    attack: ["T1564.008", "T1078.004"],
    category: "mailbox",
    requires: ["auditRecords", "signIns"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "Treat the account as compromised: revoke sessions, reset the password, remove the rule and review every other rule, forwarding setting, MFA method and app consent created since the sign-in.",
  },
  defaultOptions: {
    strongWindowMinutes: 60,
    weakWindowHours: 24,
    clockSkewMinutes: 5,
    riskLevels: DEFAULT_RISK_ANCHOR_OPTIONS.riskLevels.slice(),
    minBaselineSignIns: DEFAULT_RISK_ANCHOR_OPTIONS.minBaselineSignIns,
  },
  evaluate(evidence, ctx) {
    if (evidence.auditRecords.status !== "ok" || evidence.signIns.status !== "ok") return [];
    const bounds = windowBounds(ctx.window);
    const writes = evidence.auditRecords.value.filter((record) => isOperation(record, INBOX_RULE_WRITE_OPERATIONS) && ualSucceeded(record) && inWindow(record.ms, bounds));
    // Most users wrote no inbox rule: the sign-in anchors are only worth building for those who did.
    if (writes.length === 0) return [];
    const options = ctx.options;
    const anchors = collectRiskAnchors(evidence, ctx, options);
    const baseline = usableBaseline(evidence, options.minBaselineSignIns);
    const byIp = successesByIp(evidence.signIns.value);
    const bySession = new Map<string, RiskAnchor[]>();
    for (const anchor of anchors) {
      if (!anchor.sessionId) continue;
      const list = bySession.get(anchor.sessionId);
      if (list) list.push(anchor);
      else bySession.set(anchor.sessionId, [anchor]);
    }
    const strongMs = options.strongWindowMinutes * MINUTE_MS;
    const weakMs = options.weakWindowHours * HOUR_MS;
    const skewMs = options.clockSkewMinutes * MINUTE_MS;
    const own = ownDomains(ctx.facts.acceptedDomains, evidence.user);
    const best = new Map<string, Detection>();

    for (const record of writes) {
      const ip = ualClientIp(record);
      const sessionId = ualSessionId(record);
      const sessionAnchor = sessionId ? bySession.get(sessionId)?.find((a) => a.ms <= record.ms + skewMs) : undefined;
      const nearby = anchorsAround(anchors, record.ms, weakMs, skewMs);
      const ipAnchor = ip && baseline ? ruleIpAnchor(byIp, ip, record, baseline.ips, weakMs, skewMs) : undefined;
      const anchor = sessionAnchor ?? strongestAnchor(ipAnchor ? [...nearby, ipAnchor] : nearby, record.ms);
      if (!anchor) continue;

      const gap = record.ms - anchor.ms;
      const sameSession = anchor === sessionAnchor;
      const confidence = new Confidence(sameSession ? SAME_SESSION_CONFIDENCE : gap <= strongMs ? WITHIN_STRONG_CONFIDENCE : WITHIN_WEAK_CONFIDENCE);
      const sameIp = Boolean(ip && anchor.ip === ip);
      if (sameIp && !sameSession) confidence.addPoints(SAME_IP_POINTS, IMPACT, `The rule was written from the sign-in's IP ${ip}.`);
      if (anchor.strength === "weak") confidence.scale(WEAK_ANCHOR_FACTOR, `The sign-in signal is weak (${anchor.label}).`);

      const name = ualRuleName(record);
      const actions = ualRuleActions(record);
      const external = actions.forwardTo.filter((a) => classifyAddress(a, own, ctx.config.allowLists.partnerDomains) === "external");
      const does = [
        ...(actions.forwardTo.length ? [`forwards to ${actions.forwardTo.join(", ")}`] : []),
        ...(actions.deletes ? ["deletes mail"] : []),
        ...(actions.moveToFolder ? [`moves mail to ${actions.moveToFolder}`] : []),
        ...(actions.markAsRead ? ["marks mail as read"] : []),
      ];
      if (does.length === 0) confidence.scale(BENIGN_ACTIONS_FACTOR, "The audit record shows no forwarding, deleting, moving or mark-as-read action.");
      const strong = (sameSession || gap <= strongMs || anchor.strength !== "weak") && confidence.get() >= FLOOR_MIN_CONFIDENCE;
      const link = sameSession ? `in the same session (${sessionId})` : `${describeGap(gap)} ${gap >= 0 ? "after" : "around"} it${sameIp ? `, from the same IP ${ip}` : ""}`;

      // New- then Set-InboxRule of one rule: keep the best-linked write only.
      const key = name !== undefined ? name.trim().toLowerCase() : record.id;
      const previous = best.get(key);
      if (previous && previous.confidence >= confidence.get()) continue;
      best.set(key, {
        severity: strong ? "critical" : "high",
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        attack: external.length ? ["T1564.008", "T1078.004", "T1114.003"] : undefined,
        title: `Inbox rule ${quoted(name)} created ${describeGap(gap)} after a risky sign-in`,
        firstSeen: gap >= 0 ? anchor.time : record.time,
        lastSeen: gap >= 0 ? record.time : anchor.time,
        explanation:
          `${anchor.label} at ${anchor.time}; ${record.operation} wrote inbox rule ${quoted(name)} ${link}` +
          `${does.length ? ` (the rule ${does.join(", ")})` : ""}.`,
        matched: {
          threshold: sameSession ? "same session id as the risky sign-in" : gap <= strongMs ? `<= ${options.strongWindowMinutes} min after` : `<= ${options.weakWindowHours} h after`,
          observed: sameSession ? `session ${sessionId}` : describeGap(gap),
        },
        evidence: [anchor.evidence, auditRecordItem(record)],
        floor: strong ? { level: "high", reason: "Mailbox persistence created right after a compromise signal." } : undefined,
        entities: {
          ...(name !== undefined ? { ruleNames: [name] } : {}),
          ...(ip ? { ips: [ip] } : {}),
          ...(external.length ? { forwardTo: external } : {}),
        },
      });
    }
    return [...best.values()];
  },
});
