import type { AuditRecord } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { arr, bool, compact, field, num, obj, path, str, time, type Json } from "../fields.js";

/** Mailbox operations worth reading from the unified audit log. */
export const AUDIT_OPERATIONS = [
  "New-InboxRule",
  "Set-InboxRule",
  "UpdateInboxRules",
  "Remove-InboxRule",
  "Set-Mailbox",
  "Add-MailboxPermission",
  "Add-RecipientPermission",
  "Add-MailboxFolderPermission",
  "MailItemsAccessed",
  "Send",
  "SendAs",
  "SoftDelete",
  "HardDelete",
  "MoveToDeletedItems",
];

/**
 * auditData with `dynamicProperties` (newer pages put the raw schema fields there) merged over the
 * top level, so Parameters and friends are found wherever the service placed them.
 */
function auditData(raw: GraphObject): Json {
  const data = obj(raw.auditData) ?? {};
  const dynamic = obj(field(data, "dynamicProperties"));
  return dynamic ? { ...data, ...dynamic } : data;
}

/** Name/Value pairs ([{Name, Value}] in any casing, or a plain object) -> a record. */
function nameValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const name = str(field(item, "Name"));
      if (name) {
        const v = field(item, "Value");
        out[name] = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
      }
    }
  } else if (obj(value)) {
    for (const [k, v] of Object.entries(value as Json)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

function subjects(data: Json): string[] {
  const found: string[] = [];
  const add = (value: unknown) => {
    const s = str(value);
    if (s) found.push(s);
  };
  add(path(data, "Item", "Subject"));
  for (const item of arr(field(data, "AffectedItems"))) add(field(item, "Subject"));
  for (const folder of arr(field(data, "Folders"))) for (const item of arr(field(folder, "FolderItems"))) add(field(item, "Subject"));
  return [...new Set(found)];
}

export function normaliseAuditRecord(raw: GraphObject): AuditRecord | undefined {
  const data = auditData(raw);
  const at = time(raw.createdDateTime) ?? time(field(data, "CreationTime"));
  const id = str(raw.id) ?? str(field(data, "Id"));
  const operation = str(raw.operation) ?? str(field(data, "Operation"));
  if (!at || !id || !operation) return undefined;
  const operationProperties = nameValues(field(data, "OperationProperties"));
  const throttled = operationProperties.IsThrottled ?? operationProperties.isThrottled;
  return compact({
    id,
    time: at.iso,
    ms: at.ms,
    operation,
    service: str(raw.service) ?? str(field(data, "Workload")),
    userId: str(raw.userId) ?? str(field(data, "UserId")),
    userPrincipalName: str(raw.userPrincipalName) ?? str(raw.userId) ?? str(field(data, "UserId")),
    clientIp: str(raw.clientIp) ?? str(field(data, "ClientIPAddress")) ?? str(field(data, "ClientIP")),
    sessionId: str(field(data, "SessionId")) ?? str(path(data, "AppAccessContext", "AADSessionId")),
    objectId: str(raw.objectId) ?? str(field(data, "ObjectId")),
    parameters: nameValues(field(data, "Parameters")),
    subjects: subjects(data),
    operationCount: num(field(data, "OperationCount")),
    isThrottled: throttled === undefined ? undefined : bool(throttled),
    resultStatus: str(field(data, "ResultStatus")),
    raw: data,
  });
}

/** Lower-cased UPNs/ids a record concerns: the actor, the mailbox owner, the cmdlet's target. */
export function auditRecordOwners(raw: GraphObject): string[] {
  const data = auditData(raw);
  const params = nameValues(field(data, "Parameters"));
  const owners = [
    str(raw.userPrincipalName),
    str(raw.userId),
    str(field(data, "UserId")),
    str(field(data, "MailboxOwnerUPN")),
    params.Identity,
    params.Mailbox,
  ];
  return owners.filter((o): o is string => Boolean(o)).map((o) => o.toLowerCase());
}
