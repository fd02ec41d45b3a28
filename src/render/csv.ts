import { stringify } from "csv-stringify/sync";
import type { Finding, Report, RiskLevel, Severity, UserReport } from "../report/types.js";
import { safeCell, type CellValue } from "./csv-cells.js";
import { levelRank, severityRank, usersByRisk } from "./risk-order.js";
import { ticketKeyFor } from "./ticket-key.js";

export interface CsvOptions {
  /** Byte-order mark so Excel reads UTF-8. */
  bom: boolean;
  delimiter: string;
  /** Written into tickets.csv `assignment_group` (ServiceNow) when set. */
  assignmentGroup?: string;
}

/** Several values in one cell (ATT&CK ids, evidence ids) are joined with this. */
const LIST_SEPARATOR = "; ";

export const FINDINGS_COLUMNS = [
  "run_id",
  "user_principal_name",
  "user_id",
  "user_display_name",
  "risk_level",
  "risk_score",
  "finding_id",
  "rule_id",
  "category",
  "title",
  "severity",
  "score",
  "impact",
  "confidence",
  "attack",
  "first_seen",
  "last_seen",
  "explanation",
  "matched_keyword",
  "matched_threshold",
  "matched_observed",
  "evidence_ids",
  "persistence",
  "floor",
  "suppressed",
  "suppressed_reason",
] as const;

export const TICKETS_COLUMNS = [
  "ticket_key",
  "short_description",
  "description",
  "priority",
  "severity",
  "urgency",
  "impact",
  "assignment_group",
  "category",
  "user_principal_name",
  "user_display_name",
  "risk_level",
  "risk_score",
  "attack_techniques",
  "first_bad_event",
  "top_findings",
  "containment_command",
  "incident_status",
  "report_run_id",
] as const;

type Row<C extends readonly string[]> = Record<C[number], CellValue>;

function toCsv<C extends readonly string[]>(columns: C, rows: Row<C>[], options: CsvOptions): string {
  return stringify(
    rows.map((row) => columns.map((column) => safeCell(row[column as C[number]]))),
    { header: true, columns: [...columns], delimiter: options.delimiter, bom: options.bom, record_delimiter: "\r\n" },
  );
}

function findingRow(report: Report, user: UserReport | null, finding: Finding): Row<typeof FINDINGS_COLUMNS> {
  return {
    run_id: report.run.id,
    user_principal_name: user?.userPrincipalName,
    user_id: user?.id,
    user_display_name: user?.displayName,
    risk_level: user?.riskLevel,
    risk_score: user?.riskScore,
    finding_id: finding.id,
    rule_id: finding.ruleId,
    category: finding.category,
    title: finding.title,
    severity: finding.severity,
    score: finding.score,
    impact: finding.impact,
    confidence: finding.confidence,
    attack: finding.attack.join(LIST_SEPARATOR),
    first_seen: finding.firstSeen,
    last_seen: finding.lastSeen,
    explanation: finding.explanation,
    matched_keyword: finding.matched?.keyword,
    matched_threshold: finding.matched?.threshold,
    matched_observed: finding.matched?.observed,
    evidence_ids: finding.evidence.flatMap((item) => (item.id ? [item.id] : [])).join(LIST_SEPARATOR),
    persistence: finding.persistence === true,
    floor: finding.floor?.level,
    suppressed: finding.suppressed !== undefined,
    suppressed_reason: finding.suppressed ? `${finding.suppressed.by}: ${finding.suppressed.reason}` : "",
  };
}

/** findings.csv: one row per finding, riskiest users first, tenant-wide findings last (no user columns). */
export function renderFindingsCsv(report: Report, options: CsvOptions): string {
  const rows = [
    ...usersByRisk(report.users).flatMap((user) => byScore(user.findings).map((finding) => findingRow(report, user, finding))),
    ...byScore(report.tenantFindings).map((finding) => findingRow(report, null, finding)),
  ];
  return toCsv(FINDINGS_COLUMNS, rows, options);
}

function byScore(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => b.score - a.score || a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id));
}

/**
 * ServiceNow's default urgency x impact matrix gives these priorities (1 critical .. 4 low);
 * Jira imports map `priority` directly.
 */
const PRIORITY: Record<RiskLevel, { priority: number; urgency: number; impact: number }> = {
  critical: { priority: 1, urgency: 1, impact: 1 },
  high: { priority: 2, urgency: 1, impact: 2 },
  medium: { priority: 3, urgency: 2, impact: 2 },
  low: { priority: 4, urgency: 3, impact: 2 },
  none: { priority: 4, urgency: 3, impact: 2 },
};

/** Top findings named in a ticket; the description lists them all. */
const TOP_FINDINGS = 3;

function highestSeverity(findings: readonly Finding[]): Severity | "" {
  return findings.reduce<Severity | "">((top, f) => (top === "" || severityRank(f.severity) > severityRank(top) ? f.severity : top), "");
}

function ticketDescription(report: Report, user: UserReport, active: readonly Finding[]): string {
  const lines = [
    `phishtrail rated ${user.displayName} (${user.userPrincipalName}) ${user.riskLevel} (score ${user.riskScore}/100) in tenant ${report.run.tenant.displayName}.`,
    `Window: ${report.run.window.from} to ${report.run.window.to}.`,
  ];
  if (user.verdict.firstBadEvent) lines.push(`First bad event: ${user.verdict.firstBadEvent}.`);
  if (user.verdict.why.length > 0) lines.push("", "Why this level:", ...user.verdict.why.map((line) => `- ${line}`));
  if (active.length > 0) {
    lines.push("", "Findings:");
    for (const finding of active) {
      lines.push(`- [${finding.severity}] ${finding.title} (${finding.ruleId}; ${finding.attack.join(", ")}): ${finding.explanation}`);
    }
  }
  const gaps = user.coverage.filter((entry) => entry.status !== "ok");
  if (gaps.length > 0) lines.push("", "Data gaps:", ...gaps.map((gap) => `- ${gap.source}: ${gap.code ?? gap.status} ${gap.message ?? ""}`.trimEnd()));
  lines.push("", "Containment (review, then add --apply):", user.containment.command, ...user.containment.steps.map((step) => `- ${step}`));
  lines.push("", `Report run ${report.run.id}.`);
  return lines.join("\n");
}

function ticketRow(report: Report, user: UserReport, options: CsvOptions): Row<typeof TICKETS_COLUMNS> {
  const active = byScore(user.findings.filter((finding) => !finding.suppressed));
  const { priority, urgency, impact } = PRIORITY[user.riskLevel];
  const attack = [...new Set(active.flatMap((finding) => finding.attack))].sort();
  return {
    ticket_key: ticketKeyFor(report.run.tenant.id, user),
    short_description: `[phishtrail] ${user.riskLevel} risk: possible account compromise of ${user.userPrincipalName}`,
    description: ticketDescription(report, user, active),
    priority,
    severity: highestSeverity(active),
    urgency,
    impact,
    assignment_group: options.assignmentGroup ?? "",
    category: "Security incident",
    user_principal_name: user.userPrincipalName,
    user_display_name: user.displayName,
    risk_level: user.riskLevel,
    risk_score: user.riskScore,
    attack_techniques: attack.join(LIST_SEPARATOR),
    first_bad_event: user.verdict.firstBadEvent ?? "",
    top_findings: active.slice(0, TOP_FINDINGS).map((finding) => finding.title).join(LIST_SEPARATOR),
    containment_command: user.containment.command,
    incident_status: user.incident?.status ?? "",
    report_run_id: report.run.id,
  };
}

/** Incident statuses that raise no ticket: already ticketed, or acknowledged. */
const QUIET_INCIDENTS = new Set(["continuing", "suppressed"]);

/**
 * tickets.csv: one row per user at or above the ticket threshold, riskiest first. In nightly
 * mode only new and escalated incidents get a row: one already ticketed ("continuing") or
 * acknowledged as benign ("suppressed") does not repeat, which is what keeps the queue usable.
 */
export function renderTicketsCsv(report: Report, options: CsvOptions, threshold: RiskLevel = report.summary.ticketThreshold): string {
  const rows = usersByRisk(report.users)
    .filter((user) => levelRank(user.riskLevel) >= levelRank(threshold) && !QUIET_INCIDENTS.has(user.incident?.status ?? ""))
    .map((user) => ticketRow(report, user, options));
  return toCsv(TICKETS_COLUMNS, rows, options);
}
