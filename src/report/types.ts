/**
 * The report model (report.json, schemaVersion "1", CONTRACT.md). Every format is rendered from
 * this alone: renderers import this file and nothing from collect/, rules/ or score/.
 * Fields may be added; none in CONTRACT.md may be renamed or removed.
 */
export const SCHEMA_VERSION = "1";

export type RiskLevel = "none" | "low" | "medium" | "high" | "critical";
export const RISK_LEVELS: readonly RiskLevel[] = ["none", "low", "medium", "high", "critical"];
export type Severity = "info" | "low" | "medium" | "high" | "critical";

export interface EvidenceItem {
  /** Source the item came from (signIns, inboxRules, auditLog, ...). */
  source: string;
  /** Graph object id (sign-in id, rule id, audit id, ...). */
  id?: string;
  time?: string;
  /** The fields that matter, flat, for evidence tables and CSV. */
  fields: Record<string, string | number | boolean | null>;
}

export interface Adjustment {
  /** Multiplier applied to confidence (e.g. 0.3 for an allow-listed IP). */
  factor: number;
  reason: string;
}

export interface Finding {
  /** Stable within a run: `${ruleId}:${userId}:${n}`. */
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  /** impact x confidence, 0..100. */
  score: number;
  impact: number;
  confidence: number;
  attack: string[];
  firstSeen: string;
  lastSeen: string;
  explanation: string;
  /** The keyword or threshold matched and the value observed. */
  matched?: { keyword?: string; threshold?: string; observed?: string };
  adjustments: Adjustment[];
  evidence: EvidenceItem[];
  /** Persistence survives a password reset: never discounted by containment. */
  persistence?: boolean;
  /** The rule's area (sign-ins, mailbox, sent-mail, mfa, apps, alerts, tenant). */
  category?: string;
  /** A context-only finding: its total contribution to the user's score is capped. */
  context?: boolean;
  /** Decisive evidence: the least level the user can have while this finding stands. */
  floor?: { level: "high" | "critical"; reason: string };
  /** Values other investigated users may share (cross-user patterns). */
  entities?: FindingEntities;
  /** Set when an acknowledgement or allow-list suppresses it (nightly mode). */
  suppressed?: { reason: string; until?: string; by: "ack" | "allow-list" };
}

export interface FindingEntities {
  ips?: string[];
  forwardTo?: string[];
  ruleNames?: string[];
  appIds?: string[];
  phones?: string[];
}

export interface Correlation {
  /** "A at t1 -> B at t2 (delta)" */
  text: string;
  bonus: number;
  findingIds: string[];
}

export interface Verdict {
  /** Sentences: the floor applied, or the top contributions and bonuses. */
  why: string[];
  /** Sentences: what evidence or change would lower the level. */
  whatWouldLower: string[];
  correlations: Correlation[];
  floor?: { level: RiskLevel; reason: string };
  /** Earliest high-confidence bad event (T0), ISO. */
  firstBadEvent?: string;
}

export interface TimelineEvent {
  time: string;
  kind: "signIn" | "inboxRule" | "mfa" | "consent" | "mail" | "alert" | "risk" | "audit" | "containment";
  summary: string;
  findingIds: string[];
  severity?: Severity;
}

export interface SignInPoint {
  country?: string;
  city?: string;
  latitude: number;
  longitude: number;
  count: number;
  failures: number;
  /** Appears in a finding. */
  flagged: boolean;
}

export interface SignInSummary {
  total: number;
  failures: number;
  countries: { country: string; count: number; inBaseline: boolean }[];
  /** One entry per UTC day of the window. */
  byDay: { day: string; successes: number; failures: number }[];
  points: SignInPoint[];
}

export interface CoverageEntry {
  source: string;
  status: "ok" | "unavailable" | "error";
  code?: string;
  message?: string;
  items?: number;
}

export interface ContainmentAdvice {
  /** The exact command to run, e.g. `phishtrail contain --user a@b --revoke-sessions ...`. */
  command: string;
  steps: string[];
}

export interface ContainmentRecord {
  time: string;
  action: string;
  target?: string;
  result: "done" | "already-done" | "failed" | "planned";
  detail?: string;
}

export interface UserReport {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled?: boolean;
  onPremisesSyncEnabled?: boolean;
  riskScore: number;
  riskLevel: RiskLevel;
  verdict: Verdict;
  findings: Finding[];
  coverage: CoverageEntry[];
  timeline: TimelineEvent[];
  signIns: SignInSummary;
  containment: ContainmentAdvice;
  /** Containment already applied to this user (from action logs / Graph state). */
  containmentHistory: ContainmentRecord[];
  /** Rules that threw for this user: shown, never silently dropped. */
  ruleErrors: { ruleId: string; message: string }[];
  /** Nightly mode: the incident this user's findings belong to. */
  ticketKey?: string;
  incident?: { status: "new" | "escalated" | "continuing" | "resolved" | "suppressed"; firstSeen: string };
}

export interface CrossUserPattern {
  kind: "forwardingDestination" | "signInIp" | "ruleName" | "consentedApp" | "mfaPhone" | "network";
  value: string;
  users: { id: string; userPrincipalName: string }[];
  ruleIds: string[];
}

export interface RuleDescriptor {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  attack: string[];
  category: string;
  remediation: string;
}

export interface RunInfo {
  id: string;
  startedAt: string;
  finishedAt: string;
  now: string;
  window: { from: string; to: string };
  baselineFrom: string;
  source: "graph" | "snapshot" | "demo";
  tenant: { id: string; displayName: string };
  complete: boolean;
  strategy: "per-user" | "bulk";
  targets: { mode: "all" | "users"; requested: number };
  graph: { requests: number; throttled: number; retries: number; batches?: number };
  durationMs: number;
  warnings: string[];
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: "phishtrail"; version: string };
  run: RunInfo;
  summary: {
    users: number;
    byLevel: Record<RiskLevel, number>;
    findings: number;
    /** user x source entries not ok. */
    gaps: number;
    ticketThreshold: RiskLevel;
  };
  users: UserReport[];
  tenantFindings: Finding[];
  patterns: CrossUserPattern[];
  rules: RuleDescriptor[];
  /** Nightly mode: incidents resolved since the previous run. */
  resolvedIncidents?: { ticketKey: string; userPrincipalName: string; resolvedAt: string }[];
  /** Report presentation settings carried to renderers (classification label, paper). */
  presentation: { classification: string; paper: "A4" | "Letter"; title: string };
}
