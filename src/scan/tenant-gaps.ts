import type { TenantEvidence } from "../collect/evidence.js";

const TENANT_SOURCES: ReadonlyArray<[keyof Omit<TenantEvidence, "licenses">, string]> = [
  ["organization", "the organization (verified domains decide what counts as external)"],
  ["conditionalAccessPolicies", "conditional access policies (tenant findings)"],
  ["peerSignIns", "other users' sign-ins (password-spray context)"],
];

/**
 * Tenant-level reads that failed, as run warnings: they have no per-user coverage entry, yet the
 * findings lean on them, so the report must say they are missing and why.
 */
export function tenantGapWarnings(tenant: TenantEvidence): string[] {
  return TENANT_SOURCES.flatMap(([key, label]) => {
    const collected = tenant[key];
    return collected.status === "ok" ? [] : [`Not collected: ${label}: ${collected.code}: ${collected.message}`];
  });
}
