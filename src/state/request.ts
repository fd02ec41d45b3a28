import { join } from "node:path";
import type { Config } from "../config/schema.js";
import type { NightlyRequest } from "./nightly.js";

/** The `--since` value that starts the window where the last committed run ended. */
export const SINCE_LAST_RUN = "last-run";
/** The first run on an empty state needs a window of its own when the configured one is "last-run" too. */
const FIRST_RUN_SINCE = "7d";

/** `<scan.outputDir>/phishtrail-state.sqlite`: where `--since last-run` keeps state without --state. */
export function defaultStatePath(config: Config): string {
  return join(config.scan.outputDir, "phishtrail-state.sqlite");
}

export interface WindowChoice {
  /** Set when the run uses a state file (--state, config state.path, or --since last-run). */
  nightly?: NightlyRequest;
  /** The window start for a full run: --since, config scan.since, or the first run's default. */
  since: string;
  /** Where `since` came from, for error messages. */
  sinceSource: string;
}

/** Reads --state / --since / config into the state to use and the full-run window start. */
export function chooseWindow(flags: { state?: string; since?: string }, config: Config): WindowChoice {
  const requested = flags.since ?? config.scan.since;
  const sinceLastRun = requested === SINCE_LAST_RUN;
  let since = requested;
  let sinceSource = flags.since !== undefined ? "--since" : "config scan.since";
  if (sinceLastRun) {
    const configured = config.scan.since !== SINCE_LAST_RUN;
    since = configured ? config.scan.since : FIRST_RUN_SINCE;
    sinceSource = configured ? "config scan.since" : `the first run's default (${FIRST_RUN_SINCE})`;
  }
  const statePath = flags.state ?? (config.state.path || (sinceLastRun ? defaultStatePath(config) : ""));
  if (!statePath) return { since, sinceSource };
  return {
    since,
    sinceSource,
    nightly: { statePath, sinceLastRun, overlapMinutes: config.state.overlapMinutes, ticketThreshold: config.scoring.ticketThreshold },
  };
}
