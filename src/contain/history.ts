import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { UserProfile } from "../collect/evidence.js";
import type { ContainmentRecord } from "../report/types.js";
import { ACTION_LOG_NAME } from "./action-log.js";

/** output/<run>/actions.jsonl, and actions.jsonl directly in the root (a --out pointing at it). */
const MAX_DEPTH = 2;

function findActionLogs(dir: string, depth: number, found: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (stat.isFile() && name === ACTION_LOG_NAME) found.push(path);
    else if (stat.isDirectory() && depth < MAX_DEPTH) findActionLogs(path, depth + 1, found);
  }
}

function recordOf(line: string, user: { id: string; userPrincipalName: string }): ContainmentRecord | undefined {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(line) as Record<string, unknown>;
  } catch {
    // A torn last line from an interrupted run: everything before it is intact.
    return undefined;
  }
  if (!event || event.event !== "action" || typeof event.time !== "string" || typeof event.action !== "string") return undefined;
  const logged = event.user as { id?: unknown; userPrincipalName?: unknown } | undefined;
  const sameId = typeof logged?.id === "string" && logged.id.toLowerCase() === user.id.toLowerCase();
  const sameUpn = typeof logged?.userPrincipalName === "string" && logged.userPrincipalName.toLowerCase() === user.userPrincipalName.toLowerCase();
  if (!sameId && !sameUpn) return undefined;
  const result = event.result;
  if (result !== "done" && result !== "already-done" && result !== "failed") return undefined;
  return {
    time: event.time,
    action: event.action,
    target: typeof event.target === "string" ? event.target : undefined,
    result,
    detail: typeof event.detail === "string" ? event.detail : undefined,
  };
}

/** Every line of every action log (actions.jsonl) under the output root, read once. */
function readActionLogLines(outputRoot: string): string[] {
  if (!existsSync(outputRoot)) return [];
  const logs: string[] = [];
  findActionLogs(outputRoot, 0, logs);
  const lines: string[] = [];
  for (const log of logs) {
    try {
      for (const line of readFileSync(log, "utf8").split("\n")) if (line.trim() !== "") lines.push(line);
    } catch {
      continue;
    }
  }
  return lines;
}

function recordsFor(lines: readonly string[], user: { id: string; userPrincipalName: string }): ContainmentRecord[] {
  const records: ContainmentRecord[] = [];
  for (const line of lines) {
    const record = recordOf(line, user);
    if (record) records.push(record);
  }
  return records.sort((a, b) => a.time.localeCompare(b.time));
}

/**
 * Containment phishtrail performed on a user, read from every action log (actions.jsonl) under the
 * output root, oldest first. Tolerant: unreadable files and torn or foreign lines are skipped.
 */
export function readContainmentHistory(outputRoot: string, user: { id: string; userPrincipalName: string }): ContainmentRecord[] {
  return recordsFor(readActionLogLines(outputRoot), user);
}

/** The same for many users: the logs are read once (a tenant-wide scan asks for every user). */
export function containmentHistoryReader(outputRoot: string): (user: { id: string; userPrincipalName: string }) => ContainmentRecord[] {
  const lines = readActionLogLines(outputRoot);
  return (user) => (lines.length === 0 ? [] : recordsFor(lines, user));
}

function inside(time: string | undefined, window: { from: string; to: string }): time is string {
  if (!time) return false;
  const ms = Date.parse(time);
  return !Number.isNaN(ms) && ms >= Date.parse(window.from) && ms <= Date.parse(window.to);
}

/**
 * Containment visible in the user's Graph profile, whoever did it: sessions revoked and password
 * changed inside the window, and a disabled account (stamped at the window's end, when it was seen).
 */
export function containmentFromProfile(user: UserProfile, window: { from: string; to: string }): ContainmentRecord[] {
  const records: ContainmentRecord[] = [];
  if (inside(user.signInSessionsValidFromDateTime, window)) {
    records.push({ time: user.signInSessionsValidFromDateTime, action: "revoke-sessions", result: "done", detail: "sign-in sessions revoked (signInSessionsValidFromDateTime)" });
  }
  if (inside(user.lastPasswordChangeDateTime, window)) {
    records.push({ time: user.lastPasswordChangeDateTime, action: "reset-password", result: "done", detail: "password changed, by the user or an admin (lastPasswordChangeDateTime)" });
  }
  if (user.accountEnabled === false) {
    records.push({ time: window.to, action: "disable", result: "done", detail: "the account was disabled when the scan read it (accountEnabled: false)" });
  }
  return records.sort((a, b) => a.time.localeCompare(b.time));
}
