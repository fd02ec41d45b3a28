import { anyOf } from "../auth/permissions.js";
import { notLicensed } from "../http/errors.js";
import { serveCollection, type CollectionSpec } from "../odata/collection.js";
import { rule, type FilterSchema } from "../odata/filter-schema.js";
import { SliceResult } from "../odata/result-set.js";
import { singleByScan } from "./audit-logs.js";
import type { RouteDefinition } from "./route-kit.js";

const RISKY_USER_FILTER: FilterSchema = {
  entityType: "microsoft.graph.riskyUser",
  properties: {
    id: rule.guid(),
    isDeleted: rule.boolean(),
    isProcessing: rule.boolean(),
    riskLastUpdatedDateTime: rule.datetime(),
    riskLevel: rule.enum("ne"),
    riskState: rule.enum("ne"),
    riskDetail: rule.enum("ne"),
    userDisplayName: rule.string("startswith"),
    userPrincipalName: rule.string("startswith"),
  },
  or: true,
};

const RISK_DETECTION_FILTER: FilterSchema = {
  entityType: "microsoft.graph.riskDetection",
  properties: {
    id: rule.string(),
    requestId: rule.string(),
    correlationId: rule.string(),
    userId: rule.guid(),
    userPrincipalName: rule.string("startswith"),
    userDisplayName: rule.string("startswith"),
    riskEventType: rule.string(),
    riskLevel: rule.enum(),
    riskState: rule.enum(),
    riskDetail: rule.enum(),
    source: rule.string(),
    detectionTimingType: rule.enum(),
    activity: rule.enum(),
    tokenIssuerType: rule.enum(),
    ipAddress: rule.string(),
    activityDateTime: rule.datetime(),
    detectedDateTime: rule.datetime(),
    lastUpdatedDateTime: rule.datetime(),
    "location/countryOrRegion": rule.string(),
    "location/city": rule.string(),
  },
  or: true,
};

const POLICY_FILTER: FilterSchema = {
  entityType: "microsoft.graph.conditionalAccessPolicy",
  properties: {
    id: rule.guid(),
    displayName: rule.string("startswith"),
    state: rule.enum(),
    createdDateTime: rule.datetime(),
    modifiedDateTime: rule.datetime(),
  },
  or: true,
};

const P2 = { key: "entraIdP2" as const, error: notLicensed.feature };
const RISKY_USER_READ = anyOf("IdentityRiskyUser.Read.All", "IdentityRiskyUser.ReadWrite.All");
const RISK_EVENT_READ = anyOf("IdentityRiskEvent.Read.All", "IdentityRiskEvent.ReadWrite.All");
const POLICY_READ = anyOf("Policy.Read.All", "Policy.Read.ConditionalAccess", "Policy.ReadWrite.ConditionalAccess");
/** riskDetections documents 20 by default and 500 at most; riskyUsers is assumed to match. */
const RISK_PAGE = { default: 20, max: 500, overMax: "clamp" as const };

export const identityProtectionRoutes: RouteDefinition[] = [
  {
    id: "riskyUsers.list",
    method: "GET",
    pattern: "identityProtection/riskyUsers",
    flavour: "reports",
    throttle: "identityProtection",
    permissions: RISKY_USER_READ,
    licence: P2,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = {
        context: "identityProtection/riskyUsers",
        flavour: "reports",
        options: ["$filter", "$select", "$top", "$skiptoken", "$orderby"],
        filter: RISKY_USER_FILTER,
        pageSize: RISK_PAGE,
        paging: "skiptoken",
        orderBy: ["riskLastUpdatedDateTime", "userPrincipalName"],
      };
      const items = ctx.state.riskyUsers ?? [];
      return serveCollection(call, spec, { query: (_filter, predicate) => new SliceResult(predicate ? items.filter(predicate) : items) }, ctx.serve, "riskyUsers.list");
    },
  },
  {
    id: "riskyUsers.get",
    method: "GET",
    pattern: "identityProtection/riskyUsers/:id",
    flavour: "reports",
    throttle: "identityProtection",
    permissions: RISKY_USER_READ,
    licence: P2,
    handle(call, params, ctx) {
      return singleByScan(call, ctx, ctx.state.riskyUsers ?? [], params.id, "identityProtection/riskyUsers");
    },
  },
  {
    id: "riskDetections.list",
    method: "GET",
    pattern: "identityProtection/riskDetections",
    flavour: "reports",
    throttle: "identityProtection",
    permissions: RISK_EVENT_READ,
    licence: P2,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = {
        context: "identityProtection/riskDetections",
        flavour: "reports",
        options: ["$filter", "$select", "$top", "$skiptoken"],
        filter: RISK_DETECTION_FILTER,
        pageSize: RISK_PAGE,
        paging: "skiptoken",
      };
      return serveCollection(call, spec, { query: (filter, predicate) => ctx.index.riskDetections.query(filter, predicate, RISK_DETECTION_FILTER) }, ctx.serve, "riskDetections.list");
    },
  },
  {
    id: "riskDetections.get",
    method: "GET",
    pattern: "identityProtection/riskDetections/:id",
    flavour: "reports",
    throttle: "identityProtection",
    permissions: RISK_EVENT_READ,
    licence: P2,
    handle(call, params, ctx) {
      return singleByScan(call, ctx, ctx.index.riskDetections.base().items, params.id, "identityProtection/riskDetections");
    },
  },
  {
    id: "conditionalAccessPolicies.list",
    method: "GET",
    pattern: "identity/conditionalAccess/policies",
    flavour: "reports",
    throttle: "identityProtection",
    permissions: POLICY_READ,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = {
        context: "identity/conditionalAccess/policies",
        flavour: "reports",
        options: ["$filter", "$select", "$top", "$skiptoken"],
        filter: POLICY_FILTER,
        pageSize: { default: 100, max: 999, overMax: "clamp" },
        paging: "skiptoken",
      };
      const items = ctx.state.conditionalAccessPolicies ?? [];
      return serveCollection(call, spec, { query: (_filter, predicate) => new SliceResult(predicate ? items.filter(predicate) : items) }, ctx.serve, "conditionalAccessPolicies.list");
    },
  },
  {
    id: "conditionalAccessPolicies.get",
    method: "GET",
    pattern: "identity/conditionalAccess/policies/:id",
    flavour: "reports",
    throttle: "identityProtection",
    permissions: POLICY_READ,
    handle(call, params, ctx) {
      return singleByScan(call, ctx, ctx.state.conditionalAccessPolicies ?? [], params.id, "identity/conditionalAccess/policies");
    },
  },
];
