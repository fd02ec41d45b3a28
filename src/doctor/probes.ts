import type { SourceId } from "../collect/evidence.js";
import type { GraphGateway } from "../graph/gateway.js";
import { coverageFromFailure, type TenantSourceId } from "../graph/graph-errors.js";
import type { GraphRequest } from "../graph/request.js";

/** What one cheap request says about a licensed source. */
export interface LicenceProbe {
  source: SourceId | TenantSourceId;
  request: string;
  /** ok: Graph served it; missing: the tenant lacks the licence; unknown: refused for another reason. */
  state: "ok" | "missing" | "unknown";
  code?: string;
  message?: string;
}

/** One read per licensed source, the smallest Graph allows ($top=1). */
const PROBES: ReadonlyArray<[SourceId | TenantSourceId, GraphRequest]> = [
  ["signIns", { path: "/auditLogs/signIns", query: { $top: 1 } }],
  ["registrationDetails", { path: "/reports/authenticationMethods/userRegistrationDetails", query: { $top: 1 } }],
  ["riskyUser", { path: "/identityProtection/riskyUsers", query: { $top: 1 } }],
  ["riskDetections", { path: "/identityProtection/riskDetections", query: { $top: 1 } }],
  ["alerts", { path: "/security/alerts_v2", query: { $top: 1 } }],
  // Listing existing audit queries needs the same permission and licence as creating one, and creates nothing.
  ["auditLog", { path: "/security/auditLog/queries", query: { $top: 1 } }],
  ["conditionalAccessPolicies", { path: "/identity/conditionalAccess/policies" }],
];

export async function probeLicences(gateway: GraphGateway): Promise<LicenceProbe[]> {
  return Promise.all(
    PROBES.map(async ([source, request]): Promise<LicenceProbe> => {
      const text = `GET ${request.path}${request.query ? "?$top=1" : ""}`;
      const answer = await gateway.get(request);
      if (answer.ok) return { source, request: text, state: "ok" };
      const verdict = coverageFromFailure(source, answer.failure);
      return { source, request: text, state: verdict.status === "unavailable" ? "missing" : "unknown", code: verdict.code, message: verdict.message };
    }),
  );
}
