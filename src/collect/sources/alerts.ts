import { odataDate, type GraphRequest } from "../../graph/request.js";
import type { Alert } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { arr, compact, enumValue, field, str, strings, time } from "../fields.js";

const SEVERITIES = ["unknown", "informational", "low", "medium", "high", "unknownFutureValue"];
const STATUSES = ["unknown", "new", "inProgress", "resolved", "unknownFutureValue"];
const CLASSIFICATIONS = ["unknown", "falsePositive", "truePositive", "informationalExpectedActivity", "unknownFutureValue"];

export function normaliseAlert(raw: GraphObject): Alert | undefined {
  const id = str(raw.id);
  const created = time(raw.createdDateTime);
  if (!id || !created) return undefined;
  return compact({
    id,
    title: str(raw.title) ?? "",
    severity: enumValue(raw.severity, SEVERITIES) ?? "unknown",
    status: enumValue(raw.status, STATUSES),
    classification: enumValue(raw.classification, CLASSIFICATIONS),
    determination: enumValue(raw.determination, []),
    category: str(raw.category),
    createdTime: created.iso,
    ms: created.ms,
    lastUpdateTime: time(raw.lastUpdateDateTime)?.iso,
    serviceSource: enumValue(raw.serviceSource, []),
    detectionSource: enumValue(raw.detectionSource, []),
    mitreTechniques: strings(raw.mitreTechniques),
    description: str(raw.description),
    alertWebUrl: str(raw.alertWebUrl),
  });
}

/**
 * Lower-cased user ids, UPNs and mailbox addresses an alert's evidence names: userEvidence and
 * mailboxEvidence accounts, and the recipient of analysed messages.
 */
export function alertOwners(raw: GraphObject): string[] {
  const owners: Array<string | undefined> = [];
  for (const item of arr(raw.evidence)) {
    const type = (str(field(item, "@odata.type")) ?? "").toLowerCase();
    const account = field(item, "userAccount");
    owners.push(str(field(account, "azureAdUserId")), str(field(account, "userPrincipalName")));
    if (type.endsWith("mailboxevidence")) owners.push(str(field(item, "primaryAddress")));
    if (type.endsWith("analyzedmessageevidence")) owners.push(str(field(item, "recipientEmailAddress")));
  }
  return [...new Set(owners.filter((o): o is string => Boolean(o)).map((o) => o.toLowerCase()))];
}

/** alerts_v2 takes only $filter/$top/$skip/$count; filtering by evidence is not documented, so alerts are read tenant-wide. */
export function alertsRequest(range: { from: string; to: string }): GraphRequest {
  return { path: "/security/alerts_v2", query: { $filter: `createdDateTime ge ${odataDate(range.from)} and createdDateTime le ${odataDate(range.to)}`, $top: 1000 } };
}
