import { odataDate, odataString, pathSegment, type GraphRequest } from "../../graph/request.js";
import type { RiskDetection, RiskyUser } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { bool, compact, enumValue, field, obj, str, time } from "../fields.js";

const RISK_LEVELS = ["none", "low", "medium", "high", "hidden", "unknownFutureValue"];
const RISK_STATES = ["none", "confirmedSafe", "remediated", "dismissed", "atRisk", "confirmedCompromised", "unknownFutureValue"];
const TIMING = ["notDefined", "realtime", "nearRealtime", "offline", "unknownFutureValue"];
const ACTIVITY = ["signin", "user", "unknownFutureValue"];

export function normaliseRiskyUser(raw: GraphObject): RiskyUser | undefined {
  const id = str(raw.id);
  if (!id) return undefined;
  return compact({
    id,
    userPrincipalName: str(raw.userPrincipalName),
    riskLevel: enumValue(raw.riskLevel, RISK_LEVELS),
    riskState: enumValue(raw.riskState, RISK_STATES),
    riskDetail: enumValue(raw.riskDetail, []),
    riskLastUpdatedDateTime: time(raw.riskLastUpdatedDateTime)?.iso,
    isDeleted: bool(raw.isDeleted),
  });
}

export function normaliseRiskDetection(raw: GraphObject): RiskDetection | undefined {
  const id = str(raw.id);
  const at = time(raw.activityDateTime) ?? time(raw.detectedDateTime);
  if (!id || !at) return undefined;
  const location = obj(raw.location);
  return compact({
    id,
    userId: str(raw.userId),
    userPrincipalName: str(raw.userPrincipalName),
    // Older payloads carry the legacy riskType instead of riskEventType.
    riskEventType: str(raw.riskEventType) ?? str(raw.riskType) ?? "unknown",
    riskLevel: enumValue(raw.riskLevel, RISK_LEVELS),
    riskState: enumValue(raw.riskState, RISK_STATES),
    riskDetail: enumValue(raw.riskDetail, []),
    detectionTimingType: enumValue(raw.detectionTimingType, TIMING),
    activity: enumValue(raw.activity, ACTIVITY),
    time: at.iso,
    ms: at.ms,
    detectedDateTime: time(raw.detectedDateTime)?.iso,
    ipAddress: str(raw.ipAddress),
    country: str(field(location, "countryOrRegion"))?.toUpperCase(),
    city: str(field(location, "city")),
    requestId: str(raw.requestId),
    correlationId: str(raw.correlationId),
    source: str(raw.source),
    tokenIssuerType: str(raw.tokenIssuerType),
  });
}

/** Risk that makes a user's MFA methods worth reading one by one. */
export function isAtRisk(user: RiskyUser | null | undefined): boolean {
  if (!user) return false;
  const level = user.riskLevel ?? "none";
  const state = user.riskState ?? "none";
  return ["low", "medium", "high"].includes(level) && ["atRisk", "confirmedCompromised"].includes(state);
}

export function riskyUserRequest(userId?: string): GraphRequest {
  return userId ? { path: `/identityProtection/riskyUsers/${pathSegment(userId)}` } : { path: "/identityProtection/riskyUsers", query: { $top: 500 } };
}

export function riskDetectionsRequest(range: { from: string; to: string }, userId?: string): GraphRequest {
  const terms = [`activityDateTime ge ${odataDate(range.from)}`, `activityDateTime le ${odataDate(range.to)}`];
  if (userId) terms.unshift(`userId eq ${odataString(userId)}`);
  return { path: "/identityProtection/riskDetections", query: { $filter: terms.join(" and "), $top: 500 } };
}
