import type { AnyRule } from "../types.js";
import { oauthRiskyConsent } from "./oauth-risky-consent.js";

/** Sorted by id. */
export const appRules: readonly AnyRule[] = [oauthRiskyConsent];
