import type { AuditRecord } from "../../collect/evidence.js";
import { FLOOR_MIN_CONFIDENCE } from "../shared/confidence.js";
import { defineRule, type Detection } from "../types.js";
import { classifyAddress, domainOf, normaliseAddress, ownDomains, type AddressKind } from "./shared/addresses.js";
import { Confidence } from "./shared/confidence.js";
import { isFolderIn } from "./shared/folders.js";
import { OBSCURE_FOLDERS, ruleNameKey } from "./shared/inbox-rules.js";
import { auditRecordItem } from "./shared/items.js";
import { quoted } from "./shared/text.js";
import {
  INBOX_RULE_WRITE_OPERATIONS,
  isOperation,
  ualParameter,
  ualParameters,
  ualRuleActions,
  ualRuleName,
  ualSucceeded,
} from "./shared/ual.js";
import { inWindow, windowBounds } from "./shared/window.js";

/** detections.md MBX-02: external ForwardingSmtpAddress 60, internal ForwardingAddress 20, not kept in mailbox +10. */
const IMPACT = 80;
const EXTERNAL_POINTS = 60;
const INTERNAL_POINTS = 20;
const NOT_KEPT_POINTS = 10;
/** Rule-based forwarding seen only in the audit log: MBX-01's 55 (+15 when it hides), on MBX-01's impact. */
const RULE_IMPACT = 85;
const RULE_POINTS = 55;
const RULE_HIDE_POINTS = 15;
const LATER_CLEARED_FACTOR = 0.8;

const SET_MAILBOX = new Set(["set-mailbox"]);
const EMPTY = /^(\$null|null|""|)$/i;

export interface MailboxForwardingOptions {
  obscureFolders: string[];
}

interface MailboxForward {
  record: AuditRecord;
  target: string;
  kind: AddressKind;
  viaSmtp: boolean;
  keepsCopy?: boolean;
}

function readMailboxForward(record: AuditRecord, own: Set<string>, partners: readonly string[]): MailboxForward | "cleared" | undefined {
  // Read raw: an empty value is meaningful here (it clears forwarding).
  const params = ualParameters(record);
  const smtp = params.get("forwardingsmtpaddress");
  const address = params.get("forwardingaddress");
  const deliver = ualParameter(record, "DeliverToMailboxAndForward");
  const keepsCopy = deliver === undefined ? undefined : /^(true|1|\$true)$/i.test(deliver.trim());
  if (smtp !== undefined && !EMPTY.test(smtp.trim())) {
    const target = normaliseAddress(smtp);
    return { record, target, kind: classifyAddress(target, own, partners), viaSmtp: true, keepsCopy };
  }
  if (address !== undefined && !EMPTY.test(address.trim())) {
    // ForwardingAddress names a recipient object (mailbox or mail contact), not an SMTP address.
    const target = address.trim();
    const kind = target.includes("@") ? classifyAddress(normaliseAddress(target), own, partners) : "internal";
    return { record, target, kind, viaSmtp: false, keepsCopy };
  }
  if (smtp !== undefined || address !== undefined) return "cleared";
  return undefined;
}

export const mailboxForwarding = defineRule<MailboxForwardingOptions>({
  meta: {
    id: "mailbox-forwarding",
    title: "Mailbox forwarding set up",
    description:
      "The audit log shows mailbox-level forwarding (Set-Mailbox ForwardingSmtpAddress / ForwardingAddress), or an inbox rule forwarding outside the organisation that Graph did not return. Graph exposes neither, so the unified audit log is the only source.",
    severity: "high",
    attack: ["T1114.003", "T1020"],
    category: "mailbox",
    requires: ["auditRecords"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "Clear the forwarding (Set-Mailbox -ForwardingSmtpAddress $null -ForwardingAddress $null, or remove the rule with Get-InboxRule -IncludeHidden), then block automatic external forwarding in the outbound spam policy.",
  },
  defaultOptions: { obscureFolders: OBSCURE_FOLDERS },
  evaluate(evidence, ctx) {
    if (evidence.auditRecords.status !== "ok") return [];
    const own = ownDomains(ctx.facts.acceptedDomains, evidence.user);
    const partners = ctx.config.allowLists.partnerDomains;
    const bounds = windowBounds(ctx.window);
    const graphRuleNames =
      evidence.inboxRules.status === "ok" ? new Set(evidence.inboxRules.value.map((r) => ruleNameKey(r.displayName))) : new Set<string>();
    const records = evidence.auditRecords.value.filter((r) => ualSucceeded(r)).sort((a, b) => a.ms - b.ms);

    const forwards = new Map<string, MailboxForward[]>();
    let lastClearedMs: number | undefined;
    const detections: Detection[] = [];

    for (const record of records) {
      if (isOperation(record, SET_MAILBOX)) {
        const forward = readMailboxForward(record, own, partners);
        if (forward === "cleared") lastClearedMs = record.ms;
        else if (forward && inWindow(record.ms, bounds)) {
          const key = forward.target.toLowerCase();
          const group = forwards.get(key);
          if (group) group.push(forward);
          else forwards.set(key, [forward]);
        }
      } else if (isOperation(record, INBOX_RULE_WRITE_OPERATIONS) && inWindow(record.ms, bounds)) {
        const detection = ruleForward(record);
        if (detection) detections.push(detection);
      }
    }

    for (const group of forwards.values()) {
      const first = group[0];
      const last = group[group.length - 1];
      const external = last.kind === "external";
      const confidence = new Confidence((external ? EXTERNAL_POINTS : INTERNAL_POINTS) / IMPACT);
      if (last.kind === "partner") confidence.scale(0.5, "The destination is an allow-listed partner domain.");
      const hides = last.keepsCopy === false;
      if (hides) confidence.addPoints(NOT_KEPT_POINTS, IMPACT, "DeliverToMailboxAndForward is False: the user no longer receives the forwarded mail.");
      const cleared = lastClearedMs !== undefined && lastClearedMs > last.record.ms;
      if (cleared) confidence.scale(LATER_CLEARED_FACTOR, "Forwarding was cleared later in the audit log.");
      const how = last.viaSmtp ? "ForwardingSmtpAddress" : "ForwardingAddress";
      detections.push({
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Mailbox forwards all mail to ${last.target}`,
        firstSeen: first.record.time,
        lastSeen: last.record.time,
        explanation:
          `Set-Mailbox set ${how} to ${last.target} (${last.kind === "external" ? "outside the organisation" : last.kind === "partner" ? "a partner domain" : "inside the organisation"}), ` +
          `so every message the mailbox receives is forwarded` +
          (hides ? " and not kept in the mailbox" : "") +
          (cleared ? "; the forwarding was cleared later" : "") +
          ".",
        matched: { threshold: external ? "forwarding destination outside accepted and partner domains" : "mailbox forwarding set", observed: last.target },
        evidence: group.map((f) => auditRecordItem(f.record)),
        floor: external && hides && confidence.get() >= FLOOR_MIN_CONFIDENCE ? { level: "high", reason: "External mailbox forwarding that does not keep a copy for the user." } : undefined,
        entities: { forwardTo: [last.target.toLowerCase()] },
      });
    }
    return detections;

    function ruleForward(record: AuditRecord): Detection | undefined {
      const name = ualRuleName(record);
      // A rule Graph returns is judged by inbox-rule-external-forward; this covers the rest.
      if (name !== undefined && graphRuleNames.has(ruleNameKey(name))) return undefined;
      const actions = ualRuleActions(record);
      const external = actions.forwardTo.filter((a) => classifyAddress(a, own, partners) === "external");
      if (external.length === 0) return undefined;
      const hiding: string[] = [];
      if (actions.deletes) hiding.push("deletes");
      if (actions.moveToFolder && isFolderIn(actions.moveToFolder, ctx.options.obscureFolders)) hiding.push(`moves to ${actions.moveToFolder}`);
      if (actions.markAsRead) hiding.push("marks as read");
      const confidence = new Confidence(RULE_POINTS / RULE_IMPACT);
      if (hiding.length) confidence.addPoints(RULE_HIDE_POINTS, RULE_IMPACT, `The rule also ${hiding.join(", ")}.`);
      const domains = [...new Set(external.map((a) => domainOf(a) ?? a))];
      return {
        impact: RULE_IMPACT,
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Inbox rule ${quoted(name)} forwarding to ${external[0]} (audit log only)`,
        firstSeen: record.time,
        lastSeen: record.time,
        explanation:
          `${record.operation} created or changed inbox rule ${quoted(name)} to forward mail to ${external.join(", ")}` +
          (hiding.length ? ` and ${hiding.join(", ")}` : "") +
          `; Graph did not return a rule with that name (hidden, renamed or since deleted).`,
        matched: { threshold: "ForwardTo/ForwardAsAttachmentTo/RedirectTo outside accepted and partner domains", observed: domains.join(", ") },
        evidence: [auditRecordItem(record)],
        floor: hiding.length && confidence.get() >= FLOOR_MIN_CONFIDENCE ? { level: "high", reason: "External forwarding rule that also hides the forwarded mail." } : undefined,
        entities: { forwardTo: external, ...(name !== undefined ? { ruleNames: [name] } : {}) },
      };
    }
  },
});
