import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { RuntimeError } from "../lib/errors.js";
import type { StateStore } from "./store.js";
import type { StoredLock } from "./types.js";

const SCAN_LOCK = "scan";
/** The holder refreshes its heartbeat this often while it runs. */
export const HEARTBEAT_MS = 30_000;
/**
 * A lock whose heartbeat is older than this is stale whoever holds it: the only test that works
 * across hosts (a container job gets a new host name on every execution).
 */
export const STALE_AFTER_MS = 10 * 60_000;

export interface LockHolder {
  pid: number;
  host: string;
  /** Whether a process with this pid runs on this host. */
  isAlive(pid: number): boolean;
  now(): Date;
}

export const thisProcess: LockHolder = {
  pid: process.pid,
  host: hostname(),
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but belongs to another user.
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  },
  now: () => new Date(),
};

export interface ScanLock {
  readonly token: string;
  readonly runId: string;
  /** The lock this one replaced because its holder had died (its run did not finish). */
  readonly replaced?: StoredLock;
  /** Stops the heartbeat and deletes the lock row (inside the caller's transaction, if any). */
  release(): void;
  /** Stops the heartbeat only (the row stays; it goes stale). */
  stopHeartbeat(): void;
  /** Whether the row is still this lock (not taken over after a silence); check inside the commit transaction. */
  held(): boolean;
}

function isStale(lock: StoredLock, holder: LockHolder): boolean {
  if (lock.host === holder.host && !holder.isAlive(lock.pid)) return true;
  return holder.now().getTime() - Date.parse(lock.heartbeatAt) > STALE_AFTER_MS;
}

/**
 * Takes the state's scan lock inside a BEGIN IMMEDIATE transaction (so two processes cannot both
 * see it free), or refuses with a sentence naming the holder. A stale lock is taken over and
 * returned as `replaced`, so the caller can record the dead run as unfinished.
 */
export function acquireScanLock(store: StateStore, runId: string, holder: LockHolder = thisProcess): ScanLock {
  const token = randomUUID();
  const replaced = store.transaction(() => {
    const current = store.lock(SCAN_LOCK);
    if (current && !isStale(current, holder)) {
      throw new RuntimeError(
        `state file ${store.file} is in use by another scan (pid ${current.pid} on ${current.host}, started ${current.startedAt}, ` +
          `last heartbeat ${current.heartbeatAt}). Two scans on one state would double-count baselines and tickets: ` +
          `wait for it to finish (a lock without a heartbeat for ${STALE_AFTER_MS / 60_000} minutes is taken over).`,
        "STATE_LOCKED",
      );
    }
    const at = holder.now().toISOString();
    store.putLock(SCAN_LOCK, { token, runId, pid: holder.pid, host: holder.host, startedAt: at, heartbeatAt: at });
    return current;
  });
  const timer = setInterval(() => {
    // A missed heartbeat only matters after STALE_AFTER_MS; the next tick retries.
    try {
      store.heartbeat(SCAN_LOCK, token, holder.now().toISOString());
    } catch {
      /* retried on the next tick */
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    token,
    runId,
    ...(replaced ? { replaced } : {}),
    release() {
      clearInterval(timer);
      store.deleteLock(SCAN_LOCK, token);
    },
    stopHeartbeat() {
      clearInterval(timer);
    },
    held() {
      return store.lock(SCAN_LOCK)?.token === token;
    },
  };
}
