import type { MailBaseline, SignInBaseline } from "../collect/evidence.js";
import type { RiskLevel } from "../report/types.js";

/** The window sources whose events are folded into stored baselines. */
export type BaselineKind = "signIns" | "sentItems";

export interface BaselineOf {
  signIns: SignInBaseline;
  sentItems: MailBaseline;
}

/** "unknown": a run that died holding the lock (recorded by the run that took the lock over). */
export type RunMode = "full" | "since-last-run" | "unknown";

export interface StoredRun {
  id: string;
  startedAt: string;
  finishedAt?: string;
  now?: string;
  window?: { from: string; to: string; baselineFrom: string };
  mode: RunMode;
  /** The run's results were committed (only these move "last run"). */
  completed: boolean;
  /** report.run.complete: no data gaps and no rule errors. */
  dataComplete?: boolean;
  users?: number;
  tickets?: number;
  graphRequests?: number;
  note?: string;
}

/** A user's remembered history for one source, and what of the last window it already holds. */
export interface StoredBaseline<K extends BaselineKind = BaselineKind> {
  userId: string;
  userPrincipalName: string;
  baseline: BaselineOf[K];
  /** Window events up to this time are handled: folded in, or held out as evidence. */
  through: string;
  /** Start of the overlap before `through` whose handled event ids are kept in `recentIds`. */
  recentFrom: string;
  /** Event id -> time, for events handled in [recentFrom, through]. */
  recentIds: Record<string, string>;
}

export interface StoredAck {
  reason: string;
  /** ISO; absent means until the incident escalates with a new rule. */
  until?: string;
  /** When the acknowledgement was recorded (ISO). */
  at: string;
  /** The rules the incident had shown when acknowledged: their findings are suppressed. */
  ruleIds: string[];
}

export interface StoredIncident {
  ticketKey: string;
  userId: string;
  userPrincipalName: string;
  status: "open" | "resolved";
  /** Highest level reached; a rise above it is an escalation. */
  peakLevel: RiskLevel;
  lastLevel: RiskLevel;
  firstSeen: string;
  lastSeen: string;
  /** The last run's "now" at which it was at the ticket threshold (or had acknowledged findings). */
  activeAt: string;
  openedRun: string;
  updatedRun: string;
  resolvedAt?: string;
  ack?: StoredAck;
  /** Every rule the incident has shown (from finding history). */
  ruleIds: string[];
}

/** One row of finding history: a rule and one piece of its evidence within an incident. */
export interface FindingHistoryEntry {
  ticketKey: string;
  ruleId: string;
  /** `${source}:${id}` of an evidence item, or "" for a finding without identified evidence. */
  evidenceKey: string;
  severity: string;
  firstSeen: string;
  lastSeen: string;
}

export interface StoredLock {
  token: string;
  runId: string;
  pid: number;
  host: string;
  startedAt: string;
  heartbeatAt: string;
}
