import type { Finding } from "../report/types.js";
import type { StoredIncident } from "./types.js";

/** Marks a user's findings before scoring; suppressed ones stay in the report but do not count. */
export type FindingSuppressor = (userId: string, findings: Finding[]) => Finding[];

/**
 * Acknowledged incidents whose `until` has not passed suppress the findings of the rules they had
 * shown when acknowledged. Findings of any other rule stay live: enough of them to reach the ticket
 * threshold is an escalation that ends the acknowledgement.
 */
export function ackSuppressor(open: readonly StoredIncident[], now: Date): FindingSuppressor {
  const acks = new Map<string, NonNullable<StoredIncident["ack"]>>();
  for (const incident of open) {
    const ack = incident.ack;
    if (ack && (ack.until === undefined || Date.parse(ack.until) > now.getTime())) acks.set(incident.userId, ack);
  }
  return (userId, findings) => {
    const ack = acks.get(userId);
    if (!ack) return findings;
    const rules = new Set(ack.ruleIds);
    return findings.map((finding) =>
      rules.has(finding.ruleId) && !finding.suppressed
        ? { ...finding, suppressed: { by: "ack" as const, reason: ack.reason, ...(ack.until ? { until: ack.until } : {}) } }
        : finding,
    );
  };
}
