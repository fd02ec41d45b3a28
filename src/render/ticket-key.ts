import { createHash } from "node:crypto";
import type { Finding, UserReport } from "../report/types.js";

/** The finding that opened the incident: the earliest active one (ties broken by rule id). */
function openingFinding(findings: readonly Finding[]): Finding | undefined {
  const active = findings.filter((finding) => !finding.suppressed);
  return [...(active.length > 0 ? active : findings)].sort(
    (a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.ruleId.localeCompare(b.ruleId),
  )[0];
}

/** `...06:00Z` and `...06:00:00.000Z` are the same moment and must give the same key. */
function canonicalTime(iso: string | undefined): string {
  if (!iso) return "";
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString();
}

/**
 * The ticket key of a user's incident. Nightly mode stores incidents and sets `user.ticketKey`;
 * that wins. Otherwise the key is derived from what identifies the incident itself rather than
 * this run: tenant, user, and the rule and first-seen time of the finding that opened it.
 * Findings added later (escalation) do not change it; a re-run over the same events gives the
 * same key. `PT-` + 12 hex of SHA-256.
 */
export function ticketKeyFor(tenantId: string, user: UserReport): string {
  if (user.ticketKey) return user.ticketKey;
  const opening = openingFinding(user.findings);
  const material = [tenantId, user.id, opening?.ruleId ?? "", canonicalTime(opening?.firstSeen)].join("|");
  return `PT-${createHash("sha256").update(material).digest("hex").slice(0, 12).toUpperCase()}`;
}
