/**
 * The nightly state file: one SQLite database per tenant. `application_id` marks it as ours and
 * `user_version` carries the schema version, so a stray database or a file written by a newer
 * phishtrail is refused with a sentence instead of being misread.
 */

/** "PTST" as a 32-bit integer (SQLite's PRAGMA application_id). */
export const STATE_APPLICATION_ID = 0x50545354;
export const STATE_SCHEMA_VERSION = 1;

export const STATE_SCHEMA = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per scan that took the lock. completed = 1 only for runs whose results were committed;
-- "--since last-run" starts from the newest of those.
CREATE TABLE runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  now TEXT,
  window_from TEXT,
  window_to TEXT,
  baseline_from TEXT,
  mode TEXT NOT NULL,
  completed INTEGER NOT NULL,
  data_complete INTEGER,
  users INTEGER,
  tickets INTEGER,
  graph_requests INTEGER,
  note TEXT
);

-- Per user and source (signIns, sentItems): the condensed history (SignInBaseline / MailBaseline
-- JSON), the time up to which window events are folded in (or held out), and the ids handled in
-- the overlap just before it, so a re-read overlap is never counted twice.
CREATE TABLE baselines (
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('signIns', 'sentItems')),
  user_principal_name TEXT NOT NULL,
  baseline TEXT NOT NULL,
  through TEXT NOT NULL,
  recent_from TEXT NOT NULL,
  recent_ids TEXT NOT NULL,
  updated_run TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- active_at: the last run (its "now") in which the incident was at the ticket threshold or had
-- acknowledged findings; an incident quiet for long enough resolves.
CREATE TABLE incidents (
  ticket_key TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  user_principal_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  peak_level TEXT NOT NULL,
  last_level TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  active_at TEXT NOT NULL,
  opened_run TEXT NOT NULL,
  updated_run TEXT NOT NULL,
  resolved_at TEXT,
  ack_reason TEXT,
  ack_until TEXT,
  acked_at TEXT,
  ack_rule_ids TEXT
);
CREATE UNIQUE INDEX incidents_one_open_per_user ON incidents (user_id) WHERE status = 'open';

-- What each incident has shown so far: rule ids and evidence keys ("signIns:<id>"), with the
-- strongest severity and the first/last time seen.
CREATE TABLE finding_history (
  ticket_key TEXT NOT NULL REFERENCES incidents (ticket_key),
  rule_id TEXT NOT NULL,
  evidence_key TEXT NOT NULL,
  severity TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  last_run TEXT NOT NULL,
  PRIMARY KEY (ticket_key, rule_id, evidence_key)
);

-- At most one scan at a time: the holder's pid, host and heartbeat decide whether it is stale.
CREATE TABLE locks (
  name TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  run_id TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
`;
