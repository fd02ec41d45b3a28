import { randomUUID } from "node:crypto";
import { addToMailBaseline, addToSignInBaseline, newMailBaseline, newSignInBaseline } from "../collect/baseline.js";
import type { Collected, InvestigationWindow, UserEvidence } from "../collect/evidence.js";
import { InputError, messageOf, RuntimeError } from "../lib/errors.js";
import { redact } from "../lib/log.js";
import { isoMinute } from "../lib/time.js";
import type { Report, RiskLevel } from "../report/types.js";
import { boundMailBaseline, boundSignInBaseline, mergeMailBaselines, mergeSignInBaselines } from "./baseline-merge.js";
import { foldWindow } from "./fold.js";
import { HeldOut } from "./held-out.js";
import { annotateReport, decideIncidents, type IncidentDecision } from "./incidents.js";
import { acquireScanLock, STALE_AFTER_MS, thisProcess, type LockHolder, type ScanLock } from "./lock.js";
import { StateStore } from "./store.js";
import { ackSuppressor, type FindingSuppressor } from "./suppress.js";
import type { RunMode, StoredBaseline, StoredIncident, StoredRun } from "./types.js";

export interface NightlyRequest {
  /** The state file (created if missing). */
  statePath: string;
  /** `--since last-run`: start where the last committed run ended (minus the overlap). */
  sinceLastRun: boolean;
  overlapMinutes: number;
  ticketThreshold: RiskLevel;
}

/** Tonight's incidents by status, for the summary a scheduler's log shows. */
export type IncidentCounts = Record<"new" | "escalated" | "continuing" | "resolved" | "suppressed", number>;

const TENANT_KEY = "tenantId";

function ok<T>(value: T): Collected<T> {
  return { status: "ok", value };
}

/**
 * One scan's use of the state: opened (and locked) before the scan starts, it decides the window,
 * merges the stored baselines into the collected evidence, suppresses acknowledged findings,
 * tracks incidents in the report, and commits everything in one transaction at the end. A run that
 * never commits leaves the state as it was (plus a run row saying it did not finish).
 */
export class NightlySession {
  private mode: RunMode = "full";
  private window?: InvestigationWindow;
  private decisions: IncidentDecision[] = [];
  private finished = false;

  private constructor(
    /** The id this run's report carries (and its lock and run row). */
    readonly runId: string,
    private readonly store: StateStore,
    private readonly lock: ScanLock,
    readonly request: NightlyRequest,
    /** The last committed run, where `--since last-run` starts. */
    readonly previousRun: StoredRun | undefined,
    private readonly open: Map<string, StoredIncident>,
    private readonly startedAt: Date,
  ) {}

  /** Opens the state and takes its scan lock; an unreadable state (exit 2) or a held lock (exit 1) throws. */
  static open(request: NightlyRequest, holder: LockHolder = thisProcess): NightlySession {
    const store = StateStore.open(request.statePath, { create: true });
    try {
      const startedAt = holder.now();
      const runId = randomUUID();
      const lock = acquireScanLock(store, runId, holder);
      if (lock.replaced) {
        const dead = lock.replaced;
        store.transaction(() => {
          if (!store.run(dead.runId)) {
            store.insertRun({
              id: dead.runId,
              startedAt: dead.startedAt,
              finishedAt: dead.heartbeatAt,
              mode: "unknown",
              completed: false,
              note: `stopped without finishing (pid ${dead.pid} on ${dead.host}); its window is covered by the next run`,
            });
          }
        });
      }
      const open = new Map(store.openIncidents().map((incident) => [incident.userId, incident]));
      return new NightlySession(runId, store, lock, request, store.lastCompletedRun(), open, startedAt);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  get statePath(): string {
    return this.store.file;
  }

  /**
   * The window to collect. With `--since last-run` and a committed run: from that run's end minus
   * the overlap to now, with no history before it (the stored baselines replace it). Otherwise
   * (first run, or a plain --since) the full window the caller computed, history included.
   */
  windowFor(now: Date, full: InvestigationWindow): InvestigationWindow {
    const last = this.previousRun?.window;
    if (!this.request.sinceLastRun || !last) {
      this.window = full;
      return full;
    }
    const fromMs = Date.parse(last.to) - this.request.overlapMinutes * 60_000;
    if (fromMs >= now.getTime()) {
      throw new InputError(
        `--since last-run: the last run on ${this.store.file} ended at ${last.to}, so the window (from ${new Date(fromMs).toISOString()}, ` +
          `its end minus state.overlapMinutes) would start after now (${now.toISOString()}); check the clock or pass a later --now`,
        "BAD_ARGS",
      );
    }
    const from = isoMinute(new Date(fromMs));
    this.mode = "since-last-run";
    this.window = { from, to: isoMinute(now), baselineFrom: from };
    return this.window;
  }

  /** Refuses a state that remembers another tenant: its baselines would judge the wrong people. */
  checkTenant(tenantId: string): void {
    const stored = this.store.meta(TENANT_KEY);
    if (tenantId && stored && stored !== tenantId) {
      throw new RuntimeError(
        `state file ${this.store.file} belongs to tenant ${stored}, but this scan reached tenant ${tenantId}: use one --state file per tenant`,
        "STATE_TENANT",
      );
    }
  }

  /** The evidence with each user's stored baselines merged into what was collected. */
  withStoredBaselines(users: readonly UserEvidence[]): UserEvidence[] {
    return users.map((evidence) => {
      const signIns = this.store.baseline(evidence.user.id, "signIns");
      const mail = this.store.baseline(evidence.user.id, "sentItems");
      if (!signIns && !mail) return evidence;
      const merged = { ...evidence };
      if (signIns && evidence.signInBaseline.status === "ok") merged.signInBaseline = ok(mergeSignInBaselines(signIns.baseline, evidence.signInBaseline.value));
      if (mail && evidence.mailBaseline.status === "ok") merged.mailBaseline = ok(mergeMailBaselines(mail.baseline, evidence.mailBaseline.value));
      return merged;
    });
  }

  /** Suppresses the findings of acknowledged incidents (for judge, before scoring). */
  suppressor(now: Date): FindingSuppressor {
    return ackSuppressor([...this.open.values()], now);
  }

  /** Ticket keys, incident statuses and resolved incidents on the report. */
  trackIncidents(report: Report, users: readonly UserEvidence[]): Report {
    this.decisions = decideIncidents(report.users, this.open, {
      threshold: this.request.ticketThreshold,
      now: report.run.now,
      tenantId: report.run.tenant.id,
      resetAt: resetTimes(users),
    });
    return annotateReport(report, this.decisions);
  }

  counts(): IncidentCounts {
    const counts: IncidentCounts = { new: 0, escalated: 0, continuing: 0, resolved: 0, suppressed: 0 };
    for (const decision of this.decisions) counts[decision.status]++;
    return counts;
  }

  /** Escalations and ended acknowledgements, one sentence each (for the run log). */
  notes(): string[] {
    return this.decisions.filter((d) => d.reason && d.status !== "suppressed").map((d) => `${d.ticketKey} (${d.userPrincipalName}) ${d.status}: ${d.reason}`);
  }

  /**
   * Everything the run learnt, in one transaction: the run (completed), each user's baselines with
   * the window folded in except evidence of medium+ findings, incidents and their finding history,
   * and the lock's release. Called after the reports are written, so a run that dies before it
   * leaves the state untouched and the next run covers its window again.
   */
  commit(report: Report, users: readonly UserEvidence[]): void {
    const window = this.window;
    if (!window) throw new Error("NightlySession.commit before windowFor");
    const findingsOf = new Map(report.users.map((u) => [u.id, u.findings]));
    const runId = report.run.id;
    const overlapMs = this.request.overlapMinutes * 60_000;
    this.store.transaction(() => {
      if (!this.lock.held()) {
        throw new RuntimeError(
          `state file ${this.store.file}: another scan took over this run's lock (no heartbeat for ${STALE_AFTER_MS / 60_000} minutes); nothing was committed, the next run covers this window`,
          "STATE_LOCK_LOST",
        );
      }
      for (const evidence of users) this.foldUser(evidence, new HeldOut(findingsOf.get(evidence.user.id) ?? []), window, overlapMs, runId);
      for (const decision of this.decisions) this.recordDecision(decision, runId, report.run.now);
      if (report.run.tenant.id && !this.store.meta(TENANT_KEY)) this.store.setMeta(TENANT_KEY, report.run.tenant.id);
      this.store.insertRun({
        id: runId,
        startedAt: report.run.startedAt,
        finishedAt: new Date().toISOString(),
        now: report.run.now,
        window,
        mode: this.mode,
        completed: true,
        dataComplete: report.run.complete,
        users: report.users.length,
        tickets: this.decisions.filter((d) => d.status === "new" || d.status === "escalated").length,
        graphRequests: report.run.graph.requests,
      });
      this.lock.release();
    });
    this.finished = true;
  }

  /**
   * Ends the session. A run that did not commit is recorded as unfinished (with why, if known) and
   * its lock released; "last run" does not move, so the next run covers this window.
   */
  close(error?: unknown): void {
    try {
      if (!this.finished) this.recordUnfinished(error);
    } catch (recordError) {
      // The run's own failure is the one to report; the state is consistent either way (nothing
      // was committed), and a lock left behind is taken over once its heartbeat stops.
      if (error === undefined) throw recordError;
    } finally {
      this.finished = true;
      this.lock.stopHeartbeat();
      this.store.close();
    }
  }

  private recordUnfinished(error: unknown): void {
    this.store.transaction(() => {
      this.store.insertRun({
        id: this.runId,
        startedAt: this.startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        ...(this.window ? { window: this.window } : {}),
        mode: this.mode,
        completed: false,
        note: error === undefined ? "stopped before committing" : `failed: ${redact(messageOf(error))}`,
      });
      this.lock.release();
    });
  }

  private foldUser(evidence: UserEvidence, heldOut: HeldOut, window: InvestigationWindow, overlapMs: number, runId: string): void {
    const { id: userId, userPrincipalName } = evidence.user;
    if (evidence.signIns.status === "ok") {
      const prior = this.store.baseline(userId, "signIns");
      const base = evidence.signInBaseline.status === "ok" ? evidence.signInBaseline.value : (prior?.baseline ?? newSignInBaseline(window.baselineFrom, window.from));
      const folded = foldWindow({
        prior,
        base,
        // History is built from interactive sign-ins only (token refreshes say little about what is familiar).
        events: evidence.signIns.value.filter((s) => s.isInteractive),
        isHeldOut: (s) => heldOut.signIn(s),
        add: addToSignInBaseline,
        windowTo: window.to,
        overlapMs,
      });
      const stored: StoredBaseline<"signIns"> = { userId, userPrincipalName, ...folded, baseline: boundSignInBaseline(folded.baseline) };
      this.store.putBaseline("signIns", stored, runId);
    }
    if (evidence.sentItems.status === "ok") {
      const prior = this.store.baseline(userId, "sentItems");
      const base = evidence.mailBaseline.status === "ok" ? evidence.mailBaseline.value : (prior?.baseline ?? newMailBaseline(window.baselineFrom, window.from));
      const folded = foldWindow({
        prior,
        base,
        events: evidence.sentItems.value,
        isHeldOut: (m) => heldOut.sentMessage(m),
        add: addToMailBaseline,
        windowTo: window.to,
        overlapMs,
      });
      const stored: StoredBaseline<"sentItems"> = { userId, userPrincipalName, ...folded, baseline: boundMailBaseline(folded.baseline) };
      this.store.putBaseline("sentItems", stored, runId);
    }
  }

  private recordDecision(decision: IncidentDecision, runId: string, now: string): void {
    const stored = decision.stored;
    const resolved = decision.status === "resolved";
    this.store.putIncident({
      ticketKey: decision.ticketKey,
      userId: decision.userId,
      userPrincipalName: decision.userPrincipalName,
      status: resolved ? "resolved" : "open",
      peakLevel: stored && RANK[stored.peakLevel] > RANK[decision.level] ? stored.peakLevel : decision.level,
      lastLevel: decision.level,
      firstSeen: decision.firstSeen,
      lastSeen: decision.lastSeen,
      activeAt: decision.active || !stored ? now : stored.activeAt,
      openedRun: stored?.openedRun ?? runId,
      updatedRun: runId,
      ...(resolved ? { resolvedAt: now } : {}),
    });
    // A new incident may reuse the key of an old resolved one (same opening finding): start it clean.
    if (!stored) this.store.clearAck(decision.ticketKey);
    else if (decision.endsAck && stored.ack) this.store.clearAck(decision.ticketKey, stored.ack.at);
    if (resolved) return;
    for (const finding of decision.findings) {
      const keys = finding.evidence.flatMap((item) => (item.id ? [`${item.source}:${item.id}`] : []));
      for (const evidenceKey of keys.length > 0 ? keys : [""]) {
        this.store.recordFinding({ ticketKey: decision.ticketKey, ruleId: finding.ruleId, evidenceKey, severity: finding.severity, firstSeen: finding.firstSeen, lastSeen: finding.lastSeen }, runId);
      }
    }
  }
}

const RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Each user's latest password change or session revocation (epoch ms), where Graph reported one. */
function resetTimes(users: readonly UserEvidence[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const { user } of users) {
    const ms = Math.max(...[user.lastPasswordChangeDateTime, user.signInSessionsValidFromDateTime].map((t) => (t ? Date.parse(t) : NaN)).filter((n) => !Number.isNaN(n)));
    if (Number.isFinite(ms)) times.set(user.id, ms);
  }
  return times;
}
