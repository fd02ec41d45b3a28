import { collect, type CollectionResult } from "../../src/collect/collect.js";
import type { RequestLogEntry } from "../../src/simulator/server.js";
import { demoTenant, graphCalls, startHarness } from "../graph/harness.js";

/** A 1,000-user demo tenant with a short, thin history, so the scan itself is what is measured. */
export const SCALE_TENANT = { users: 1000, historyDays: 2, signInsPerUserPerDay: 2, sentItemsPerUserPerDay: 1 };

export interface ScaleRun {
  result: CollectionResult;
  /** Graph requests the simulator received (a $batch is one). */
  calls: RequestLogEntry[];
  throttled: number;
  unhandled: number;
}

/** A tenant-wide (`--all`) scan of the scale tenant with the given strategy. */
export async function scanScaleTenant(strategy: "bulk" | "per-user"): Promise<ScaleRun> {
  const { snapshot } = demoTenant(SCALE_TENANT);
  const h = await startHarness({ snapshot, timeScale: 0.0002, windowDays: 1, baselineDays: 1, config: { graph: { concurrency: 32 }, scan: { concurrency: 32 } } });
  try {
    const result = await collect(h.gateway, { targets: { mode: "all" }, window: h.window, strategy, config: h.config });
    return { result, calls: graphCalls(h.sim), throttled: h.sim.requests.filter((r) => r.throttled).length, unhandled: h.sim.unhandled.length };
  } finally {
    await h.close();
  }
}
