/** Defender XDR alerts (security/alerts_v2) with user and IP evidence. */
import type { GraphObject } from "../../snapshot/types.js";
import type { DemoUser } from "./model.js";
import type { Rng } from "./random.js";
import { isoSeconds, MINUTE } from "./time.js";

export interface AlertSpec {
  tenantId: string;
  user: DemoUser;
  title: string;
  description: string;
  severity: "informational" | "low" | "medium" | "high";
  category: string;
  serviceSource: string;
  detectionSource: string;
  detectorId: string;
  mitreTechniques: string[];
  firstActivityMs: number;
  createdMs: number;
  status: "new" | "inProgress" | "resolved";
  classification: "unknown" | "falsePositive" | "truePositive" | "informationalExpectedActivity";
  determination: string;
  ip?: { address: string; country: string };
}

export function alert(rng: Rng, spec: AlertSpec): GraphObject {
  const id = `${spec.serviceSource === "microsoftDefenderForOffice365" ? "fa" : "ad"}${rng.hex(15)}`;
  const incidentId = String(rng.int(1000, 9999));
  const created = isoSeconds(spec.createdMs);
  const resolved = spec.status === "resolved" ? isoSeconds(spec.createdMs + 26 * 60 * MINUTE) : null;
  const [accountName, domainName] = spec.user.userPrincipalName.split("@");
  const evidence: GraphObject[] = [
    {
      "@odata.type": "#microsoft.graph.security.userEvidence",
      createdDateTime: created,
      verdict: spec.classification === "unknown" ? "suspicious" : "noThreatsFound",
      remediationStatus: "none",
      remediationStatusDetails: null,
      roles: [],
      detailedRoles: [],
      tags: [],
      userAccount: { accountName, domainName, userSid: null, azureAdUserId: spec.user.id, userPrincipalName: spec.user.userPrincipalName, displayName: spec.user.displayName },
    },
  ];
  if (spec.ip) {
    evidence.push({ "@odata.type": "#microsoft.graph.security.ipEvidence", createdDateTime: created, verdict: "unknown", remediationStatus: "none", remediationStatusDetails: null, roles: [], detailedRoles: [], tags: [], ipAddress: spec.ip.address, countryLetterCode: spec.ip.country });
  }
  return {
    "@odata.type": "#microsoft.graph.security.alert",
    id,
    providerAlertId: id,
    incidentId,
    status: spec.status,
    severity: spec.severity,
    classification: spec.classification,
    determination: spec.determination,
    serviceSource: spec.serviceSource,
    detectionSource: spec.detectionSource,
    detectorId: spec.detectorId,
    tenantId: spec.tenantId,
    title: spec.title,
    description: spec.description,
    recommendedActions: "Review the user's recent activity and confirm with the user.",
    category: spec.category,
    assignedTo: spec.status === "new" ? null : "secops@contoso-demo.example",
    alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${spec.tenantId}`,
    incidentWebUrl: `https://security.microsoft.com/incidents/${incidentId}?tid=${spec.tenantId}`,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: spec.mitreTechniques,
    createdDateTime: created,
    lastUpdateDateTime: resolved ?? isoSeconds(spec.createdMs + 5 * MINUTE),
    resolvedDateTime: resolved,
    firstActivityDateTime: isoSeconds(spec.firstActivityMs),
    lastActivityDateTime: isoSeconds(spec.firstActivityMs),
    comments: [],
    evidence,
    systemTags: [],
  };
}
