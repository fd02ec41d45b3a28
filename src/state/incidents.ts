import { ticketKeyFor } from "../render/ticket-key.js";
import type { Finding, Report, RiskLevel, Severity, UserReport } from "../report/types.js";
import type { StoredIncident } from "./types.js";

export type IncidentStatus = NonNullable<UserReport["incident"]>["status"];

const RANK: Record<RiskLevel | Severity, number> = { none: 0, info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Days an open incident must stay below the ticket threshold before it resolves on its own. A
 * nightly window holds about a day, so without this an account compromised on Monday would read
 * "resolved" on Tuesday merely because Monday's sign-ins left the window; seven days is the
 * default full-scan window, i.e. no sooner than a full re-scan would stop seeing it.
 */
export const RESOLVE_AFTER_QUIET_DAYS = 7;
const QUIET_MS = RESOLVE_AFTER_QUIET_DAYS * 86_400_000;

/** What tonight's run makes of one user's incident. */
export interface IncidentDecision {
  userId: string;
  userPrincipalName: string;
  ticketKey: string;
  status: IncidentStatus;
  /** Why it escalated or resolved, or why an acknowledgement ended (for the run log). */
  reason?: string;
  firstSeen: string;
  lastSeen: string;
  level: RiskLevel;
  /** At the threshold tonight, or showing acknowledged findings: keeps a quiet incident from resolving. */
  active: boolean;
  /** The open incident this continues; absent for a new one. */
  stored?: StoredIncident;
  /** The stored acknowledgement no longer applies (expired, escalated past, or resolved). */
  endsAck: boolean;
  /** The user's findings, for finding history. */
  findings: readonly Finding[];
}

export interface IncidentOptions {
  threshold: RiskLevel;
  /** The run's "now" (ISO): acknowledgements end at their `until`, resolutions are dated with it. */
  now: string;
  tenantId: string;
  /**
   * Per user, the latest password change or session revocation (epoch ms): an incident below the
   * threshold after such a reset is resolved at once.
   */
  resetAt?: ReadonlyMap<string, number>;
}

type Outcome = Pick<IncidentDecision, "status" | "reason" | "endsAck">;

function active(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

/** Rules that fired at or above the threshold and were not part of the incident before. */
function newRules(findings: readonly Finding[], known: readonly string[], threshold: RiskLevel): string[] {
  const rules = active(findings)
    .filter((f) => RANK[f.severity] >= RANK[threshold] && !known.includes(f.ruleId))
    .map((f) => f.ruleId);
  return [...new Set(rules)].sort();
}

/**
 * Each reported user's incident tonight (pure).
 * - No open incident: `new` at or above the ticket threshold, nothing below it.
 * - Open, at the threshold: `escalated` when the level rose above its peak, a rule it had not shown
 *   fired at the threshold, or it comes back after a quiet spell; else `continuing`.
 * - Open, below the threshold: `resolved` after a password reset or session revocation, or after
 *   RESOLVE_AFTER_QUIET_DAYS below it; until then `continuing` (quiet, no ticket).
 * - Acknowledged: `suppressed` (findings of its known rules marked by ackSuppressor) until `until`
 *   passes or other rules lift the user to the threshold again (`escalated`, ending the ack).
 */
export function decideIncidents(users: readonly UserReport[], open: ReadonlyMap<string, StoredIncident>, options: IncidentOptions): IncidentDecision[] {
  const decisions: IncidentDecision[] = [];
  for (const user of users) {
    const stored = open.get(user.id);
    const atThreshold = RANK[user.riskLevel] >= RANK[options.threshold];
    if (!stored && !atThreshold) continue;
    const seen = active(user.findings);
    const lastSeen = seen.reduce((max, f) => (f.lastSeen > max ? f.lastSeen : max), stored?.lastSeen ?? "") || options.now;
    const acknowledged = user.findings.some((f) => f.suppressed?.by === "ack");
    const base = { userId: user.id, userPrincipalName: user.userPrincipalName, level: user.riskLevel, findings: user.findings, lastSeen, active: atThreshold || acknowledged };
    if (!stored) {
      const firstSeen = seen.reduce((min, f) => (f.firstSeen < min ? f.firstSeen : min), seen[0]?.firstSeen ?? options.now);
      decisions.push({ ...base, ticketKey: ticketKeyFor(options.tenantId, user), status: "new", firstSeen, endsAck: false });
      continue;
    }
    const outcome = outcomeOf(user, stored, atThreshold, acknowledged, options);
    decisions.push({ ...base, ticketKey: stored.ticketKey, firstSeen: stored.firstSeen, stored, ...outcome });
  }
  return decisions;
}

function outcomeOf(user: UserReport, stored: StoredIncident, atThreshold: boolean, acknowledged: boolean, options: IncidentOptions): Outcome {
  const ack = stored.ack;
  const ackLive = ack !== undefined && (ack.until === undefined || Date.parse(ack.until) > Date.parse(options.now));
  if (ack && !ackLive) {
    const reason = `acknowledgement expired ${ack.until}`;
    if (atThreshold) return { status: "escalated", reason, endsAck: true };
    return { ...quietOutcome(user, stored, options), endsAck: true };
  }
  if (ack) {
    if (atThreshold) {
      const rules = newRules(user.findings, ack.ruleIds, options.threshold);
      const reason = rules.length > 0 ? `past its acknowledgement: new rule(s) ${rules.join(", ")}` : `past its acknowledgement: ${user.riskLevel}`;
      return { status: "escalated", reason, endsAck: true };
    }
    const quiet = quietOutcome(user, stored, options);
    if (!acknowledged && quiet.status === "resolved") return { ...quiet, endsAck: true };
    return { status: "suppressed", endsAck: false };
  }
  if (!atThreshold) return { ...quietOutcome(user, stored, options), endsAck: false };
  const reasons: string[] = [];
  if (RANK[user.riskLevel] > RANK[stored.peakLevel]) reasons.push(`level rose from ${stored.peakLevel} to ${user.riskLevel}`);
  const rules = newRules(user.findings, stored.ruleIds, options.threshold);
  if (rules.length > 0) reasons.push(`new rule(s) ${rules.join(", ")}`);
  if (RANK[stored.lastLevel] < RANK[options.threshold]) reasons.push(`active again after a quiet spell (${stored.lastLevel} last run)`);
  return reasons.length > 0 ? { status: "escalated", reason: reasons.join("; "), endsAck: false } : { status: "continuing", endsAck: false };
}

/** An open incident below the threshold: resolved after a reset or a long enough quiet spell. */
function quietOutcome(user: UserReport, stored: StoredIncident, options: IncidentOptions): Pick<Outcome, "status" | "reason"> {
  const reset = options.resetAt?.get(user.id);
  if (reset !== undefined && reset > Date.parse(stored.firstSeen)) {
    return { status: "resolved", reason: `password reset or sessions revoked ${new Date(reset).toISOString()}` };
  }
  if (Date.parse(options.now) - Date.parse(stored.activeAt) >= QUIET_MS) {
    return { status: "resolved", reason: `below the ticket threshold since ${stored.activeAt}` };
  }
  return { status: "continuing" };
}

/** The report with each user's ticket key and incident, and the incidents resolved tonight. */
export function annotateReport(report: Report, decisions: readonly IncidentDecision[]): Report {
  const byUser = new Map(decisions.map((d) => [d.userId, d]));
  const users = report.users.map((user) => {
    const decision = byUser.get(user.id);
    if (!decision) return user;
    return { ...user, ticketKey: decision.ticketKey, incident: { status: decision.status, firstSeen: decision.firstSeen } };
  });
  const resolvedIncidents = decisions
    .filter((d) => d.status === "resolved")
    .map((d) => ({ ticketKey: d.ticketKey, userPrincipalName: d.userPrincipalName, resolvedAt: report.run.now }));
  return { ...report, users, resolvedIncidents };
}
