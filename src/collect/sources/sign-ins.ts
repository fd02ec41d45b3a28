import { odataDate, odataString, type GraphRequest, type GraphVersion } from "../../graph/request.js";
import type { AuthStep, SignIn } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { bool, enumValue, field, intern, num, obj, str, strings, time } from "../fields.js";
import { clientApp } from "./client-apps.js";

const RISK_LEVELS = ["none", "low", "medium", "high", "hidden", "unknownFutureValue"];
const RISK_STATES = ["none", "confirmedSafe", "remediated", "dismissed", "atRisk", "confirmedCompromised", "unknownFutureValue"];
const CA_STATUS = ["success", "failure", "notApplied", "unknownFutureValue"];
const AUTH_REQUIREMENTS = ["singleFactorAuthentication", "multiFactorAuthentication"];
const PROTOCOLS = ["none", "oAuth2", "ropc", "wsFederation", "saml20", "deviceCode", "unknownFutureValue"];
const TRANSFER_METHODS = ["none", "deviceCodeFlow", "authenticationTransfer", "unknownFutureValue"];
const EVENT_TYPES = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity", "unknownFutureValue"];
const NO_KNOWN_VALUES: readonly string[] = [];

function authSteps(value: unknown): AuthStep[] {
  const steps: AuthStep[] = [];
  if (!Array.isArray(value)) return steps;
  for (const item of value) {
    const step = obj(item);
    if (!step) continue;
    const out: AuthStep = {};
    let v: string | boolean | undefined;
    if ((v = str(field(step, "authenticationMethod"))) !== undefined) out.method = v;
    if ((v = bool(field(step, "succeeded"))) !== undefined) out.succeeded = v;
    if ((v = str(field(step, "authenticationStepResultDetail"))) !== undefined) out.stepResultDetail = v;
    if ((v = str(field(step, "authenticationStepRequirement"))) !== undefined) out.requirement = v;
    steps.push(out);
  }
  return steps;
}

/**
 * A v1.0 or beta signIn -> SignIn; undefined when it has no usable time. Tenant-wide scans read
 * hundreds of thousands of these, so members are set one by one when present (the same members, in
 * the same order, as compact() would leave) instead of building every member and deleting blanks.
 */
export function normaliseSignIn(raw: GraphObject): SignIn | undefined {
  const at = time(raw.createdDateTime);
  if (!at) return undefined;
  const status = obj(raw.status);
  const errorCode = num(field(status, "errorCode")) ?? 0;
  const location = obj(raw.location);
  const device = obj(raw.deviceDetail);
  const app = clientApp(str(raw.clientAppUsed));
  const eventTypes = strings(raw.signInEventTypes).map((t) => enumValue(t, EVENT_TYPES)!);
  const interactive = bool(raw.isInteractive) ?? (eventTypes.length ? eventTypes.includes("interactiveUser") : true);
  const v2 = strings(raw.riskEventTypes_v2);
  const v1 = strings(raw.riskEventTypes);
  const riskEventTypes = v1.length === 0 && v2.length <= 1 ? v2 : [...new Set([...v2, ...v1])];
  const id = str(raw.id) ?? `${at.iso}|${str(raw.correlationId) ?? ""}|${str(raw.userId) ?? ""}`;
  const out = { id, time: at.iso, ms: at.ms, userId: str(raw.userId) ?? "", userPrincipalName: str(raw.userPrincipalName) ?? "" } as SignIn;
  let v: string | number | boolean | undefined;
  if ((v = str(raw.appId)) !== undefined) out.appId = v;
  if ((v = str(raw.appDisplayName)) !== undefined) out.appDisplayName = v;
  if ((v = str(raw.resourceId)) !== undefined) out.resourceId = v;
  if ((v = str(raw.resourceDisplayName)) !== undefined) out.resourceDisplayName = v;
  if ((v = str(raw.ipAddress)) !== undefined) out.ipAddress = v;
  if ((v = str(field(location, "countryOrRegion"))) !== undefined) out.country = v.toUpperCase();
  if ((v = str(field(location, "city"))) !== undefined) out.city = v;
  if ((v = str(field(location, "state"))) !== undefined) out.state = v;
  const coordinates = field(location, "geoCoordinates");
  if ((v = num(field(coordinates, "latitude"))) !== undefined) out.latitude = v;
  if ((v = num(field(coordinates, "longitude"))) !== undefined) out.longitude = v;
  if (app.name !== undefined) out.clientAppUsed = app.name;
  out.legacyAuth = app.legacy;
  out.isInteractive = interactive;
  out.errorCode = errorCode;
  if ((v = str(field(status, "failureReason"))) !== undefined) out.failureReason = v;
  if ((v = str(field(status, "additionalDetails"))) !== undefined) out.additionalDetails = v;
  out.success = errorCode === 0;
  if ((v = str(field(device, "browser"))) !== undefined) out.browser = v;
  if ((v = str(field(device, "operatingSystem"))) !== undefined) out.operatingSystem = v;
  if ((v = str(field(device, "deviceId"))) !== undefined) out.deviceId = v;
  if ((v = str(field(device, "displayName"))) !== undefined) out.deviceName = v;
  if ((v = bool(field(device, "isCompliant"))) !== undefined) out.isCompliant = v;
  if ((v = bool(field(device, "isManaged"))) !== undefined) out.isManaged = v;
  if ((v = str(field(device, "trustType"))) !== undefined) out.trustType = v;
  if ((v = enumValue(raw.conditionalAccessStatus, CA_STATUS)) !== undefined) out.conditionalAccessStatus = v;
  if ((v = str(raw.correlationId)) !== undefined) out.correlationId = v;
  if ((v = enumValue(raw.riskLevelDuringSignIn, RISK_LEVELS)) !== undefined) out.riskLevelDuringSignIn = v;
  if ((v = enumValue(raw.riskLevelAggregated, RISK_LEVELS)) !== undefined) out.riskLevelAggregated = v;
  if ((v = enumValue(raw.riskState, RISK_STATES)) !== undefined) out.riskState = v;
  if ((v = enumValue(raw.riskDetail, NO_KNOWN_VALUES)) !== undefined) out.riskDetail = v;
  out.riskEventTypes = riskEventTypes;
  if ((v = str(raw.userAgent)) !== undefined) out.userAgent = v;
  if ((v = enumValue(raw.authenticationRequirement, AUTH_REQUIREMENTS)) !== undefined) out.authenticationRequirement = v;
  if ((v = enumValue(raw.authenticationProtocol, PROTOCOLS)) !== undefined) out.authenticationProtocol = v;
  if ((v = enumValue(raw.originalTransferMethod, TRANSFER_METHODS)) !== undefined) out.originalTransferMethod = v;
  if ((v = num(raw.autonomousSystemNumber)) !== undefined) out.autonomousSystemNumber = v;
  if (eventTypes.length) out.signInEventTypes = eventTypes;
  if ((v = str(raw.uniqueTokenIdentifier)) !== undefined) out.uniqueTokenIdentifier = v;
  if ((v = str(raw.sessionId)) !== undefined) out.sessionId = v;
  out.authenticationDetails = authSteps(raw.authenticationDetails);
  return out;
}

const SHARED_MEMBERS = [
  "userId",
  "userPrincipalName",
  "appId",
  "appDisplayName",
  "resourceId",
  "resourceDisplayName",
  "country",
  "city",
  "state",
  "ipAddress",
  "deviceId",
  "deviceName",
  "failureReason",
  "additionalDetails",
  "browser",
  "operatingSystem",
  "trustType",
  "userAgent",
] as const satisfies ReadonlyArray<keyof SignIn>;

const sharedLists = new Map<string, readonly unknown[]>();
const SHARED_LISTS_MAX = 10_000;

/** The one frozen copy of a list that repeats across sign-ins (event types, authentication steps). */
function shareList<T>(list: T[], key: string): T[] {
  const shared = sharedLists.get(key);
  if (shared) return shared as T[];
  if (sharedLists.size >= SHARED_LISTS_MAX) sharedLists.clear();
  Object.freeze(list);
  sharedLists.set(key, list);
  return list;
}

function stepKey(step: AuthStep): string {
  return `${step.method ?? ""}\u0001${step.succeeded ?? ""}\u0001${step.stepResultDetail ?? ""}\u0001${step.requirement ?? ""}`;
}

/**
 * Makes a sign-in that is kept (a window sign-in) share its repeating values with the others:
 * user, app, resource, place, address, device, user agent, failure texts, and the lists of risk
 * types, event types and authentication steps (frozen: they are shared). A tenant-wide scan keeps
 * hundreds of thousands of sign-ins, and JSON.parse gives each its own copy of everything.
 */
export function shareRepeatedValues(signIn: SignIn): SignIn {
  for (const key of SHARED_MEMBERS) {
    const value = signIn[key];
    if (value !== undefined) signIn[key] = intern(value);
  }
  signIn.riskEventTypes = shareList(signIn.riskEventTypes.map(intern), `r\u0002${signIn.riskEventTypes.join("\u0001")}`);
  if (signIn.signInEventTypes) signIn.signInEventTypes = shareList(signIn.signInEventTypes, `e\u0002${signIn.signInEventTypes.join("\u0001")}`);
  const steps = signIn.authenticationDetails.map((step) => shareList([Object.freeze(step)], `s\u0002${stepKey(step)}`)[0]);
  signIn.authenticationDetails = shareList(steps, `a\u0002${steps.map(stepKey).join("\u0002")}`);
  return signIn;
}

/** A device-code sign-in (beta fields; absent on v1.0 data). */
export function isDeviceCode(signIn: SignIn): boolean {
  return signIn.authenticationProtocol === "deviceCode" || signIn.originalTransferMethod === "deviceCodeFlow";
}

export type SignInKind = "interactive" | "nonInteractive";

/**
 * Sign-ins between two instants, optionally for one user or one IP. Beta is asked by event type
 * (it also carries userAgent, authenticationProtocol and the other beta-only members); v1.0 lists
 * interactive sign-ins only and is the fallback when beta is refused.
 */
export function signInRequest(kind: SignInKind, version: GraphVersion, range: { from: string; to: string }, match?: { userId?: string; ipAddress?: string }): GraphRequest {
  const terms: string[] = [];
  if (version === "beta") terms.push(`signInEventTypes/any(t: t eq '${kind === "interactive" ? "interactiveUser" : "nonInteractiveUser"}')`);
  terms.push(`createdDateTime ge ${odataDate(range.from)}`, `createdDateTime le ${odataDate(range.to)}`);
  if (match?.userId) terms.push(`userId eq ${odataString(match.userId)}`);
  if (match?.ipAddress) terms.push(`ipAddress eq ${odataString(match.ipAddress)}`);
  // No $top: the default page is already the maximum (1,000).
  return { path: "/auditLogs/signIns", version, query: { $filter: terms.join(" and ") } };
}
