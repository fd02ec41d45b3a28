import type { GraphObject } from "../../snapshot/types.js";
import { anyOf } from "../auth/permissions.js";
import type { GraphCall } from "../http/call.js";
import { notFound, notLicensed } from "../http/errors.js";
import { rejectOptionsExcept, serveCollection, type CollectionSpec } from "../odata/collection.js";
import type { FilterNode } from "../odata/filter-ast.js";
import { rule, type FilterSchema } from "../odata/filter-schema.js";
import { parseSelect, projectItem } from "../odata/select.js";
import { isInteractiveSignIn } from "../tenant/tenant-index.js";
import type { RouteContext, RouteDefinition } from "./route-kit.js";

/** The 24 members of the v1.0 signIn (graph-api.md §1.1); everything else is beta-only. */
const V1_SIGN_IN_MEMBERS = new Set([
  "id", "createdDateTime", "userDisplayName", "userPrincipalName", "userId", "appId", "appDisplayName", "ipAddress",
  "clientAppUsed", "correlationId", "conditionalAccessStatus", "isInteractive", "resourceDisplayName", "resourceId",
  "riskDetail", "riskLevelAggregated", "riskLevelDuringSignIn", "riskState", "riskEventTypes", "riskEventTypes_v2",
  "status", "deviceDetail", "location", "appliedConditionalAccessPolicies",
]);

const startsWith = () => rule.string("startswith");

/** v1.0 per-property operators from the Kiota model doc-comments (graph-api.md §1.1). */
const V1_SIGN_IN_FILTER: FilterSchema = {
  entityType: "microsoft.graph.signIn",
  properties: {
    id: rule.string(),
    createdDateTime: rule.datetime(),
    userId: rule.guid(),
    userPrincipalName: startsWith(),
    userDisplayName: startsWith(),
    appId: rule.guid(),
    appDisplayName: startsWith(),
    ipAddress: startsWith(),
    "status/errorCode": rule.number(),
    "location/city": startsWith(),
    "location/state": startsWith(),
    "location/countryOrRegion": startsWith(),
    "deviceDetail/browser": startsWith(),
    "deviceDetail/operatingSystem": startsWith(),
    clientAppUsed: rule.string(),
    conditionalAccessStatus: rule.enum(),
    correlationId: rule.guid(),
    resourceId: rule.guid(),
    resourceDisplayName: rule.string(),
    riskDetail: rule.enum(),
    riskLevelAggregated: rule.enum(),
    riskLevelDuringSignIn: rule.enum(),
    riskState: rule.enum(),
    riskEventTypes_v2: { type: "string", ops: ["eq", "startswith"], collection: true },
  },
  or: true,
};

/** Beta adds its own members and the signInEventTypes lambda (non-interactive sign-ins). */
const BETA_SIGN_IN_FILTER: FilterSchema = {
  ...V1_SIGN_IN_FILTER,
  properties: {
    ...V1_SIGN_IN_FILTER.properties,
    userAgent: startsWith(),
    authenticationRequirement: rule.enum(),
    authenticationProtocol: rule.enum(),
    crossTenantAccessType: rule.enum(),
    tokenIssuerType: rule.enum(),
    servicePrincipalId: rule.guid(),
    homeTenantId: rule.guid(),
    resourceTenantId: rule.guid(),
    uniqueTokenIdentifier: rule.string(),
    isInteractive: rule.boolean(),
  },
  lambdas: {
    signInEventTypes: { quantifiers: ["any"], element: { "": { type: "enum", ops: ["eq", "ne"] } } },
  },
  virtual: { signInEventTypes: derivedEventTypes },
};

const DIRECTORY_AUDIT_FILTER: FilterSchema = {
  entityType: "microsoft.graph.directoryAudit",
  properties: {
    id: rule.string(),
    activityDateTime: rule.datetime(),
    activityDisplayName: rule.string("startswith"),
    category: rule.string(),
    correlationId: rule.guid(),
    loggedByService: rule.string(),
    operationType: rule.string(),
    result: rule.enum(),
    "initiatedBy/user/id": rule.guid(),
    "initiatedBy/user/displayName": rule.string(),
    "initiatedBy/user/userPrincipalName": rule.string("startswith"),
    "initiatedBy/app/appId": rule.guid(),
    "initiatedBy/app/displayName": rule.string(),
  },
  lambdas: {
    targetResources: { quantifiers: ["any"], element: { id: rule.guid(), displayName: rule.string("startswith") } },
  },
  or: true,
};

const AUDIT_READ = anyOf("AuditLog.Read.All", "Directory.Read.All");
const REPORT_PAGE = { default: 1000, max: 1000, overMax: "clamp" as const };

function derivedEventTypes(signIn: Record<string, unknown>): unknown {
  return [isInteractiveSignIn(signIn) ? "interactiveUser" : "nonInteractiveUser"];
}

function shapeSignIn(call: GraphCall): (signIn: GraphObject) => GraphObject {
  if (call.version === "v1.0") {
    return (signIn) => {
      const out: GraphObject = {};
      for (const key of Object.keys(signIn)) if (V1_SIGN_IN_MEMBERS.has(key)) out[key] = signIn[key];
      return out;
    };
  }
  return (signIn) => (signIn.signInEventTypes === undefined ? { ...signIn, signInEventTypes: derivedEventTypes(signIn) } : signIn);
}

function mentions(filter: FilterNode | null, property: string): boolean {
  if (!filter) return false;
  switch (filter.kind) {
    case "and":
    case "or":
      return mentions(filter.left, property) || mentions(filter.right, property);
    case "not":
      return mentions(filter.operand, property);
    case "lambda":
      return filter.path.join("/").toLowerCase() === property.toLowerCase();
    default:
      return false;
  }
}

function signInSource(call: GraphCall, ctx: RouteContext) {
  return {
    // v1.0 lists interactive sign-ins only; beta does too unless the filter asks for event types.
    query: (filter: FilterNode | null, predicate: ((item: GraphObject) => boolean) | null) => {
      const everything = call.version === "beta" && mentions(filter, "signInEventTypes");
      const collection = everything ? ctx.index.allSignIns : ctx.index.interactiveSignIns;
      return collection.query(filter, predicate, call.version === "beta" ? BETA_SIGN_IN_FILTER : V1_SIGN_IN_FILTER);
    },
    shape: shapeSignIn(call),
  };
}

/** One item of a report collection by id (a scan; single gets are rare). */
export function singleByScan(call: GraphCall, ctx: RouteContext, items: readonly GraphObject[], id: string, context: string, shape?: (item: GraphObject) => GraphObject): ReturnType<RouteDefinition["handle"]> {
  rejectOptionsExcept(call, ["$select"], "reports");
  const found = items.find((item) => typeof item.id === "string" && item.id.toLowerCase() === id.toLowerCase());
  if (!found) throw notFound("reports", id);
  const select = parseSelect(call.query.get("$select"));
  return {
    status: 200,
    body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#${context}/$entity`, ...projectItem(shape ? shape(found) : found, select) },
  };
}

const P1 = { key: "entraIdP1" as const, error: notLicensed.premium };

export const auditLogRoutes: RouteDefinition[] = [
  {
    id: "signIns.list",
    method: "GET",
    pattern: "auditLogs/signIns",
    flavour: "reports",
    throttle: "reports",
    permissions: AUDIT_READ,
    licence: P1,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = {
        context: "auditLogs/signIns",
        flavour: "reports",
        options: ["$filter", "$top", "$skiptoken", "$orderby", "$select"],
        filter: call.version === "beta" ? BETA_SIGN_IN_FILTER : V1_SIGN_IN_FILTER,
        pageSize: REPORT_PAGE,
        paging: "skiptoken",
        orderBy: ["createdDateTime"],
        naturalOrder: "createdDateTime",
      };
      return serveCollection(call, spec, signInSource(call, ctx), ctx.serve, "signIns.list");
    },
  },
  {
    id: "signIns.get",
    method: "GET",
    pattern: "auditLogs/signIns/:id",
    flavour: "reports",
    throttle: "reports",
    permissions: AUDIT_READ,
    licence: P1,
    handle(call, params, ctx) {
      const items = call.version === "beta" ? ctx.index.allSignIns.base().items : ctx.index.interactiveSignIns.base().items;
      return singleByScan(call, ctx, items, params.id, "auditLogs/signIns", shapeSignIn(call));
    },
  },
  {
    id: "directoryAudits.list",
    method: "GET",
    pattern: "auditLogs/directoryAudits",
    flavour: "reports",
    throttle: "reports",
    permissions: AUDIT_READ,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = {
        context: "auditLogs/directoryAudits",
        flavour: "reports",
        options: ["$filter", "$top", "$skiptoken", "$orderby", "$select"],
        filter: DIRECTORY_AUDIT_FILTER,
        pageSize: REPORT_PAGE,
        paging: "skiptoken",
        orderBy: ["activityDateTime"],
        naturalOrder: "activityDateTime",
      };
      return serveCollection(call, spec, { query: (filter, predicate) => ctx.index.directoryAudits.query(filter, predicate, DIRECTORY_AUDIT_FILTER) }, ctx.serve, "directoryAudits.list");
    },
  },
  {
    id: "directoryAudits.get",
    method: "GET",
    pattern: "auditLogs/directoryAudits/:id",
    flavour: "reports",
    throttle: "reports",
    permissions: AUDIT_READ,
    handle(call, params, ctx) {
      return singleByScan(call, ctx, ctx.index.directoryAudits.base().items, params.id, "auditLogs/directoryAudits");
    },
  },
];
