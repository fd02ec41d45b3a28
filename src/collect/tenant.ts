import { coverageFromFailure } from "../graph/graph-errors.js";
import type { CollectContext } from "./context.js";
import type { Alert, Collected, ConditionalAccessPolicy, Organization } from "./evidence.js";
import { groupByTarget, type Grouped } from "./grouped.js";
import { alertOwners, alertsRequest, normaliseAlert } from "./sources/alerts.js";
import { conditionalAccessRequest, normaliseConditionalAccessPolicy } from "./sources/conditional-access.js";
import { normaliseOrganization, organizationRequest } from "./sources/organization.js";
import { isLicenceRefusal, resourceOf, streamCollection } from "./stream.js";
import type { TargetIndex } from "./targets.js";

export async function collectOrganization(ctx: CollectContext): Promise<Collected<Organization>> {
  let first: Organization | undefined;
  const result = await streamCollection(ctx, organizationRequest(), (raw) => {
    if (first) return;
    first = normaliseOrganization(raw);
    if (first) ctx.evidence.organization(resourceOf(raw));
  });
  if (!result.ok) return { ...coverageFromFailure("organization", result.failure) };
  if (!first) return { status: "error", code: "OrganizationMissing", message: "Graph returned no organization object." };
  return { status: "ok", value: first };
}

export async function collectConditionalAccess(ctx: CollectContext): Promise<Collected<ConditionalAccessPolicy[]>> {
  const policies: ConditionalAccessPolicy[] = [];
  const result = await streamCollection(ctx, conditionalAccessRequest(), (raw) => {
    const policy = normaliseConditionalAccessPolicy(raw);
    if (!policy) return;
    ctx.evidence.add("conditionalAccessPolicies", raw);
    policies.push(policy);
  });
  if (!result.ok) return { ...coverageFromFailure("conditionalAccessPolicies", result.failure) };
  return { status: "ok", value: policies };
}

/** Alerts are read tenant-wide (alerts_v2 cannot filter by user) and grouped by the users their evidence names. */
export async function alertsByTarget(ctx: CollectContext, targets: TargetIndex): Promise<Grouped<Alert>> {
  const grouped = await groupByTarget(ctx, alertsRequest({ from: ctx.window.from, to: ctx.window.to }), targets, {
    owners: alertOwners,
    normalise: normaliseAlert,
    collection: "alerts",
  });
  if (!grouped.ok && isLicenceRefusal(grouped.failure)) ctx.licenses.defender = false;
  return grouped;
}
