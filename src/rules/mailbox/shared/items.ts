import type { AuditRecord, InboxRule } from "../../../collect/evidence.js";
import type { EvidenceItem } from "../../../report/types.js";
import { ualClientIp, ualParameters, ualSessionId } from "./ual.js";

function list(values: readonly string[] | undefined): string | null {
  return values && values.length ? values.join("; ") : null;
}

export function inboxRuleItem(rule: InboxRule): EvidenceItem {
  return {
    source: "inboxRules",
    id: rule.id,
    fields: {
      displayName: rule.displayName ?? null,
      isEnabled: rule.isEnabled ?? null,
      keywords: list(rule.keywords),
      fromAddresses: list(rule.fromAddresses),
      matchesAllMail: rule.matchesAllMail ?? null,
      forwardTo: list(rule.forwardTo),
      forwardAsAttachmentTo: list(rule.forwardAsAttachmentTo),
      redirectTo: list(rule.redirectTo),
      delete: rule.delete ?? null,
      permanentDelete: rule.permanentDelete ?? null,
      markAsRead: rule.markAsRead ?? null,
      moveToFolder: rule.moveToFolderName ?? rule.moveToFolderId ?? null,
      stopProcessingRules: rule.stopProcessingRules ?? null,
    },
  };
}

/** Parameters shown with the record: enough to see what the cmdlet did, capped for the report. */
export function auditRecordItem(record: AuditRecord, extra: Record<string, string | number | boolean | null> = {}): EvidenceItem {
  const fields: Record<string, string | number | boolean | null> = {
    operation: record.operation ?? null,
    userId: record.userPrincipalName ?? record.userId ?? null,
    clientIp: ualClientIp(record) ?? null,
    sessionId: ualSessionId(record) ?? null,
    objectId: record.objectId ?? null,
  };
  let shown = 0;
  for (const [name, value] of ualParameters(record)) {
    if (shown++ >= 12) break;
    fields[`param.${name}`] = value.length > 300 ? `${value.slice(0, 300)}...` : value;
  }
  return { source: "auditLog", id: record.id, time: record.time, fields: { ...fields, ...extra } };
}
