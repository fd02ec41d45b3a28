import type { RiskDetection, RiskyUser } from "../../collect/evidence.js";
import type { EvidenceItem } from "../../report/types.js";

export function riskDetectionEvidence(d: RiskDetection): EvidenceItem {
  return {
    source: "riskDetections",
    id: d.id,
    time: d.time,
    fields: {
      riskEventType: d.riskEventType,
      riskLevel: d.riskLevel ?? null,
      riskState: d.riskState ?? null,
      riskDetail: d.riskDetail ?? null,
      detectionTimingType: d.detectionTimingType ?? null,
      activity: d.activity ?? null,
      detectedDateTime: d.detectedDateTime ?? null,
      ipAddress: d.ipAddress ?? null,
      country: d.country ?? null,
      source: d.source ?? null,
      requestId: d.requestId ?? null,
      correlationId: d.correlationId ?? null,
    },
  };
}

export function riskyUserEvidence(u: RiskyUser): EvidenceItem {
  return {
    source: "riskyUser",
    id: u.id,
    time: u.riskLastUpdatedDateTime,
    fields: {
      riskLevel: u.riskLevel ?? null,
      riskState: u.riskState ?? null,
      riskDetail: u.riskDetail ?? null,
      riskLastUpdatedDateTime: u.riskLastUpdatedDateTime ?? null,
    },
  };
}
