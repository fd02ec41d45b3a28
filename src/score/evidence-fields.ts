import type { EvidenceItem } from "../report/types.js";

/** Evidence field names rules use for an IP (sign-ins, audit records, directory audits). */
const IP_FIELDS = ["ipAddress", "clientIp", "clientIP", "ip", "initiatedByIp"];

/** The first non-empty string among the named fields of an evidence item. */
export function fieldText(item: EvidenceItem, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = item.fields[name];
    if (typeof value === "string" && value) return value;
  }
  return undefined;
}

export const ipOf = (item: EvidenceItem) => fieldText(item, IP_FIELDS);
export const sessionOf = (item: EvidenceItem) => fieldText(item, ["sessionId", "SessionId"]);
