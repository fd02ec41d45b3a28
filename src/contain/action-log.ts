import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { PRIVATE_FILE_MODE } from "../lib/atomic-write.js";
import { redact } from "../lib/log.js";

export const ACTION_LOG_NAME = "actions.jsonl";

/** One line of actions.jsonl. `event: "action"` lines are what containment history reads. */
export type ActionLogEvent =
  | { time: string; event: "start"; tool: { name: "phishtrail"; version: string }; user: LoggedUser; confirmedBy: "typed-upn" | "--yes"; evidence: string; planned: { action: string; target?: string; prediction: string }[] }
  | {
      time: string;
      event: "action";
      user: LoggedUser;
      action: string;
      target?: string;
      result: "done" | "already-done" | "failed";
      request?: string;
      status?: number;
      code?: string;
      permission?: string;
      detail: string;
    }
  | { time: string; event: "finish"; user: LoggedUser; done: number; alreadyDone: number; failed: number; after?: Record<string, unknown> };

export interface LoggedUser {
  id: string;
  userPrincipalName: string;
}

/**
 * The append-only audit trail: opened for append (never truncated, never rewritten), one JSON
 * object per line, each line flushed to disk before the next action starts, so a crash loses at
 * most the line being written and a reader can skip a torn last line.
 */
export class ActionLog {
  readonly #fd: number;
  readonly path: string;

  private constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  static open(path: string): ActionLog {
    return new ActionLog(path, openSync(path, "a", PRIVATE_FILE_MODE));
  }

  append(event: ActionLogEvent): void {
    // Redaction is a second fence: nothing secret is put into an event in the first place.
    writeSync(this.#fd, `${redact(JSON.stringify(event))}\n`);
    fsyncSync(this.#fd);
  }

  close(): void {
    closeSync(this.#fd);
  }
}
