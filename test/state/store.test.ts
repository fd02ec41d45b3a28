import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import Database from "better-sqlite3";
import { ExitCode, PhishtrailError } from "../../src/lib/errors.js";
import { acquireScanLock, STALE_AFTER_MS, type LockHolder } from "../../src/state/lock.js";
import { STATE_APPLICATION_ID } from "../../src/state/schema.js";
import { StateStore } from "../../src/state/store.js";
import { tempDir } from "./support.js";

function failsWith(fn: () => unknown, exitCode: number, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof PhishtrailError, `expected a PhishtrailError, got ${String(error)}`);
    assert.equal(error.exitCode, exitCode);
    assert.match(error.message, pattern);
    return true;
  });
}

test("an unreadable or foreign state file is bad input naming the file", (t) => {
  const tmp = tempDir("store");
  t.after(tmp.remove);
  const garbage = join(tmp.dir, "garbage.sqlite");
  writeFileSync(garbage, "this is not a database, just text that someone saved here ".repeat(100));
  failsWith(() => StateStore.open(garbage, { create: true }), ExitCode.badInput, new RegExp(`${garbage}.*not a readable SQLite database`));

  const foreign = join(tmp.dir, "foreign.sqlite");
  const db = new Database(foreign);
  db.exec("CREATE TABLE notes (text TEXT)");
  db.close();
  failsWith(() => StateStore.open(foreign, { create: true }), ExitCode.badInput, /SQLite database of another program/);

  const newer = join(tmp.dir, "newer.sqlite");
  const future = new Database(newer);
  future.exec("CREATE TABLE meta (key TEXT)");
  future.pragma(`application_id = ${STATE_APPLICATION_ID}`);
  future.pragma("user_version = 99");
  future.close();
  failsWith(() => StateStore.open(newer, { create: true }), ExitCode.badInput, /state schema 99; this phishtrail reads schema 1 .*newer phishtrail/);

  failsWith(() => StateStore.open(join(tmp.dir, "missing.sqlite"), { create: false }), ExitCode.badInput, /missing\.sqlite: not found/);
  failsWith(() => StateStore.open(tmp.dir, { create: true }), ExitCode.badInput, /exists but is not a file/);
});

test("a damaged state file (valid header, garbage pages) is refused, not misread", (t) => {
  const tmp = tempDir("store");
  t.after(tmp.remove);
  const file = join(tmp.dir, "state.sqlite");
  const store = StateStore.open(file, { create: true });
  store.transaction(() => store.setMeta("tenantId", "t-1"));
  store.close();
  const reader = new Database(file, { readonly: true });
  const original = reader.serialize();
  reader.close();
  writeFileSync(file, Buffer.concat([original.subarray(0, 100), Buffer.alloc(original.length - 100, 0xa5)]));
  failsWith(() => StateStore.open(file, { create: true }), ExitCode.badInput, /state file .*(damaged|not a readable SQLite database)/);
});

test("a new state is created once and reopened as the same schema", (t) => {
  const tmp = tempDir("store");
  t.after(tmp.remove);
  const file = join(tmp.dir, "nested", "state.sqlite");
  const first = StateStore.open(file, { create: true });
  first.transaction(() => first.setMeta("tenantId", "tenant-a"));
  first.close();
  const again = StateStore.open(file, { create: false });
  assert.equal(again.meta("tenantId"), "tenant-a");
  assert.equal(again.lastCompletedRun(), undefined);
  again.close();
});

function holder(pid: number, host: string, now: Date, alive: (pid: number) => boolean = () => true): LockHolder {
  return { pid, host, now: () => now, isAlive: alive };
}

test("the scan lock refuses a second live holder and takes over a dead or silent one", (t) => {
  const tmp = tempDir("store");
  t.after(tmp.remove);
  const store = StateStore.open(join(tmp.dir, "state.sqlite"), { create: true });
  t.after(() => store.close());
  const now = new Date("2026-11-28T06:00:00Z");

  const first = acquireScanLock(store, "run-1", holder(111, "host-a", now));
  assert.throws(
    () => acquireScanLock(store, "run-2", holder(222, "host-a", now)),
    (error: unknown) => error instanceof PhishtrailError && error.exitCode === ExitCode.runtime && /in use by another scan \(pid 111 on host-a/.test(error.message),
  );
  // Same host, holder's pid gone: stale at once.
  const second = acquireScanLock(store, "run-2", holder(222, "host-a", now, (pid) => pid !== 111));
  assert.equal(second.replaced?.runId, "run-1");
  assert.deepEqual([first.held(), second.held()], [false, true], "the replaced holder must not commit");
  first.release(); // a late release of a replaced lock must not free the new holder's lock
  assert.throws(() => acquireScanLock(store, "run-3", holder(333, "host-b", now)), /in use by another scan \(pid 222/);
  // Another host cannot check the pid: only a heartbeat older than STALE_AFTER_MS frees it.
  const later = new Date(now.getTime() + STALE_AFTER_MS + 1000);
  const third = acquireScanLock(store, "run-3", holder(333, "host-b", later));
  assert.equal(third.replaced?.runId, "run-2");
  third.release();
  second.release();
  const fourth = acquireScanLock(store, "run-4", holder(444, "host-c", later));
  assert.equal(fourth.replaced, undefined);
  fourth.release();
});
