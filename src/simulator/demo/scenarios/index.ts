/** Every labelled attack the demo tenant contains, each on its own victim. */
import { adminConfirmedCompromise } from "./admin-confirmed-compromise.js";
import { aitmSessionTheft } from "./aitm-session-theft.js";
import { deviceCodePhishing } from "./device-code-phishing.js";
import { externalForwardAndDelete } from "./external-forward.js";
import { illicitConsent } from "./illicit-consent.js";
import { impossibleTravel } from "./impossible-travel.js";
import type { Scenario } from "./kit.js";
import { legacyAuthAbroad } from "./legacy-auth-abroad.js";
import { mailboxDelegation } from "./mailbox-delegation.js";
import { mfaFatigue } from "./mfa-fatigue.js";
import { passwordSpraySuccessMfaAdded } from "./password-spray.js";

export const SCENARIOS: readonly Scenario[] = [
  aitmSessionTheft,
  passwordSpraySuccessMfaAdded,
  illicitConsent,
  externalForwardAndDelete,
  mfaFatigue,
  legacyAuthAbroad,
  mailboxDelegation,
  impossibleTravel,
  deviceCodePhishing,
  adminConfirmedCompromise,
];

export type { Scenario } from "./kit.js";
