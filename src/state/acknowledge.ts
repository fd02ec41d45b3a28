import { InputError } from "../lib/errors.js";
import { StateStore } from "./store.js";

export interface AckRequest {
  statePath: string;
  ticketKey: string;
  reason: string;
  /** ISO; absent: until the incident escalates. */
  until?: string;
  now: Date;
}

export interface AckResult {
  ticketKey: string;
  userPrincipalName: string;
  /** The rules whose findings are suppressed from now on. */
  ruleIds: string[];
}

/** Open incident keys listed when a key is unknown (enough to spot a typo). */
const KEYS_LISTED = 10;

/**
 * Records an acknowledgement on an open incident: the rules it has shown so far are suppressed in
 * later runs. Unknown and resolved keys are bad input naming the key. Does not need the scan lock:
 * a scan running meanwhile keeps an acknowledgement it did not see.
 */
export function acknowledge(request: AckRequest): AckResult {
  const store = StateStore.open(request.statePath, { create: false });
  try {
    const incident = store.incident(request.ticketKey) ?? store.incident(request.ticketKey.toUpperCase());
    if (!incident) {
      const open = store.openIncidents().map((i) => i.ticketKey);
      const listed = open.length === 0 ? "it has no open incidents" : `open incidents: ${open.slice(0, KEYS_LISTED).join(", ")}${open.length > KEYS_LISTED ? ", ..." : ""}`;
      throw new InputError(`ack: no incident ${request.ticketKey} in state file ${request.statePath} (${listed})`, "UNKNOWN_TICKET");
    }
    if (incident.status !== "open") {
      throw new InputError(
        `ack: incident ${incident.ticketKey} (${incident.userPrincipalName}) was resolved at ${incident.resolvedAt ?? "an earlier run"}; there is nothing to acknowledge`,
        "RESOLVED_TICKET",
      );
    }
    const ack = { reason: request.reason, at: request.now.toISOString(), ruleIds: incident.ruleIds, ...(request.until ? { until: request.until } : {}) };
    store.transaction(() => store.setAck(incident.ticketKey, ack));
    return { ticketKey: incident.ticketKey, userPrincipalName: incident.userPrincipalName, ruleIds: incident.ruleIds };
  } finally {
    store.close();
  }
}
