import { chmodSync, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../lib/atomic-write.js";
import { InputError, messageOf, RuntimeError } from "../lib/errors.js";
import type { RiskLevel } from "../report/types.js";
import { STATE_APPLICATION_ID, STATE_SCHEMA, STATE_SCHEMA_VERSION } from "./schema.js";
import type { BaselineKind, FindingHistoryEntry, StoredAck, StoredBaseline, StoredIncident, StoredLock, StoredRun } from "./types.js";

/** How long a statement waits for another process's write transaction before failing. */
const BUSY_TIMEOUT_MS = 10_000;

const MOVE_ASIDE = "Move it aside (the next nightly run then starts a new state with a full scan) or pass another --state.";

type Row = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * The nightly state file (SQLite through better-sqlite3, synchronous). Opening validates that the
 * file is a phishtrail state of a schema this build knows; every later read and write goes through
 * the typed methods here, and callers group writes with `transaction`.
 */
export class StateStore {
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  /** Prepared once per store: a commit runs the same few statements for every user. */
  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) this.statements.set(source, (statement = this.db.prepare(source)));
    return statement;
  }

  /**
   * Opens (and with `create`, initialises) the state file. Anything that is not a readable
   * phishtrail state is an InputError naming the file and what to do.
   */
  static open(file: string, options: { create: boolean }): StateStore {
    if (existsSync(file) && !statSync(file).isFile()) throw new InputError(`state file ${file}: exists but is not a file. ${MOVE_ASIDE}`, "STATE_INVALID");
    if (!existsSync(file)) {
      if (!options.create) throw new InputError(`state file ${file}: not found. Run 'phishtrail scan --all --since last-run --state ${file}' first, or pass the --state a nightly scan uses.`, "STATE_MISSING");
      try {
        ensurePrivateDir(dirname(file));
      } catch (error) {
        throw new InputError(`state file ${file}: cannot create its folder (${messageOf(error)})`, "STATE_INVALID");
      }
    }
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    } catch (error) {
      throw new InputError(`state file ${file}: cannot be opened (${messageOf(error)}). ${MOVE_ASIDE}`, "STATE_INVALID");
    }
    try {
      chmodSync(file, PRIVATE_FILE_MODE);
      prepare(db, file);
    } catch (error) {
      db.close();
      throw error;
    }
    return new StateStore(file, db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` in one transaction (BEGIN IMMEDIATE: the write lock is taken up front). */
  transaction<T>(fn: () => T): T {
    return this.guard(() => this.db.transaction(fn).immediate());
  }

  meta(key: string): string | undefined {
    return this.guard(() => text((this.sql("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined)?.value));
  }

  setMeta(key: string, value: string): void {
    this.guard(() => this.sql("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value));
  }

  // ---- runs

  lastCompletedRun(): StoredRun | undefined {
    const row = this.guard(() => this.sql("SELECT * FROM runs WHERE completed = 1 ORDER BY seq DESC LIMIT 1").get() as Row | undefined);
    return row ? runOf(row) : undefined;
  }

  run(id: string): StoredRun | undefined {
    const row = this.guard(() => this.sql("SELECT * FROM runs WHERE id = ?").get(id) as Row | undefined);
    return row ? runOf(row) : undefined;
  }

  runs(): StoredRun[] {
    return this.guard(() => (this.sql("SELECT * FROM runs ORDER BY seq").all() as Row[]).map(runOf));
  }

  insertRun(run: StoredRun): void {
    this.guard(() =>
      this
        .sql(
          `INSERT INTO runs (id, started_at, finished_at, now, window_from, window_to, baseline_from, mode, completed, data_complete, users, tickets, graph_requests, note)
           VALUES (@id, @startedAt, @finishedAt, @now, @windowFrom, @windowTo, @baselineFrom, @mode, @completed, @dataComplete, @users, @tickets, @graphRequests, @note)`,
        )
        .run({
          id: run.id,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt ?? null,
          now: run.now ?? null,
          windowFrom: run.window?.from ?? null,
          windowTo: run.window?.to ?? null,
          baselineFrom: run.window?.baselineFrom ?? null,
          mode: run.mode,
          completed: run.completed ? 1 : 0,
          dataComplete: run.dataComplete === undefined ? null : run.dataComplete ? 1 : 0,
          users: run.users ?? null,
          tickets: run.tickets ?? null,
          graphRequests: run.graphRequests ?? null,
          note: run.note ?? null,
        }),
    );
  }

  // ---- baselines

  baseline<K extends BaselineKind>(userId: string, kind: K): StoredBaseline<K> | undefined {
    const row = this.guard(() => this.sql("SELECT * FROM baselines WHERE user_id = ? AND kind = ?").get(userId, kind) as Row | undefined);
    if (!row) return undefined;
    return {
      userId,
      userPrincipalName: String(row.user_principal_name),
      baseline: this.json(row.baseline, `baseline ${kind} of user ${userId}`),
      through: String(row.through),
      recentFrom: String(row.recent_from),
      recentIds: this.json(row.recent_ids, `recent ids ${kind} of user ${userId}`),
    };
  }

  putBaseline(kind: BaselineKind, stored: StoredBaseline, runId: string): void {
    this.guard(() =>
      this
        .sql(
          `INSERT INTO baselines (user_id, kind, user_principal_name, baseline, through, recent_from, recent_ids, updated_run)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (user_id, kind) DO UPDATE SET user_principal_name = excluded.user_principal_name, baseline = excluded.baseline,
             through = excluded.through, recent_from = excluded.recent_from, recent_ids = excluded.recent_ids, updated_run = excluded.updated_run`,
        )
        .run(stored.userId, kind, stored.userPrincipalName, JSON.stringify(stored.baseline), stored.through, stored.recentFrom, JSON.stringify(stored.recentIds), runId),
    );
  }

  // ---- incidents

  openIncidents(): StoredIncident[] {
    const rows = this.guard(() => this.sql("SELECT * FROM incidents WHERE status = 'open' ORDER BY ticket_key").all() as Row[]);
    return rows.map((row) => this.incidentOf(row));
  }

  incident(ticketKey: string): StoredIncident | undefined {
    const row = this.guard(() => this.sql("SELECT * FROM incidents WHERE ticket_key = ?").get(ticketKey) as Row | undefined);
    return row ? this.incidentOf(row) : undefined;
  }

  /** Inserts or updates an incident; acknowledgement columns are left alone (see setAck/clearAck). */
  putIncident(incident: Omit<StoredIncident, "ack" | "ruleIds">): void {
    this.guard(() =>
      this
        .sql(
          `INSERT INTO incidents (ticket_key, user_id, user_principal_name, status, peak_level, last_level, first_seen, last_seen, active_at, opened_run, updated_run, resolved_at)
           VALUES (@ticketKey, @userId, @userPrincipalName, @status, @peakLevel, @lastLevel, @firstSeen, @lastSeen, @activeAt, @openedRun, @updatedRun, @resolvedAt)
           ON CONFLICT (ticket_key) DO UPDATE SET user_principal_name = excluded.user_principal_name, status = excluded.status,
             peak_level = excluded.peak_level, last_level = excluded.last_level, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
             active_at = excluded.active_at, opened_run = excluded.opened_run, updated_run = excluded.updated_run, resolved_at = excluded.resolved_at`,
        )
        .run({ ...incident, resolvedAt: incident.resolvedAt ?? null }),
    );
  }

  setAck(ticketKey: string, ack: StoredAck): void {
    this.guard(() =>
      this.sql("UPDATE incidents SET ack_reason = ?, ack_until = ?, acked_at = ?, ack_rule_ids = ? WHERE ticket_key = ?")
        .run(ack.reason, ack.until ?? null, ack.at, JSON.stringify(ack.ruleIds), ticketKey),
    );
  }

  /**
   * Clears the acknowledgement a run saw (`seenAt`); one recorded meanwhile (another `acked_at`)
   * stays. Without `seenAt`, clears whatever is there.
   */
  clearAck(ticketKey: string, seenAt?: string): void {
    const clear = "UPDATE incidents SET ack_reason = NULL, ack_until = NULL, acked_at = NULL, ack_rule_ids = NULL WHERE ticket_key = ?";
    this.guard(() => (seenAt === undefined ? this.sql(clear).run(ticketKey) : this.sql(`${clear} AND acked_at = ?`).run(ticketKey, seenAt)));
  }

  recordFinding(entry: FindingHistoryEntry, runId: string): void {
    this.guard(() =>
      this
        .sql(
          `INSERT INTO finding_history (ticket_key, rule_id, evidence_key, severity, first_seen, last_seen, last_run)
           VALUES (@ticketKey, @ruleId, @evidenceKey, @severity, @firstSeen, @lastSeen, @runId)
           ON CONFLICT (ticket_key, rule_id, evidence_key) DO UPDATE SET
             severity = CASE WHEN ${SEVERITY_RANK_SQL("excluded.severity")} > ${SEVERITY_RANK_SQL("finding_history.severity")} THEN excluded.severity ELSE finding_history.severity END,
             first_seen = min(finding_history.first_seen, excluded.first_seen),
             last_seen = max(finding_history.last_seen, excluded.last_seen),
             last_run = excluded.last_run`,
        )
        .run({ ...entry, runId }),
    );
  }

  findingHistory(ticketKey: string): FindingHistoryEntry[] {
    const rows = this.guard(() => this.sql("SELECT * FROM finding_history WHERE ticket_key = ? ORDER BY rule_id, evidence_key").all(ticketKey) as Row[]);
    return rows.map((row) => ({
      ticketKey,
      ruleId: String(row.rule_id),
      evidenceKey: String(row.evidence_key),
      severity: String(row.severity),
      firstSeen: String(row.first_seen),
      lastSeen: String(row.last_seen),
    }));
  }

  // ---- locks (callers hold a transaction around read-then-write)

  lock(name: string): StoredLock | undefined {
    const row = this.guard(() => this.sql("SELECT * FROM locks WHERE name = ?").get(name) as Row | undefined);
    if (!row) return undefined;
    return {
      token: String(row.token),
      runId: String(row.run_id),
      pid: Number(row.pid),
      host: String(row.host),
      startedAt: String(row.started_at),
      heartbeatAt: String(row.heartbeat_at),
    };
  }

  putLock(name: string, lock: StoredLock): void {
    this.guard(() =>
      this
        .sql(
          `INSERT INTO locks (name, token, run_id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET token = excluded.token, run_id = excluded.run_id, pid = excluded.pid, host = excluded.host,
             started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
        )
        .run(name, lock.token, lock.runId, lock.pid, lock.host, lock.startedAt, lock.heartbeatAt),
    );
  }

  /** True when the lock was still ours to touch. */
  heartbeat(name: string, token: string, at: string): boolean {
    return this.guard(() => this.sql("UPDATE locks SET heartbeat_at = ? WHERE name = ? AND token = ?").run(at, name, token).changes === 1);
  }

  deleteLock(name: string, token: string): void {
    this.guard(() => this.sql("DELETE FROM locks WHERE name = ? AND token = ?").run(name, token));
  }

  private incidentOf(row: Row): StoredIncident {
    const ticketKey = String(row.ticket_key);
    const ruleIds = this.guard(() => (this.sql("SELECT DISTINCT rule_id FROM finding_history WHERE ticket_key = ? ORDER BY rule_id").all(ticketKey) as Row[]).map((r) => String(r.rule_id)));
    const ackedAt = text(row.acked_at);
    const incident: StoredIncident = {
      ticketKey,
      userId: String(row.user_id),
      userPrincipalName: String(row.user_principal_name),
      status: row.status === "resolved" ? "resolved" : "open",
      peakLevel: String(row.peak_level) as RiskLevel,
      lastLevel: String(row.last_level) as RiskLevel,
      firstSeen: String(row.first_seen),
      lastSeen: String(row.last_seen),
      activeAt: String(row.active_at),
      openedRun: String(row.opened_run),
      updatedRun: String(row.updated_run),
      ruleIds,
    };
    const resolvedAt = text(row.resolved_at);
    if (resolvedAt) incident.resolvedAt = resolvedAt;
    if (ackedAt) {
      const until = text(row.ack_until);
      incident.ack = {
        reason: String(row.ack_reason ?? ""),
        at: ackedAt,
        ruleIds: this.json(row.ack_rule_ids ?? "[]", `acknowledged rules of incident ${ticketKey}`),
        ...(until ? { until } : {}),
      };
    }
    return incident;
  }

  private json<T>(value: unknown, what: string): T {
    try {
      return JSON.parse(String(value)) as T;
    } catch {
      throw new RuntimeError(`state file ${this.file}: the stored ${what} is not valid JSON (the file was edited or damaged). ${MOVE_ASIDE}`, "STATE_CORRUPT");
    }
  }

  /** SQLite failures after opening name the file; corruption says what to do about it. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof Database.SqliteError) {
        if (error.code === "SQLITE_CORRUPT" || error.code === "SQLITE_NOTADB") {
          throw new RuntimeError(`state file ${this.file} is damaged (${error.message}). ${MOVE_ASIDE}`, "STATE_CORRUPT");
        }
        if (error.code === "SQLITE_BUSY") {
          throw new RuntimeError(`state file ${this.file} stayed busy for ${BUSY_TIMEOUT_MS / 1000} s (another phishtrail process is writing it); try again.`, "STATE_BUSY");
        }
        throw new RuntimeError(`state file ${this.file}: ${error.message}`, "STATE_IO");
      }
      throw error;
    }
  }
}

const SEVERITY_RANK_SQL = (column: string) =>
  `(CASE ${column} WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)`;

function runOf(row: Row): StoredRun {
  const from = text(row.window_from);
  const to = text(row.window_to);
  const baselineFrom = text(row.baseline_from);
  const run: StoredRun = {
    id: String(row.id),
    startedAt: String(row.started_at),
    mode: row.mode === "since-last-run" || row.mode === "unknown" ? row.mode : "full",
    completed: row.completed === 1,
  };
  const optional = {
    finishedAt: text(row.finished_at),
    now: text(row.now),
    window: from && to ? { from, to, baselineFrom: baselineFrom ?? from } : undefined,
    dataComplete: row.data_complete === null || row.data_complete === undefined ? undefined : row.data_complete === 1,
    users: typeof row.users === "number" ? row.users : undefined,
    tickets: typeof row.tickets === "number" ? row.tickets : undefined,
    graphRequests: typeof row.graph_requests === "number" ? row.graph_requests : undefined,
    note: text(row.note),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(run, { [key]: value });
  return run;
}

/**
 * Checks the file is a phishtrail state this build can read, or initialises an empty database.
 * Rollback journal (not WAL): one file to copy or mount, and safe on network shares where WAL's
 * shared memory is not.
 */
function prepare(db: Database.Database, file: string): void {
  try {
    db.pragma("journal_mode = DELETE");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new InputError(`state file ${file} is damaged (SQLite quick_check: ${String(check)}). ${MOVE_ASIDE}`, "STATE_CORRUPT");
    const applicationId = Number(db.pragma("application_id", { simple: true }));
    const version = Number(db.pragma("user_version", { simple: true }));
    if (applicationId === 0 && version === 0) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
      if (tables.n > 0) throw new InputError(`state file ${file} is a SQLite database of another program (no phishtrail state marker). ${MOVE_ASIDE}`, "STATE_INVALID");
      db.transaction(() => {
        db.exec(STATE_SCHEMA);
        db.pragma(`application_id = ${STATE_APPLICATION_ID}`);
        db.pragma(`user_version = ${STATE_SCHEMA_VERSION}`);
      }).immediate();
      return;
    }
    if (applicationId !== STATE_APPLICATION_ID) {
      throw new InputError(`state file ${file} is a SQLite database of another program (application_id ${applicationId}). ${MOVE_ASIDE}`, "STATE_INVALID");
    }
    if (version !== STATE_SCHEMA_VERSION) {
      const newer = version > STATE_SCHEMA_VERSION;
      throw new InputError(
        `state file ${file} has state schema ${version}; this phishtrail reads schema ${STATE_SCHEMA_VERSION}` +
          (newer ? " (it was written by a newer phishtrail: upgrade phishtrail)." : ` (unknown version). ${MOVE_ASIDE}`),
        "STATE_SCHEMA",
      );
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof Database.SqliteError && (error.code === "SQLITE_NOTADB" || error.code === "SQLITE_CORRUPT")) {
      throw new InputError(`state file ${file} is not a readable SQLite database (damaged, or another kind of file). ${MOVE_ASIDE}`, "STATE_CORRUPT");
    }
    throw new InputError(`state file ${file}: ${messageOf(error)}`, "STATE_INVALID");
  }
}
