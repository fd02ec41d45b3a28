import type { Finding, RiskLevel, RuleDescriptor, TimelineEvent, UserReport } from "../report/types.js";
import { buildEvidenceTables, type EvidenceTableView } from "./evidence-view.js";
import { formatConfidence, formatFactor, formatTime, plural } from "./format.js";
import { buildChartView, type ChartView } from "./svg/chart.js";
import { buildMapView, type MapView } from "./svg/map.js";

/** Timeline rows shown per user; report.json keeps every event. */
export const MAX_TIMELINE_EVENTS = 200;

export interface FindingView {
  anchor: string;
  /** Short reference used by the timeline: F1, F2 ... (S1 ... for suppressed ones). */
  label: string;
  id: string;
  ruleId: string;
  title: string;
  severity: string;
  score: number;
  impact: number;
  confidence: string;
  attack: string[];
  firstSeen: string;
  lastSeen: string;
  explanation: string;
  matched: { keyword: string | null; threshold: string | null; observed: string | null } | null;
  adjustments: { factor: string; reason: string }[];
  evidence: EvidenceTableView[];
  persistence: boolean;
  category: string | null;
  context: boolean;
  floor: { level: string; reason: string } | null;
  suppressed: { reason: string; until: string | null; by: string } | null;
  remediation: string | null;
}

export interface TimelineView {
  firstBadEvent: string | null;
  events: { time: string; kind: string; summary: string; severity: string | null; findings: FindingReference[] }[];
  earlierEventsNote: string | null;
  hiddenEventsNote: string | null;
}

interface FindingReference {
  anchor: string;
  label: string;
}

export interface UserView {
  anchor: string;
  id: string;
  displayName: string;
  userPrincipalName: string;
  level: RiskLevel;
  score: number;
  accountState: string | null;
  synced: boolean;
  ticketKey: string | null;
  incident: { status: string; firstSeen: string } | null;
  why: string[];
  whatWouldLower: string[];
  floor: { level: string; reason: string } | null;
  correlations: { text: string; bonus: number }[];
  timeline: TimelineView;
  signIns: { total: number; failures: number; countries: { country: string; count: number; inBaseline: boolean }[] };
  map: MapView | null;
  chart: ChartView | null;
  findings: FindingView[];
  suppressedFindings: FindingView[];
  coverage: { source: string; status: string; ok: boolean; code: string; message: string; items: string }[];
  gaps: number;
  ruleErrors: { ruleId: string; message: string }[];
  containment: { command: string; steps: string[] };
  containmentHistory: { time: string; action: string; target: string; result: string; detail: string }[];
}

function findingView(finding: Finding, anchor: string, label: string, rules: ReadonlyMap<string, RuleDescriptor>): FindingView {
  const matched = finding.matched;
  return {
    anchor,
    label,
    id: finding.id,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    score: finding.score,
    impact: finding.impact,
    confidence: formatConfidence(finding.confidence),
    attack: finding.attack,
    firstSeen: formatTime(finding.firstSeen),
    lastSeen: formatTime(finding.lastSeen),
    explanation: finding.explanation,
    matched:
      matched && (matched.keyword || matched.threshold || matched.observed)
        ? { keyword: matched.keyword ?? null, threshold: matched.threshold ?? null, observed: matched.observed ?? null }
        : null,
    adjustments: finding.adjustments.map((a) => ({ factor: formatFactor(a.factor), reason: a.reason })),
    evidence: buildEvidenceTables(finding.evidence),
    persistence: finding.persistence === true,
    category: finding.category ?? null,
    context: finding.context === true,
    floor: finding.floor ?? null,
    suppressed: finding.suppressed
      ? { reason: finding.suppressed.reason, until: finding.suppressed.until ? formatTime(finding.suppressed.until) : null, by: finding.suppressed.by }
      : null,
    remediation: rules.get(finding.ruleId)?.remediation ?? null,
  };
}

/** Findings by score (highest first), then first seen, so the top reasons lead. */
export function findingViews(
  findings: readonly Finding[],
  anchorPrefix: string,
  labelPrefix: string,
  rules: ReadonlyMap<string, RuleDescriptor>,
): FindingView[] {
  return [...findings]
    .sort((a, b) => b.score - a.score || a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id))
    .map((finding, i) => findingView(finding, `${anchorPrefix}-${labelPrefix.toLowerCase()}${i + 1}`, `${labelPrefix}${i + 1}`, rules));
}

/** The timeline starts at T0 (the first bad event); earlier events are counted, not listed. */
function timelineView(user: UserReport, references: ReadonlyMap<string, FindingReference>): TimelineView {
  const sorted = [...user.timeline].sort((a, b) => a.time.localeCompare(b.time));
  const t0 = user.verdict.firstBadEvent;
  const t0Time = t0 ? Date.parse(t0) : Number.NaN;
  const fromT0 = Number.isNaN(t0Time) ? sorted : sorted.filter((event) => Date.parse(event.time) >= t0Time);
  const shown = fromT0.slice(0, MAX_TIMELINE_EVENTS);
  const earlier = sorted.length - fromT0.length;
  const hidden = fromT0.length - shown.length;
  return {
    firstBadEvent: t0 ? formatTime(t0) : null,
    events: shown.map((event: TimelineEvent) => ({
      time: formatTime(event.time),
      kind: event.kind,
      summary: event.summary,
      severity: event.severity ?? null,
      findings: event.findingIds.flatMap((id) => {
        const reference = references.get(id);
        return reference ? [reference] : [];
      }),
    })),
    earlierEventsNote: earlier === 0 ? null : `${plural(earlier, "earlier event")} (before the first bad event) ${earlier === 1 ? "is" : "are"} in report.json.`,
    hiddenEventsNote: hidden === 0 ? null : `${plural(hidden, "later event")} ${hidden === 1 ? "is" : "are"} in report.json.`,
  };
}

function accountState(user: UserReport): string | null {
  if (user.accountEnabled === undefined) return null;
  return user.accountEnabled ? "enabled" : "disabled";
}

export function buildUserView(user: UserReport, anchor: string, rules: ReadonlyMap<string, RuleDescriptor>): UserView {
  const active = findingViews(user.findings.filter((f) => !f.suppressed), anchor, "F", rules);
  const suppressed = findingViews(user.findings.filter((f) => f.suppressed), anchor, "S", rules);
  const references = new Map([...active, ...suppressed].map((f) => [f.id, { anchor: f.anchor, label: f.label }]));
  const gaps = user.coverage.filter((c) => c.status !== "ok").length;
  return {
    anchor,
    id: user.id,
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    level: user.riskLevel,
    score: user.riskScore,
    accountState: accountState(user),
    synced: user.onPremisesSyncEnabled === true,
    ticketKey: user.ticketKey ?? null,
    incident: user.incident ? { status: user.incident.status, firstSeen: formatTime(user.incident.firstSeen) } : null,
    why: user.verdict.why,
    whatWouldLower: user.verdict.whatWouldLower,
    floor: user.verdict.floor ?? null,
    correlations: user.verdict.correlations.map((c) => ({ text: c.text, bonus: c.bonus })),
    timeline: timelineView(user, references),
    signIns: { total: user.signIns.total, failures: user.signIns.failures, countries: user.signIns.countries },
    map: buildMapView(user.signIns.points),
    chart: buildChartView(user.signIns.byDay),
    findings: active,
    suppressedFindings: suppressed,
    coverage: user.coverage.map((c) => ({
      source: c.source,
      status: c.status,
      ok: c.status === "ok",
      code: c.code ?? "",
      message: c.message ?? "",
      items: c.items === undefined ? "" : String(c.items),
    })),
    gaps,
    ruleErrors: user.ruleErrors,
    containment: user.containment,
    containmentHistory: user.containmentHistory.map((r) => ({
      time: formatTime(r.time),
      action: r.action,
      target: r.target ?? "",
      result: r.result,
      detail: r.detail ?? "",
    })),
  };
}

export function gapSummary(user: UserReport): string {
  const gaps = user.coverage.filter((c) => c.status !== "ok").length;
  return gaps === 0 ? "" : plural(gaps, "data gap");
}
