/**
 * Picks, with the seed, who each scenario happens to (one plain user each), who the password spray
 * fails against, and when each scenario starts inside the last day.
 */
import { InputError } from "../../lib/errors.js";
import { rngFor, type DemoContext } from "./context.js";
import type { DemoUser } from "./model.js";
import { SCENARIOS, type Scenario } from "./scenarios/index.js";
import type { SharedFacts } from "./scenarios/kit.js";
import { HOUR, MINUTE } from "./time.js";

export const FORWARD_ADDRESS = "ap.remittance.desk@proton-mailbox.example";
/** Accounts the spray fails against: above both the 5-user (Sentinel) and 15-user (Elastic) thresholds. */
const SPRAY_FAILURES = 17;

export interface CastMember {
  scenario: Scenario;
  victim: DemoUser;
  startMs: number;
}

export function castScenarios(ctx: DemoContext, plainPool: DemoUser[]): { cast: CastMember[]; shared: SharedFacts } {
  if (plainPool.length < SCENARIOS.length) {
    throw new InputError(`The demo tenant needs at least ${SCENARIOS.length} ordinary users for its scenarios but ${ctx.options.users} users give only ${plainPool.length}: ask for more users (e.g. --demo-users 60).`, "DEMO_TOO_SMALL");
  }
  const rng = rngFor(ctx, "cast");
  const cast = SCENARIOS.map((scenario, i) => {
    const victim = plainPool[i];
    victim.scenario = scenario.name;
    scenario.prepare?.(victim);
    const startMs = Math.round(ctx.nowMs - scenario.hoursBeforeNow * HOUR + rng.int(0, 40) * MINUTE + rng.int(0, 59) * 1000);
    return { scenario, victim, startMs };
  });
  const delegate = ctx.users.find((u) => u.role === "service")!;
  const candidates = ctx.users.filter((u) => (u.role === "staff" || u.role === "admin") && !u.scenario && u.disabledMs === undefined && !u.newStarter);
  if (candidates.length < SPRAY_FAILURES) {
    throw new InputError(`The demo tenant needs at least ${SPRAY_FAILURES} bystanders for the password spray but has ${candidates.length}: ask for more users.`, "DEMO_TOO_SMALL");
  }
  // sprays walk the address book, so the failures come in name order
  const sprayTargets = rng.sample(candidates, SPRAY_FAILURES).sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName));
  return { cast, shared: { forwardAddress: FORWARD_ADDRESS, delegate, sprayTargets } };
}
