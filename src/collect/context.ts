import type { Config } from "../config/schema.js";
import type { GraphGateway } from "../graph/gateway.js";
import type { SnapshotLicenses } from "../snapshot/types.js";
import type { InvestigationWindow } from "./evidence.js";
import type { EvidenceSink } from "./evidence-sink.js";

/** What every collector works with during one run. */
export interface CollectContext {
  gateway: GraphGateway;
  window: InvestigationWindow;
  config: Config;
  evidence: EvidenceSink;
  /** Licences seen in answers (a licence refusal sets the flag false). */
  licenses: SnapshotLicenses;
  warnings: string[];
  progress(phase: string, done: number, total: number): void;
}

/** Window bounds as epoch ms, for splitting streamed items into window and history. */
interface WindowMs {
  from: number;
  to: number;
  baselineFrom: number;
}

export function windowMs(window: InvestigationWindow): WindowMs {
  return { from: Date.parse(window.from), to: Date.parse(window.to), baselineFrom: Date.parse(window.baselineFrom) };
}

/** Orders evidence oldest first, ties by id, so replays produce identical lists. */
export function byTime<T extends { ms: number; id: string }>(a: T, b: T): number {
  return a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
