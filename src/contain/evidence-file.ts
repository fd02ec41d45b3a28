import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../lib/atomic-write.js";
import type { ContainPlan } from "./plan.js";
import { callText } from "./render-plan.js";

/** evidence-before.json, or -2, -3... when an earlier run wrote into the same folder: evidence is never overwritten. */
function freeName(dir: string): string {
  let path = join(dir, "evidence-before.json");
  for (let n = 2; existsSync(path); n++) path = join(dir, `evidence-before-${n}.json`);
  return path;
}

/**
 * Saves, before any change, everything the plan will change or remove exactly as Graph returned
 * it: the user object, and each inbox rule and authentication method to be deleted.
 */
export function writeEvidenceBefore(dir: string, plan: ContainPlan, capturedAt: string, toolVersion: string): string {
  const path = freeName(dir);
  const evidence = {
    capturedAt,
    tool: { name: "phishtrail", version: toolVersion },
    user: plan.user,
    inboxRules: plan.steps.filter((s) => s.evidence?.kind === "inboxRule").map((s) => s.evidence!.object),
    authenticationMethods: plan.steps.filter((s) => s.evidence?.kind === "authenticationMethod").map((s) => s.evidence!.object),
    plan: plan.steps.map((s) => ({ action: s.kind, target: s.target, call: callText(s), permission: s.requirement.permission, prediction: s.prediction.state, reason: s.prediction.reason })),
  };
  writeFileAtomic(path, `${JSON.stringify(evidence, null, 2)}\n`);
  return path;
}
