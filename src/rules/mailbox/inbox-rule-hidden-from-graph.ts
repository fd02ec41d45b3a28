import type { AuditRecord } from "../../collect/evidence.js";
import { defineRule, type Detection } from "../types.js";
import { Confidence } from "./shared/confidence.js";
import { ruleNameKey } from "./shared/inbox-rules.js";
import { auditRecordItem } from "./shared/items.js";
import { quoted } from "./shared/text.js";
import {
  INBOX_RULE_WRITE_OPERATIONS,
  isOperation,
  ualRemovesRule,
  ualRuleActions,
  ualRuleId,
  ualRuleName,
  ualSucceeded,
} from "./shared/ual.js";
import { inWindow, windowBounds } from "./shared/window.js";

/**
 * detections.md §7 notes: Graph messageRules may omit rules hidden from Outlook (Microsoft's own
 * guidance uses Get-InboxRule -IncludeHidden), so a rule written in the window that Graph does
 * not return is suspect. Rules later removed in the audit log are not hidden, only gone.
 */
const IMPACT = 70;
const BASE_POINTS = 35;
const ACTION_POINTS = 15;
/** Set-InboxRule -Identity may carry Exchange's numeric rule identity instead of a name. */
const NUMERIC_IDENTITY = /^\d{6,}$/;

export type InboxRuleHiddenFromGraphOptions = Record<string, never>;

export const inboxRuleHiddenFromGraph = defineRule<InboxRuleHiddenFromGraphOptions>({
  meta: {
    id: "inbox-rule-hidden-from-graph",
    title: "Inbox rule missing from Graph",
    description:
      "The audit log shows an inbox rule created or changed in the window that Graph's messageRules does not return and that was not removed since: a rule hidden from Outlook and from API listings.",
    severity: "high",
    attack: ["T1564.008"],
    category: "mailbox",
    requires: ["inboxRules", "auditRecords"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "List the mailbox's rules with Get-InboxRule -Mailbox <user> -IncludeHidden in Exchange Online PowerShell and remove any rule the user did not create.",
  },
  defaultOptions: {},
  evaluate(evidence, ctx) {
    if (evidence.inboxRules.status !== "ok" || evidence.auditRecords.status !== "ok") return [];
    const graphNames = new Set(evidence.inboxRules.value.map((r) => ruleNameKey(r.displayName)));
    const graphIds = new Set(evidence.inboxRules.value.map((r) => r.id));
    const bounds = windowBounds(ctx.window);

    const writes = new Map<string, AuditRecord[]>();
    const removedAt = new Map<string, number>();
    for (const record of [...evidence.auditRecords.value].sort((a, b) => a.ms - b.ms)) {
      if (!ualSucceeded(record)) continue;
      const name = ualRuleName(record);
      if (name === undefined || NUMERIC_IDENTITY.test(name)) continue;
      const key = ruleNameKey(name);
      if (ualRemovesRule(record)) removedAt.set(key, record.ms);
      else if (isOperation(record, INBOX_RULE_WRITE_OPERATIONS) && inWindow(record.ms, bounds)) {
        const list = writes.get(key);
        if (list) list.push(record);
        else writes.set(key, [record]);
      }
    }

    const detections: Detection[] = [];
    for (const [key, records] of writes) {
      const last = records[records.length - 1];
      if (graphNames.has(key) || records.some((r) => graphIds.has(ualRuleId(r) ?? ""))) continue;
      if ((removedAt.get(key) ?? -Infinity) >= last.ms) continue;

      const name = ualRuleName(last);
      const actions = ualRuleActions(last);
      const does = [
        ...(actions.forwardTo.length ? [`forwards to ${actions.forwardTo.join(", ")}`] : []),
        ...(actions.deletes ? ["deletes mail"] : []),
        ...(actions.moveToFolder ? [`moves mail to ${actions.moveToFolder}`] : []),
        ...(actions.markAsRead ? ["marks mail as read"] : []),
      ];
      const confidence = new Confidence(BASE_POINTS / IMPACT);
      if (does.length) confidence.addPoints(ACTION_POINTS, IMPACT, `The hidden rule ${does.join(", ")}.`);
      detections.push({
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Inbox rule ${quoted(name)} is not visible through Graph`,
        firstSeen: records[0].time,
        lastSeen: last.time,
        explanation:
          `${last.operation} wrote inbox rule ${quoted(name)} at ${last.time}${does.length ? ` (it ${does.join(", ")})` : ""}, ` +
          `but Graph's messageRules did not return it and no later removal was logged.`,
        matched: { threshold: "rule written in the window and absent from messageRules", observed: quoted(name) },
        evidence: records.map((r) => auditRecordItem(r)),
        entities: { ruleNames: [name ?? ""], ...(actions.forwardTo.length ? { forwardTo: actions.forwardTo } : {}) },
      });
    }
    return detections;
  },
});
