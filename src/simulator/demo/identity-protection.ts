/** Entra ID Protection objects: riskDetection and riskyUser. */
import type { GraphObject } from "../../snapshot/types.js";
import type { Place } from "./catalog/places.js";
import type { DemoUser } from "./model.js";
import type { Rng } from "./random.js";
import { isoSeconds } from "./time.js";

export interface RiskDetectionSpec {
  user: DemoUser;
  riskEventType: string;
  riskLevel: "low" | "medium" | "high";
  riskState?: string;
  riskDetail?: string;
  activity: "signin" | "user";
  timing: "realtime" | "nearRealtime" | "offline";
  activityMs: number;
  detectedMs: number;
  lastUpdatedMs?: number;
  ip?: string | null;
  place?: Place | null;
  /** The sign-in's correlationId; also its request id. */
  correlationId?: string | null;
  userAgent?: string;
  source?: string;
}

export function riskDetection(rng: Rng, spec: RiskDetectionSpec): GraphObject {
  const place = spec.place;
  return {
    id: rng.hex(24),
    requestId: spec.correlationId ?? null,
    correlationId: spec.correlationId ?? null,
    riskEventType: spec.riskEventType,
    riskState: spec.riskState ?? "atRisk",
    riskLevel: spec.riskLevel,
    riskDetail: spec.riskDetail ?? "none",
    source: spec.source ?? "IdentityProtection",
    detectionTimingType: spec.timing,
    activity: spec.activity,
    tokenIssuerType: "AzureAD",
    ipAddress: spec.ip ?? null,
    location: place
      ? { city: place.city, state: place.state, countryOrRegion: place.country, geoCoordinates: { latitude: place.latitude, longitude: place.longitude } }
      : null,
    activityDateTime: isoSeconds(spec.activityMs),
    detectedDateTime: isoSeconds(spec.detectedMs),
    lastUpdatedDateTime: isoSeconds(spec.lastUpdatedMs ?? spec.detectedMs),
    userId: spec.user.id,
    userDisplayName: spec.user.displayName,
    userPrincipalName: spec.user.userPrincipalName,
    additionalInfo: spec.userAgent ? JSON.stringify([{ Key: "userAgent", Value: spec.userAgent }]) : "[]",
  };
}

export function riskyUser(user: DemoUser, riskLevel: string, riskState: string, riskDetail: string, updatedMs: number): GraphObject {
  return {
    id: user.id,
    isDeleted: false,
    isProcessing: false,
    riskLastUpdatedDateTime: isoSeconds(updatedMs),
    riskLevel,
    riskState,
    riskDetail,
    userDisplayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
  };
}
