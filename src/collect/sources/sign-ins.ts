import { odataDate, odataString, type GraphRequest, type GraphVersion } from "../../graph/request.js";
import type { AuthStep, SignIn } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { arr, bool, compact, enumValue, field, num, obj, path, str, strings, time } from "../fields.js";
import { clientApp } from "./client-apps.js";

const RISK_LEVELS = ["none", "low", "medium", "high", "hidden", "unknownFutureValue"];
const RISK_STATES = ["none", "confirmedSafe", "remediated", "dismissed", "atRisk", "confirmedCompromised", "unknownFutureValue"];
const CA_STATUS = ["success", "failure", "notApplied", "unknownFutureValue"];
const AUTH_REQUIREMENTS = ["singleFactorAuthentication", "multiFactorAuthentication"];
const PROTOCOLS = ["none", "oAuth2", "ropc", "wsFederation", "saml20", "deviceCode", "unknownFutureValue"];
const TRANSFER_METHODS = ["none", "deviceCodeFlow", "authenticationTransfer", "unknownFutureValue"];
const EVENT_TYPES = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity", "unknownFutureValue"];

function authSteps(value: unknown): AuthStep[] {
  return arr(value)
    .map(obj)
    .filter((step): step is Record<string, unknown> => step !== undefined)
    .map((step) =>
      compact({
        method: str(field(step, "authenticationMethod")),
        succeeded: bool(field(step, "succeeded")),
        stepResultDetail: str(field(step, "authenticationStepResultDetail")),
        requirement: str(field(step, "authenticationStepRequirement")),
      }),
    );
}

/** A v1.0 or beta signIn -> SignIn; undefined when it has no usable time. */
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
  const riskEventTypes = [...new Set([...strings(raw.riskEventTypes_v2), ...strings(raw.riskEventTypes)])];
  const id = str(raw.id) ?? `${at.iso}|${str(raw.correlationId) ?? ""}|${str(raw.userId) ?? ""}`;
  return compact({
    id,
    time: at.iso,
    ms: at.ms,
    userId: str(raw.userId) ?? "",
    userPrincipalName: str(raw.userPrincipalName) ?? "",
    appId: str(raw.appId),
    appDisplayName: str(raw.appDisplayName),
    resourceId: str(raw.resourceId),
    resourceDisplayName: str(raw.resourceDisplayName),
    ipAddress: str(raw.ipAddress),
    country: str(field(location, "countryOrRegion"))?.toUpperCase(),
    city: str(field(location, "city")),
    state: str(field(location, "state")),
    latitude: num(path(location, "geoCoordinates", "latitude")),
    longitude: num(path(location, "geoCoordinates", "longitude")),
    clientAppUsed: app.name,
    legacyAuth: app.legacy,
    isInteractive: interactive,
    errorCode,
    failureReason: str(field(status, "failureReason")),
    additionalDetails: str(field(status, "additionalDetails")),
    success: errorCode === 0,
    browser: str(field(device, "browser")),
    operatingSystem: str(field(device, "operatingSystem")),
    deviceId: str(field(device, "deviceId")),
    deviceName: str(field(device, "displayName")),
    isCompliant: bool(field(device, "isCompliant")),
    isManaged: bool(field(device, "isManaged")),
    trustType: str(field(device, "trustType")),
    conditionalAccessStatus: enumValue(raw.conditionalAccessStatus, CA_STATUS),
    correlationId: str(raw.correlationId),
    riskLevelDuringSignIn: enumValue(raw.riskLevelDuringSignIn, RISK_LEVELS),
    riskLevelAggregated: enumValue(raw.riskLevelAggregated, RISK_LEVELS),
    riskState: enumValue(raw.riskState, RISK_STATES),
    riskDetail: enumValue(raw.riskDetail, []),
    riskEventTypes,
    userAgent: str(raw.userAgent),
    authenticationRequirement: enumValue(raw.authenticationRequirement, AUTH_REQUIREMENTS),
    authenticationProtocol: enumValue(raw.authenticationProtocol, PROTOCOLS),
    originalTransferMethod: enumValue(raw.originalTransferMethod, TRANSFER_METHODS),
    autonomousSystemNumber: num(raw.autonomousSystemNumber),
    signInEventTypes: eventTypes.length ? eventTypes : undefined,
    uniqueTokenIdentifier: str(raw.uniqueTokenIdentifier),
    sessionId: str(raw.sessionId),
    authenticationDetails: authSteps(raw.authenticationDetails),
  });
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
