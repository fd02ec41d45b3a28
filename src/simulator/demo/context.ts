/** What every generator step shares: resolved options, the clock, the tenant and the output. */
import { Rng } from "./random.js";
import type { Collections, DemoUser, TenantInfo } from "./model.js";

export interface ResolvedOptions {
  users: number;
  seed: number;
  nowMs: number;
  historyDays: number;
  signInsPerUserPerDay: number;
  sentItemsPerUserPerDay: number;
  userRiskPolicy: boolean;
}

export interface DemoContext {
  options: ResolvedOptions;
  nowMs: number;
  /** First instant of generated history. */
  historyStartMs: number;
  tenant: TenantInfo;
  users: DemoUser[];
  out: Collections;
}

/** An independent random stream for one purpose, fixed by the seed. */
export function rngFor(ctx: { options: ResolvedOptions }, ...labels: (string | number)[]): Rng {
  return Rng.derive(ctx.options.seed, ...labels);
}
