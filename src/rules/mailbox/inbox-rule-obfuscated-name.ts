import type { EvidenceItem } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { Confidence } from "./shared/confidence.js";
import { latest, ruleNameKey, ruleWritesByName } from "./shared/inbox-rules.js";
import { auditRecordItem, inboxRuleItem } from "./shared/items.js";
import { quoted } from "./shared/text.js";
import { ualRuleName } from "./shared/ual.js";
import { inWindow, windowBounds } from "./shared/window.js";

const IMPACT = 60;
/** detections.md MBX-04: 30. A short but alphanumeric name is our own extension, so it counts less. */
const SPECIAL_ONLY_POINTS = 30;
const SHORT_NAME_POINTS = 24;
const DISABLED_FACTOR = 0.5;

export interface InboxRuleObfuscatedNameOptions {
  /** Names of at most this many characters count as evasive. */
  maxShortNameLength: number;
}

/**
 * Elastic's regex accepts ASCII punctuation and spaces only; any name without a letter or digit
 * (".", "...", "\u200b", "--") serves the same purpose, so the test is Unicode-wide.
 */
const NO_LETTER_OR_DIGIT = /^[^\p{L}\p{N}]*$/u;

type NameVerdict = { points: number; reason: string } | undefined;

function judgeName(name: string, maxShort: number): NameVerdict {
  if (name === "") return { points: SPECIAL_ONLY_POINTS, reason: "is empty" };
  if (NO_LETTER_OR_DIGIT.test(name)) return { points: SPECIAL_ONLY_POINTS, reason: "has no letter or digit" };
  if ([...name.trim()].length <= maxShort) return { points: SHORT_NAME_POINTS, reason: `is only ${[...name.trim()].length} character(s) long` };
  return undefined;
}

export const inboxRuleObfuscatedName = defineRule<InboxRuleObfuscatedNameOptions>({
  meta: {
    id: "inbox-rule-obfuscated-name",
    title: "Inbox rule with an evasive name",
    description:
      "An inbox rule is named with only punctuation, whitespace or invisible characters, or one or two characters, a naming habit of attackers who want the rule to go unnoticed in Outlook.",
    severity: "medium",
    attack: ["T1564.008"],
    category: "mailbox",
    requires: ["inboxRules"],
    impact: IMPACT,
    persistence: true,
    remediation: "Open the rule's conditions and actions; if the user did not create it, remove it and review the mail it touched.",
  },
  defaultOptions: { maxShortNameLength: 2 },
  evaluate(evidence, ctx) {
    if (evidence.inboxRules.status !== "ok") return [];
    const detections: Detection[] = [];
    const graphNames = new Set<string>();
    const writes = ruleWritesByName(evidence);

    const push = (name: string, verdict: NonNullable<NameVerdict>, enabled: boolean, seen: string, items: EvidenceItem[], where: string) => {
      const confidence = new Confidence(verdict.points / IMPACT);
      if (!enabled) confidence.scale(DISABLED_FACTOR, "The rule is disabled.");
      detections.push({
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Inbox rule with evasive name ${quoted(name)}`,
        firstSeen: seen,
        lastSeen: seen,
        explanation: `The name of inbox rule ${quoted(name)} ${verdict.reason}${where}.`,
        matched: { threshold: "name without letters or digits, or at most a few characters", observed: quoted(name) },
        evidence: items,
        entities: { ruleNames: [name] },
      });
    };

    for (const rule of evidence.inboxRules.value) {
      if (typeof rule.displayName !== "string") continue;
      graphNames.add(ruleNameKey(rule.displayName));
      const verdict = judgeName(rule.displayName, ctx.options.maxShortNameLength);
      if (!verdict) continue;
      const lastWrite = latest(writes.get(ruleNameKey(rule.displayName)));
      push(rule.displayName, verdict, rule.isEnabled !== false, lastWrite?.time ?? ctx.now.toISOString(), [inboxRuleItem(rule)], "");
    }

    // Rules written in the window that Graph did not return (hidden or since deleted).
    const bounds = windowBounds(ctx.window);
    for (const [key, records] of writes) {
      if (graphNames.has(key)) continue;
      const inside = records.filter((r) => inWindow(r.ms, bounds));
      if (inside.length === 0) continue;
      const record = latest(inside) ?? inside[0];
      const name = ualRuleName(record) ?? key;
      const verdict = judgeName(name, ctx.options.maxShortNameLength);
      if (!verdict) continue;
      push(name, verdict, true, record.time, inside.map((r) => auditRecordItem(r)), " (seen in the audit log; Graph did not return the rule)");
    }
    return detections;
  },
});
