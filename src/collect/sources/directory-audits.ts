import { odataDate, odataString, type GraphRequest } from "../../graph/request.js";
import type { AuditTarget, DirectoryAudit } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { arr, compact, enumValue, field, obj, path, str, time } from "../fields.js";

const RESULTS = ["success", "failure", "timeout", "unknownFutureValue"];

/** modifiedProperties values are JSON-encoded strings on the wire; other shapes are stringified. */
function propertyValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function target(raw: unknown): AuditTarget {
  return compact({
    id: str(field(raw, "id")),
    type: str(field(raw, "type")),
    displayName: str(field(raw, "displayName")),
    userPrincipalName: str(field(raw, "userPrincipalName")),
    modifiedProperties: arr(field(raw, "modifiedProperties")).map((p) =>
      compact({ name: str(field(p, "displayName")) ?? "", oldValue: propertyValue(field(p, "oldValue")), newValue: propertyValue(field(p, "newValue")) }),
    ),
  });
}

export function normaliseDirectoryAudit(raw: GraphObject): DirectoryAudit | undefined {
  const at = time(raw.activityDateTime);
  const id = str(raw.id);
  if (!at || !id) return undefined;
  const user = obj(path(raw, "initiatedBy", "user"));
  const app = obj(path(raw, "initiatedBy", "app"));
  const details: Record<string, string> = {};
  for (const item of arr(raw.additionalDetails)) {
    const key = str(field(item, "key"));
    if (key) details[key] = str(field(item, "value")) ?? "";
  }
  return compact({
    id,
    time: at.iso,
    ms: at.ms,
    category: str(raw.category),
    activity: str(raw.activityDisplayName) ?? "",
    operationType: str(raw.operationType),
    result: enumValue(raw.result, RESULTS),
    resultReason: str(raw.resultReason),
    initiatedByUserId: str(field(user, "id")),
    initiatedByUpn: str(field(user, "userPrincipalName")),
    initiatedByIp: str(field(user, "ipAddress")),
    initiatedByApp: str(field(app, "displayName")) ?? str(field(app, "appId")),
    targets: arr(raw.targetResources).map(target),
    additionalDetails: details,
    correlationId: str(raw.correlationId),
  });
}

/** The user ids and UPNs an audit concerns: who did it and whom it was done to. */
export function directoryAuditOwners(raw: GraphObject): string[] {
  const owners = [str(path(raw, "initiatedBy", "user", "id")), str(path(raw, "initiatedBy", "user", "userPrincipalName"))];
  for (const t of arr(raw.targetResources)) owners.push(str(field(t, "id")), str(field(t, "userPrincipalName")));
  return owners.filter((o): o is string => Boolean(o)).map((o) => o.toLowerCase());
}

const SECURITY_INFO = /security info|authentication method|passwordless|fido2|windows hello|authenticator|temporary access pass|phone number/i;

/** Registered, changed or deleted MFA methods: the audits that make auth methods worth a look. */
export function isSecurityInfoChange(audit: DirectoryAudit): boolean {
  return SECURITY_INFO.test(audit.activity) || audit.category?.toLowerCase() === "authenticationmethods";
}

/** Audits in the window: all of them, or those a user initiated, or those targeting a user. */
export function directoryAuditRequest(range: { from: string; to: string }, match?: { initiatedBy?: string; target?: string }): GraphRequest {
  const terms = [`activityDateTime ge ${odataDate(range.from)}`, `activityDateTime le ${odataDate(range.to)}`];
  if (match?.initiatedBy) terms.unshift(`initiatedBy/user/id eq ${odataString(match.initiatedBy)}`);
  if (match?.target) terms.unshift(`targetResources/any(t: t/id eq ${odataString(match.target)})`);
  // No $top: the default page is already the maximum (1,000).
  return { path: "/auditLogs/directoryAudits", query: { $filter: terms.join(" and ") } };
}
