import type { AnyRule } from "../types.js";
import { defenderAlert } from "./defender-alert.js";

/** Sorted by id. */
export const alertRules: readonly AnyRule[] = [defenderAlert];
