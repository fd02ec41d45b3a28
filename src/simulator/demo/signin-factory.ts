/**
 * Writes one signIn in Graph's JSON shape (v1.0 fields, then the beta extras). Everything that
 * repeats - status, conditional access results, location, device, risk - is a shared object, so
 * millions of sign-ins stay affordable; only the id and the timestamp are new per sign-in.
 */
import type { GraphObject } from "../../snapshot/types.js";
import type { SignInApp } from "./catalog/apps.js";
import type { DeviceCombo } from "./catalog/devices.js";
import type { Place, Isp } from "./catalog/places.js";
import type { DemoUser, TenantInfo } from "./model.js";
import type { Rng } from "./random.js";
import { isoSeconds } from "./time.js";

type Step = readonly [method: string, detail: string | null, succeeded: boolean, result: string, requirement: string];

export interface Outcome {
  status: GraphObject;
  conditionalAccessStatus: "success" | "failure" | "notApplied";
  appliedConditionalAccessPolicies: GraphObject[];
  authenticationRequirement: "singleFactorAuthentication" | "multiFactorAuthentication";
  /** Authentication steps of an interactive sign-in; non-interactive sign-ins carry none. */
  steps: readonly Step[];
}

export interface SignInRisk {
  riskDetail: string;
  riskLevelAggregated: string;
  riskLevelDuringSignIn: string;
  riskState: string;
  riskEventTypes: string[];
  riskEventTypes_v2: string[];
}

const NONE: string[] = [];
const NO_RISK: SignInRisk = {
  riskDetail: "none",
  riskLevelAggregated: "none",
  riskLevelDuringSignIn: "none",
  riskState: "none",
  riskEventTypes: NONE,
  riskEventTypes_v2: NONE,
};

/** The legacy v1.0 riskEventTypes enum; newer types serialise as unknownFutureValue there. */
const LEGACY_RISK_TYPES = new Set([
  "unlikelyTravel", "anonymizedIPAddress", "maliciousIPAddress", "unfamiliarFeatures", "malwareInfectedIPAddress",
  "suspiciousIPAddress", "leakedCredentials", "investigationsThreatIntelligence", "generic", "adminConfirmedUserCompromised",
  "mcasImpossibleTravel", "mcasSuspiciousInboxManipulationRules", "investigationsThreatIntelligenceSignInLinked",
]);

export function signInRisk(level: "none" | "low" | "medium" | "high", types: string[], aggregated: string = level, state = "atRisk", detail = "none"): SignInRisk {
  return {
    riskDetail: detail,
    riskLevelAggregated: aggregated,
    riskLevelDuringSignIn: level,
    riskState: state,
    riskEventTypes: types.map((t) => (LEGACY_RISK_TYPES.has(t) ? t : "unknownFutureValue")),
    riskEventTypes_v2: types,
  };
}

const SUCCESS_REASON = "Other.";
const PASSWORD_STEP: Step = ["Password", "Password in the cloud", true, "Correct password", "Primary authentication"];
const PUSH_OK: Step = ["Mobile app notification", null, true, "MFA successfully completed", "Multi-factor authentication"];
const CLAIM_FIRST: Step = ["Previously satisfied", null, true, "First factor requirement satisfied by claim in the token", "Primary authentication"];
const CLAIM_MFA: Step = ["Previously satisfied", null, true, "MFA requirement satisfied by claim in the token", "Multi-factor authentication"];

const MFA_DENIED_DETAIL = "MFA denied; user declined the authentication";
const MFA_COMPLETED_DETAIL = "MFA successfully completed";

export type OutcomeName =
  | "mfaClaim"
  | "mfaFresh"
  | "singleFactor"
  | "nonInteractiveMfa"
  | "nonInteractiveSingle"
  | "badPassword"
  | "mfaDenied"
  | "legacy"
  | "riskMfaFresh"
  | "mfaSms";

/** Every sign-in result the demo produces, with the conditional access results it implies. */
export function buildOutcomes(tenant: TenantInfo): Record<OutcomeName, Outcome> {
  const ca = (id: string, displayName: string, result: string, grant: string[] = NONE): GraphObject => ({
    id,
    displayName,
    enforcedGrantControls: grant,
    enforcedSessionControls: NONE,
    result,
  });
  const p = tenant.policies;
  const mfa = (result: string) => ca(p.requireMfa, "Require MFA for all users", result, result === "notApplied" ? NONE : ["Mfa"]);
  const legacy = (result: string) => ca(p.blockLegacy, "Block legacy authentication", result, result === "reportOnlyFailure" ? ["Block"] : NONE);
  const risk = (result: string) => ca(p.signInRisk, "Sign-in risk: require MFA for medium and high", result, result === "notApplied" ? NONE : ["Mfa"]);
  const policies = (...entries: GraphObject[]) => entries;
  const modernOk = policies(mfa("success"), legacy("reportOnlyNotApplied"), risk("notApplied"));
  const excludedOk = policies(mfa("notApplied"), legacy("reportOnlyNotApplied"), risk("notApplied"));
  const noneApplied = policies(mfa("notApplied"), legacy("notApplied"), risk("notApplied"));
  const status = (errorCode: number, failureReason: string, additionalDetails: string | null) => ({ errorCode, failureReason, additionalDetails });
  const ok = (additionalDetails: string | null) => status(0, SUCCESS_REASON, additionalDetails);
  return {
    mfaClaim: {
      status: ok("MFA requirement satisfied by claim in the token"),
      conditionalAccessStatus: "success",
      appliedConditionalAccessPolicies: modernOk,
      authenticationRequirement: "multiFactorAuthentication",
      steps: [CLAIM_FIRST, CLAIM_MFA],
    },
    mfaFresh: {
      status: ok(MFA_COMPLETED_DETAIL),
      conditionalAccessStatus: "success",
      appliedConditionalAccessPolicies: modernOk,
      authenticationRequirement: "multiFactorAuthentication",
      steps: [PASSWORD_STEP, PUSH_OK],
    },
    mfaSms: {
      status: ok(MFA_COMPLETED_DETAIL),
      conditionalAccessStatus: "success",
      appliedConditionalAccessPolicies: modernOk,
      authenticationRequirement: "multiFactorAuthentication",
      steps: [PASSWORD_STEP, ["Text message", null, true, MFA_COMPLETED_DETAIL, "Multi-factor authentication"]],
    },
    riskMfaFresh: {
      status: ok(MFA_COMPLETED_DETAIL),
      conditionalAccessStatus: "success",
      appliedConditionalAccessPolicies: policies(mfa("success"), legacy("reportOnlyNotApplied"), risk("success")),
      authenticationRequirement: "multiFactorAuthentication",
      steps: [PASSWORD_STEP, PUSH_OK],
    },
    singleFactor: {
      status: ok(null),
      conditionalAccessStatus: "notApplied",
      appliedConditionalAccessPolicies: excludedOk,
      authenticationRequirement: "singleFactorAuthentication",
      steps: [PASSWORD_STEP],
    },
    nonInteractiveMfa: {
      status: ok("MFA requirement satisfied by claim in the token"),
      conditionalAccessStatus: "success",
      appliedConditionalAccessPolicies: modernOk,
      authenticationRequirement: "multiFactorAuthentication",
      steps: [],
    },
    nonInteractiveSingle: {
      status: ok(null),
      conditionalAccessStatus: "notApplied",
      appliedConditionalAccessPolicies: excludedOk,
      authenticationRequirement: "singleFactorAuthentication",
      steps: [],
    },
    badPassword: {
      status: status(
        50126,
        "Error validating credentials due to invalid username or password.",
        "The user didn't enter the right credentials. It's expected to see some number of these errors in your logs due to users making mistakes.",
      ),
      conditionalAccessStatus: "notApplied",
      appliedConditionalAccessPolicies: noneApplied,
      authenticationRequirement: "singleFactorAuthentication",
      steps: [["Password", "Password in the cloud", false, "Invalid username or password or Invalid on-premise username or password.", "Primary authentication"]],
    },
    mfaDenied: {
      status: status(500121, "Authentication failed during strong authentication request.", MFA_DENIED_DETAIL),
      conditionalAccessStatus: "failure",
      appliedConditionalAccessPolicies: policies(mfa("failure"), legacy("reportOnlyNotApplied"), risk("notApplied")),
      authenticationRequirement: "multiFactorAuthentication",
      steps: [PASSWORD_STEP, ["Mobile app notification", null, false, MFA_DENIED_DETAIL, "Multi-factor authentication"]],
    },
    legacy: {
      status: ok(null),
      conditionalAccessStatus: "notApplied",
      appliedConditionalAccessPolicies: policies(mfa("notApplied"), legacy("reportOnlyFailure"), risk("notApplied")),
      authenticationRequirement: "singleFactorAuthentication",
      steps: [PASSWORD_STEP],
    },
  };
}

export interface SignInSpec {
  timeMs: number;
  user: DemoUser;
  app: SignInApp;
  ip: string;
  place: Place;
  isp: Isp;
  device: DeviceCombo;
  correlationId: string;
  interactive: boolean;
  outcome: Outcome;
  risk?: SignInRisk;
  /** Overrides the device's client app, e.g. "IMAP4" or "Authenticated SMTP". */
  clientAppUsed?: string;
  authenticationProtocol?: string;
  originalTransferMethod?: string;
  userAgent?: string;
}

const INTERACTIVE = ["interactiveUser"];
const NON_INTERACTIVE = ["nonInteractiveUser"];
const NO_STEPS: GraphObject[] = [];

function authenticationDetails(outcome: Outcome, at: string, interactive: boolean): GraphObject[] {
  if (!interactive || outcome.steps.length === 0) return NO_STEPS;
  return outcome.steps.map(([method, detail, succeeded, result, requirement]) => ({
    authenticationStepDateTime: at,
    authenticationMethod: method,
    authenticationMethodDetail: detail,
    succeeded,
    authenticationStepResultDetail: result,
    authenticationStepRequirement: requirement,
  }));
}

export function makeSignIn(rng: Rng, spec: SignInSpec): GraphObject {
  const id = rng.guid();
  const createdDateTime = isoSeconds(spec.timeMs);
  const risk = spec.risk ?? NO_RISK;
  const user = spec.user;
  noteActivity(user, spec.timeMs, id, spec.interactive, spec.outcome.status.errorCode === 0);
  return {
    id,
    createdDateTime,
    userDisplayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    userId: user.id,
    appId: spec.app.appId,
    appDisplayName: spec.app.appDisplayName,
    ipAddress: spec.ip,
    clientAppUsed: spec.clientAppUsed ?? spec.device.clientAppUsed,
    correlationId: spec.correlationId,
    conditionalAccessStatus: spec.outcome.conditionalAccessStatus,
    isInteractive: spec.interactive,
    riskDetail: risk.riskDetail,
    riskLevelAggregated: risk.riskLevelAggregated,
    riskLevelDuringSignIn: risk.riskLevelDuringSignIn,
    riskState: risk.riskState,
    riskEventTypes: risk.riskEventTypes,
    riskEventTypes_v2: risk.riskEventTypes_v2,
    resourceDisplayName: spec.app.resourceDisplayName,
    resourceId: spec.app.resourceId,
    status: spec.outcome.status,
    deviceDetail: spec.device.deviceDetail,
    location: spec.place.location,
    appliedConditionalAccessPolicies: spec.outcome.appliedConditionalAccessPolicies,
    // beta-only extras (the simulator strips them on v1.0)
    signInEventTypes: spec.interactive ? INTERACTIVE : NON_INTERACTIVE,
    userAgent: spec.userAgent ?? spec.device.userAgent,
    authenticationRequirement: spec.outcome.authenticationRequirement,
    authenticationProtocol: spec.authenticationProtocol ?? "none",
    originalTransferMethod: spec.originalTransferMethod ?? "none",
    autonomousSystemNumber: spec.isp.asn,
    authenticationDetails: authenticationDetails(spec.outcome, createdDateTime, spec.interactive),
  };
}

/** Keeps user.signInActivity's "last sign-in" fields current without a second pass. */
function noteActivity(user: DemoUser, ms: number, id: string, interactive: boolean, success: boolean): void {
  const last = user.lastSignIn;
  if (interactive) {
    if (!last.interactive || last.interactive[0] < ms) last.interactive = [ms, id];
  } else if (!last.nonInteractive || last.nonInteractive[0] < ms) {
    last.nonInteractive = [ms, id];
  }
  if (success && (!last.success || last.success[0] < ms)) last.success = [ms, id];
}
