import type { CrossUserPattern, Report, RuleDescriptor, UserReport } from "../report/types.js";
import { toDisplayModel } from "./display-model.js";
import { displayText } from "./text.js";
import { formatDuration, formatTime, plural } from "./format.js";
import { LEVELS_DESCENDING, usersByRisk } from "./risk-order.js";
import { buildUserView, findingViews, gapSummary, type FindingView, type UserView } from "./user-view.js";

/** Users named per data-gap group before "and N more". */
const MAX_USERS_PER_GAP = 10;

const PATTERN_LABELS: Record<CrossUserPattern["kind"], string> = {
  forwardingDestination: "Forwarding destination",
  signInIp: "Sign-in IP address",
  ruleName: "Inbox rule name",
  consentedApp: "Consented application",
  mfaPhone: "MFA phone number",
  network: "Network",
};

export interface HtmlView {
  title: string;
  classification: string;
  paper: string;
  isIncident: boolean;
  tool: { name: string; version: string };
  generatedAt: string;
  tenant: { id: string; displayName: string };
  levels: { level: string; count: number }[];
  totals: { users: string; findings: string; gaps: string };
  riskiest: { anchor: string; displayName: string; userPrincipalName: string; level: string; score: number; findings: number; topFinding: string; incident: string }[];
  patterns: { kind: string; value: string; users: string[]; ruleIds: string[] }[];
  gaps: { source: string; status: string; code: string; message: string; users: string[]; moreUsers: number; count: number }[];
  ruleErrors: { userPrincipalName: string; ruleId: string; message: string }[];
  run: {
    id: string;
    source: string;
    strategy: string;
    targets: string;
    windowFrom: string;
    windowTo: string;
    baselineFrom: string;
    now: string;
    startedAt: string;
    finishedAt: string;
    duration: string;
    complete: boolean;
    graph: { requests: number; throttled: number; retries: number; batches: number | null };
    warnings: string[];
  };
  resolvedIncidents: { ticketKey: string; userPrincipalName: string; resolvedAt: string }[];
  tenantFindings: FindingView[];
  users: UserView[];
  quietUsers: { displayName: string; userPrincipalName: string; score: number; signIns: number; gaps: string }[];
}

function gapGroups(users: readonly UserReport[]): HtmlView["gaps"] {
  const groups = new Map<string, HtmlView["gaps"][number]>();
  for (const user of users) {
    for (const entry of user.coverage) {
      if (entry.status === "ok") continue;
      const key = JSON.stringify([entry.source, entry.status, entry.code ?? ""]);
      let group = groups.get(key);
      if (!group) {
        group = { source: entry.source, status: entry.status, code: entry.code ?? "", message: entry.message ?? "", users: [], moreUsers: 0, count: 0 };
        groups.set(key, group);
      }
      group.count++;
      if (group.users.length < MAX_USERS_PER_GAP) group.users.push(user.userPrincipalName);
      else group.moreUsers++;
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.source.localeCompare(b.source));
}

function titleOf(report: Report): string {
  const only = report.users.length === 1 ? report.users[0] : undefined;
  return only ? `Incident report: ${only.displayName} (${only.userPrincipalName})` : report.presentation.title;
}

/** The PDF/HTML title: a single-user scan is that user's incident report. */
export function reportTitle(report: Report): string {
  return displayText(titleOf(report));
}

/**
 * Everything the templates show, computed here (numbers, order, grouping) from a display-safe copy
 * of the report. Templates only lay it out, with Handlebars escaping every value.
 */
export function buildHtmlView(original: Report): HtmlView {
  const report = toDisplayModel(original);
  const rules = new Map<string, RuleDescriptor>(report.rules.map((rule) => [rule.id, rule]));
  const isIncident = report.users.length === 1;
  const ordered = usersByRisk(report.users);
  // Acknowledged users score "none" but keep their (suppressed) findings visible, marked.
  const needsDetail = (user: Report["users"][number]) => isIncident || user.riskLevel !== "none" || user.findings.length > 0 || user.incident !== undefined;
  const detailed = ordered.filter(needsDetail);
  const quiet = ordered.filter((user) => !needsDetail(user));
  const users = detailed.map((user, i) => buildUserView(user, `user-${i + 1}`, rules));
  const { run } = report;
  return {
    title: titleOf(report),
    classification: report.presentation.classification,
    paper: report.presentation.paper,
    isIncident,
    tool: report.tool,
    generatedAt: formatTime(run.finishedAt),
    tenant: run.tenant,
    levels: LEVELS_DESCENDING.map((level) => ({ level, count: report.summary.byLevel[level] ?? 0 })),
    totals: {
      users: plural(report.summary.users, "user"),
      findings: plural(report.summary.findings, "finding"),
      gaps: plural(report.summary.gaps, "data gap"),
    },
    riskiest: users
      .filter((user) => !isIncident && user.level !== "none")
      .map((user) => ({
        anchor: user.anchor,
        displayName: user.displayName,
        userPrincipalName: user.userPrincipalName,
        level: user.level,
        score: user.score,
        findings: user.findings.length,
        topFinding: user.findings[0]?.title ?? "",
        incident: user.incident?.status ?? "",
      })),
    patterns: report.patterns.map((pattern) => ({
      kind: PATTERN_LABELS[pattern.kind] ?? pattern.kind,
      value: pattern.value,
      users: pattern.users.map((user) => user.userPrincipalName),
      ruleIds: pattern.ruleIds,
    })),
    gaps: gapGroups(report.users),
    ruleErrors: ordered.flatMap((user) => user.ruleErrors.map((e) => ({ userPrincipalName: user.userPrincipalName, ...e }))),
    run: {
      id: run.id,
      source: run.source,
      strategy: run.strategy,
      targets: run.targets.mode === "all" ? `all enabled members (${plural(run.targets.requested, "user")})` : plural(run.targets.requested, "requested user"),
      windowFrom: formatTime(run.window.from),
      windowTo: formatTime(run.window.to),
      baselineFrom: formatTime(run.baselineFrom),
      now: formatTime(run.now),
      startedAt: formatTime(run.startedAt),
      finishedAt: formatTime(run.finishedAt),
      duration: formatDuration(run.durationMs),
      complete: run.complete,
      graph: { requests: run.graph.requests, throttled: run.graph.throttled, retries: run.graph.retries, batches: run.graph.batches ?? null },
      warnings: run.warnings,
    },
    resolvedIncidents: (report.resolvedIncidents ?? []).map((incident) => ({ ...incident, resolvedAt: formatTime(incident.resolvedAt) })),
    tenantFindings: findingViews(report.tenantFindings, "tenant", "T", rules),
    users,
    quietUsers: quiet.map((user) => ({
      displayName: user.displayName,
      userPrincipalName: user.userPrincipalName,
      score: user.riskScore,
      signIns: user.signIns.total,
      gaps: gapSummary(user),
    })),
  };
}
