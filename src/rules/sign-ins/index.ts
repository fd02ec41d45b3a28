import type { AnyRule } from "../types.js";
import { aitmSessionReplay } from "./aitm-session-replay.js";
import { bruteForceTargeted } from "./brute-force-targeted.js";
import { deviceCodeSignIn } from "./device-code-sign-in.js";
import { entraRiskDecisive } from "./entra-risk-decisive.js";
import { entraRiskDetection } from "./entra-risk-detection.js";
import { firstPartyToolAbuse } from "./first-party-tool-abuse.js";
import { impossibleTravel } from "./impossible-travel.js";
import { legacyAuthSignIn } from "./legacy-auth-sign-in.js";
import { mfaFatigue } from "./mfa-fatigue.js";
import { passwordSprayIpSuccess } from "./password-spray-ip-success.js";
import { riskySignInSuccess } from "./risky-sign-in-success.js";
import { signInFailuresThenSuccess } from "./sign-in-failures-then-success.js";
import { signInUnfamiliarLocation } from "./sign-in-unfamiliar-location.js";
import { signInUnusualDevice } from "./sign-in-unusual-device.js";

/** Sign-in rules, sorted by id (an explicit list: no file-system scanning). */
export const signInRules: AnyRule[] = [
  aitmSessionReplay,
  bruteForceTargeted,
  deviceCodeSignIn,
  entraRiskDecisive,
  entraRiskDetection,
  firstPartyToolAbuse,
  impossibleTravel,
  legacyAuthSignIn,
  mfaFatigue,
  passwordSprayIpSuccess,
  riskySignInSuccess,
  signInFailuresThenSuccess,
  signInUnfamiliarLocation,
  signInUnusualDevice,
];
