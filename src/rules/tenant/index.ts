import type { AnyRule } from "../types.js";
import { userRiskPolicyMissing } from "./user-risk-policy-missing.js";

/** Sorted by id. */
export const tenantRules: readonly AnyRule[] = [userRiskPolicyMissing];
