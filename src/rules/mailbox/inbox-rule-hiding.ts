import type { InboxRule } from "../../collect/evidence.js";
import { defineRule, type Detection } from "../types.js";
import { Confidence } from "./shared/confidence.js";
import { OBSCURE_FOLDERS, earliest, hidingActions, latest, ruleNameKey, ruleWritesByName } from "./shared/inbox-rules.js";
import { auditRecordItem, inboxRuleItem } from "./shared/items.js";
import { keywordMatcher } from "./shared/keywords.js";
import { quoted } from "./shared/text.js";
import { windowBounds } from "./shared/window.js";

/** Sentinel Malicious_Inbox_Rule (the generic list). */
const SENTINEL_GENERIC = ["helpdesk", "alert", "suspicious", "fake", "malicious", "phishing", "spam", "do not click", "do not open", "hijacked", "fatal"];
/** Sentinel BEC_MailboxRule (finance / payroll diversion). */
const SENTINEL_BEC = [
  "invoice", "invoices", "payment", "payroll", "paycheck", "transfer", "bank statement", "bank details", "wire", "closing",
  "funds", "bank account", "account details", "iban", "ACH", "remit", "remittance", "purchase", "deposit", "pro-forma",
  "bank", "platnosc", "PO#", "Zahlung", "Rechnung", "Paiement", "virement bancaire", "Bankuberweisung", "virement",
  "hacked", "phishing", "payrollhelpdesk", "direct deposit", "doc",
];
/** Elastic defense_evasion_exchange_new_inbox_rule_delete_or_move. */
const ELASTIC = [
  "phish", "hack", "alert", "malware", "security", "invoice", "payment", "wire", "transfer", "fraud", "reset", "unusual",
  "protection", "login", "suspicious",
];

const IMPACT = 80;
/** detections.md MBX-03: keyword + hiding action 60; all mail deleted, or moved and marked read, 55. */
const KEYWORD_POINTS = 60;
const ALL_MAIL_POINTS = 55;
const DISABLED_FACTOR = 0.5;
const PREDATES_WINDOW_FACTOR = 0.7;

export interface InboxRuleHidingOptions {
  keywords: string[];
  obscureFolders: string[];
}

function conditionKeywords(rule: InboxRule, match: (text: string) => string[]): { matched: string[]; nul: boolean } {
  const matched = new Set<string>();
  let nul = false;
  for (const keyword of rule.keywords ?? []) {
    if (typeof keyword !== "string") continue;
    // Elastic: a NUL character in BodyContainsWords evades keyword review.
    if (keyword.includes("\u0000")) nul = true;
    for (const hit of match(keyword)) matched.add(hit);
  }
  return { matched: [...matched], nul };
}

export const inboxRuleHiding = defineRule<InboxRuleHidingOptions>({
  meta: {
    id: "inbox-rule-hiding",
    title: "Inbox rule hides incoming mail",
    description:
      "An inbox rule matching security or finance keywords deletes mail or moves it to a folder the user rarely opens (Deleted Items, Junk, RSS, Archive, Notes...), or deletes or silently moves all incoming mail.",
    severity: "high",
    attack: ["T1564.008"],
    category: "mailbox",
    requires: ["inboxRules"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "Ask the user whether they created the rule; if not, remove it (phishtrail contain --remove-rule <id>) and look for the mail it hid (security notices, replies to phishing, payment conversations).",
  },
  defaultOptions: {
    keywords: [...new Set([...SENTINEL_GENERIC, ...SENTINEL_BEC, ...ELASTIC])],
    obscureFolders: OBSCURE_FOLDERS,
  },
  evaluate(evidence, ctx) {
    if (evidence.inboxRules.status !== "ok") return [];
    const match = keywordMatcher(ctx.options.keywords);
    const writes = ruleWritesByName(evidence);
    const { fromMs } = windowBounds(ctx.window);
    const detections: Detection[] = [];

    for (const rule of evidence.inboxRules.value) {
      const hiding = hidingActions(rule, ctx.options.obscureFolders);
      const { matched, nul } = conditionKeywords(rule, match);
      const moves = Boolean(rule.moveToFolderId || rule.moveToFolderName);
      const hidesMatched = hiding.deletes || hiding.obscureFolder !== undefined;

      let points: number;
      let why: string;
      let matchedInfo: Detection["matched"];
      if ((matched.length > 0 || nul) && hidesMatched) {
        points = KEYWORD_POINTS;
        const what = matched.length ? `keywords ${matched.map((k) => quoted(k)).join(", ")}` : "a NUL character";
        why = `matches ${what} and ${hiding.described.join(", ")}`;
        matchedInfo = { keyword: matched.join(", ") || "NUL character", observed: (rule.keywords ?? []).join("; ") };
      } else if (rule.matchesAllMail && (hiding.deletes || (moves && hiding.markAsRead))) {
        points = ALL_MAIL_POINTS;
        const moved = rule.moveToFolderName ?? "another folder";
        why = `applies to every incoming message and ${hiding.deletes ? hiding.described.join(", ") : `moves it to ${moved} and marks it as read`}`;
        matchedInfo = { threshold: "no condition (all mail) with delete, or move plus mark as read", observed: hiding.described.join(", ") || `moves to ${moved}` };
      } else {
        continue;
      }

      const confidence = new Confidence(points / IMPACT);
      if (rule.isEnabled === false) confidence.scale(DISABLED_FACTOR, "The rule is disabled.");
      const ruleWrites = writes.get(ruleNameKey(rule.displayName));
      const lastWrite = latest(ruleWrites);
      const firstWrite = earliest(ruleWrites);
      if (lastWrite && lastWrite.ms < fromMs) {
        confidence.scale(PREDATES_WINDOW_FACTOR, `The rule was last written on ${lastWrite.time}, before the investigation window.`);
      }
      const observed = ctx.now.toISOString();
      detections.push({
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Inbox rule ${quoted(rule.displayName)} hides incoming mail`,
        firstSeen: firstWrite?.time ?? observed,
        lastSeen: lastWrite?.time ?? observed,
        explanation: `Inbox rule ${quoted(rule.displayName)} ${why}, so the user does not see those messages.`,
        matched: matchedInfo,
        evidence: [inboxRuleItem(rule), ...[...new Set([firstWrite, lastWrite])].filter((r) => r !== undefined).map((r) => auditRecordItem(r))],
        entities: { ruleNames: [rule.displayName ?? ""] },
      });
    }
    return detections;
  },
});
