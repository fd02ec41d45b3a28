import { FailureCode, type GraphFailure } from "../graph/graph-errors.js";
import type { WriteRequirement } from "./actions.js";
import { printable } from "./describe.js";

const PERMISSION_CODES = new Set(["authorization_requestdenied", "erroraccessdenied", "accessdenied", "forbidden", "unauthorizedaccess"]);

export interface WriteFailure {
  code: string;
  /** The permission to grant, when Graph refused for lack of one. */
  permission?: string;
  /** A sentence naming what failed and the fix. */
  detail: string;
}

function grant(requirement: WriteRequirement): string {
  const also = requirement.alternatives.length ? ` (or ${requirement.alternatives.join(", ")})` : "";
  return `grant the application permission ${requirement.permission}${also} and admin consent`;
}

/**
 * A failed containment write as a sentence. A write whose answer never arrived may or may not have
 * happened: the sentence says so and that re-running is safe (every action is idempotent).
 */
export function describeWriteFailure(requirement: WriteRequirement, failure: GraphFailure): WriteFailure {
  const code = failure.code || `HTTP${failure.status}`;
  const lower = code.toLowerCase();
  const tries = failure.attempts > 1 ? ` after ${failure.attempts} attempts` : "";
  const graphSays = failure.message ? ` Graph said: ${printable(failure.message, 200)}` : "";
  if (failure.status === 403 || PERMISSION_CODES.has(lower)) {
    const note = requirement.note ? ` (${requirement.note})` : "";
    return { code, permission: requirement.permission, detail: `Graph refused ${requirement.label} (403 ${code}): ${grant(requirement)}${note}.` };
  }
  if (failure.status === 401) {
    return { code, detail: `Graph rejected the access token for ${requirement.label} (401 ${code}): check the app's credentials and tenant.` };
  }
  if (failure.status === 429 || lower === FailureCode.throttled.toLowerCase()) {
    return { code, detail: `Graph kept throttling ${requirement.label} (429)${tries}; re-run later (re-running is safe).` };
  }
  if (code === FailureCode.timeout || code === FailureCode.network || failure.status >= 500 || failure.status === 0) {
    return {
      code,
      detail: `No usable answer from Graph for ${requirement.label} (${failure.status || "no response"} ${code})${tries}: it may or may not have happened; re-run to check (re-running is safe).`,
    };
  }
  const note = requirement.note ? ` Note: ${requirement.note}.` : "";
  return { code, detail: `Graph refused ${requirement.label} (${failure.status} ${code}).${graphSays}${note}` };
}
