import type { GraphRequest } from "../../graph/request.js";
import type { ConditionalAccessPolicy } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { enumValue, path, str, strings } from "../fields.js";

const STATES = ["enabled", "disabled", "enabledForReportingButNotEnforced"];

export function normaliseConditionalAccessPolicy(raw: GraphObject): ConditionalAccessPolicy | undefined {
  const id = str(raw.id);
  if (!id) return undefined;
  return {
    id,
    displayName: str(raw.displayName) ?? id,
    state: enumValue(raw.state, STATES) ?? "disabled",
    userRiskLevels: strings(path(raw, "conditions", "userRiskLevels")).map((l) => l.toLowerCase()),
    signInRiskLevels: strings(path(raw, "conditions", "signInRiskLevels")).map((l) => l.toLowerCase()),
    grantControls: strings(path(raw, "grantControls", "builtInControls")),
    includeUsers: strings(path(raw, "conditions", "users", "includeUsers")),
  };
}

export function conditionalAccessRequest(): GraphRequest {
  return { path: "/identity/conditionalAccess/policies" };
}
