import type { AuditRecord, InboxRule, UserEvidence } from "../../../collect/evidence.js";
import { addressOf, normaliseAddress } from "./addresses.js";
import { isFolderIn } from "./folders.js";
import { INBOX_RULE_WRITE_OPERATIONS, isOperation, ualRuleName, ualSucceeded } from "./ual.js";

/** Low-visibility folders attackers move mail to (Sentinel, Elastic, Microsoft's compromised-account doc). */
export const OBSCURE_FOLDERS = [
  "Deleted Items",
  "Junk Email",
  "Junk",
  "RSS Feeds",
  "RSS Subscriptions",
  "Archive",
  "Conversation History",
  "Notes",
  "Calendar",
];

export function ruleNameKey(name: string | undefined): string {
  return (name ?? "").trim().toLowerCase();
}

/** Every address the rule sends a copy to (forward, forward as attachment, redirect). */
export function ruleRecipients(rule: InboxRule): string[] {
  const all: unknown[] = [...(rule.forwardTo ?? []), ...(rule.forwardAsAttachmentTo ?? []), ...(rule.redirectTo ?? [])];
  return [...new Set(all.map(addressOf).filter((a): a is string => a !== undefined).map(normaliseAddress).filter(Boolean))];
}

export interface HidingActions {
  deletes: boolean;
  markAsRead: boolean;
  /** The obscure folder the rule moves mail to, when it does. */
  obscureFolder?: string;
  /** Phrases for explanations, e.g. ["deletes", "moves to RSS Feeds"]. */
  described: string[];
}

export function hidingActions(rule: InboxRule, obscureFolders: readonly string[]): HidingActions {
  const deletes = Boolean(rule.delete || rule.permanentDelete);
  const markAsRead = Boolean(rule.markAsRead);
  const obscureFolder = isFolderIn(rule.moveToFolderName, obscureFolders) ? rule.moveToFolderName : undefined;
  const described: string[] = [];
  if (rule.permanentDelete) described.push("permanently deletes");
  else if (rule.delete) described.push("deletes");
  if (obscureFolder) described.push(`moves to ${obscureFolder}`);
  if (markAsRead) described.push("marks as read");
  return { deletes, markAsRead, obscureFolder, described };
}

/** Successful UAL writes (New-/Set-InboxRule, UpdateInboxRules) grouped by rule name key. */
export function ruleWritesByName(evidence: UserEvidence): Map<string, AuditRecord[]> {
  const byName = new Map<string, AuditRecord[]>();
  if (evidence.auditRecords.status !== "ok") return byName;
  for (const record of evidence.auditRecords.value) {
    if (!isOperation(record, INBOX_RULE_WRITE_OPERATIONS) || !ualSucceeded(record)) continue;
    const name = ualRuleName(record);
    if (name === undefined) continue;
    const key = ruleNameKey(name);
    const list = byName.get(key) ?? [];
    list.push(record);
    byName.set(key, list);
  }
  return byName;
}

export function latest(records: readonly AuditRecord[] | undefined): AuditRecord | undefined {
  let found: AuditRecord | undefined;
  for (const record of records ?? []) if (!found || record.ms > found.ms) found = record;
  return found;
}

export function earliest(records: readonly AuditRecord[] | undefined): AuditRecord | undefined {
  let found: AuditRecord | undefined;
  for (const record of records ?? []) if (!found || record.ms < found.ms) found = record;
  return found;
}
