import type { GraphObject } from "../../snapshot/types.js";
import { anyOf } from "../auth/permissions.js";
import { notFound } from "../http/errors.js";
import { rejectOptionsExcept, serveCollection, type CollectionSpec } from "../odata/collection.js";
import { rule, type FilterSchema, type PropertyRule } from "../odata/filter-schema.js";
import { SliceResult } from "../odata/result-set.js";
import { parseSelect, projectItem } from "../odata/select.js";
import { requireUser, type RouteDefinition } from "./route-kit.js";

const text = (): PropertyRule => ({ type: "string", ops: ["eq", "startswith", "in"], advancedOps: ["ne", "endswith"] });

const SERVICE_PRINCIPAL_FILTER: FilterSchema = {
  entityType: "microsoft.graph.servicePrincipal",
  properties: {
    id: { type: "guid", ops: ["eq", "in"], advancedOps: ["ne"] },
    appId: { type: "guid", ops: ["eq", "in"], advancedOps: ["ne"] },
    displayName: text(),
    publisherName: text(),
    servicePrincipalType: { type: "enum", ops: ["eq", "in"], advancedOps: ["ne"] },
    accountEnabled: { type: "boolean", ops: ["eq"], advancedOps: ["ne"] },
    appOwnerOrganizationId: { type: "guid", ops: ["eq", "in"], advancedOps: ["ne"] },
    signInAudience: { type: "enum", ops: ["eq", "in"], advancedOps: ["ne"] },
  },
  lambdas: {
    tags: { quantifiers: ["any"], element: { "": { type: "string", ops: ["eq", "startswith"] } } },
    servicePrincipalNames: { quantifiers: ["any"], element: { "": { type: "string", ops: ["eq", "startswith"] } } },
  },
  or: true,
  not: "advanced",
};

const GRANT_FILTER: FilterSchema = {
  entityType: "microsoft.graph.oAuth2PermissionGrant",
  properties: {
    id: rule.string(),
    clientId: rule.guid("in"),
    consentType: rule.enum(),
    principalId: rule.guid("in"),
    resourceId: rule.guid("in"),
  },
  or: true,
};

const DIRECTORY_PAGE = { default: 100, max: 999, overMax: "reject" as const };
const SP_READ = anyOf("Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");
const GRANT_READ = anyOf("DelegatedPermissionGrant.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

function grantSpec(): CollectionSpec {
  return {
    context: "oauth2PermissionGrants",
    flavour: "directory",
    options: ["$filter", "$select", "$top", "$skiptoken"],
    filter: GRANT_FILTER,
    pageSize: DIRECTORY_PAGE,
    paging: "skiptoken",
  };
}

function listSource(items: GraphObject[]) {
  return { query: (_filter: unknown, predicate: ((item: GraphObject) => boolean) | null) => new SliceResult(predicate ? items.filter(predicate) : items) };
}

export const directoryObjectRoutes: RouteDefinition[] = [
  {
    id: "organization.list",
    method: "GET",
    pattern: "organization",
    flavour: "directory",
    throttle: "identity",
    permissions: anyOf("Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
    cost: () => 1,
    handle(call, _params, ctx) {
      const organization = ctx.state.organization ?? { id: ctx.tenantId, displayName: "Simulated tenant", verifiedDomains: [] };
      const spec: CollectionSpec = { context: "organization", flavour: "directory", options: ["$select"], pageSize: DIRECTORY_PAGE, paging: "skiptoken" };
      return serveCollection(call, spec, listSource([organization]), ctx.serve, "organization.list");
    },
  },
  {
    id: "servicePrincipals.list",
    method: "GET",
    pattern: "servicePrincipals",
    flavour: "directory",
    throttle: "identity",
    permissions: SP_READ,
    cost: () => 1,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = {
        context: "servicePrincipals",
        flavour: "directory",
        options: ["$filter", "$select", "$top", "$orderby", "$count", "$skiptoken"],
        filter: SERVICE_PRINCIPAL_FILTER,
        pageSize: DIRECTORY_PAGE,
        paging: "skiptoken",
        orderBy: ["displayName"],
        countNeedsEventual: true,
      };
      return serveCollection(call, spec, listSource(ctx.state.servicePrincipals ?? []), ctx.serve, "servicePrincipals.list");
    },
  },
  {
    id: "servicePrincipals.get",
    method: "GET",
    pattern: "servicePrincipals/:key",
    flavour: "directory",
    throttle: "identity",
    permissions: SP_READ,
    cost: () => 1,
    handle(call, params, ctx) {
      rejectOptionsExcept(call, ["$select"], "directory");
      // Alternate key syntax: servicePrincipals(appId='...').
      const byAppId = /^appId='(.*)'$/i.exec(params.key);
      const wanted = (byAppId ? byAppId[1] : params.key).toLowerCase();
      const member = byAppId ? "appId" : "id";
      const found = (ctx.state.servicePrincipals ?? []).find((sp) => typeof sp[member] === "string" && (sp[member] as string).toLowerCase() === wanted);
      if (!found) throw notFound("directory", params.key);
      const select = parseSelect(call.query.get("$select"));
      return {
        status: 200,
        body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#servicePrincipals${select ? `(${select.join(",")})` : ""}/$entity`, ...projectItem(found, select) },
      };
    },
  },
  {
    id: "oauth2PermissionGrants.list",
    method: "GET",
    pattern: "oauth2PermissionGrants",
    flavour: "directory",
    throttle: "identity",
    permissions: GRANT_READ,
    cost: () => 2,
    handle(call, _params, ctx) {
      return serveCollection(call, grantSpec(), listSource(ctx.state.oauth2PermissionGrants ?? []), ctx.serve, "oauth2PermissionGrants.list");
    },
  },
  {
    id: "oauth2PermissionGrants.user",
    method: "GET",
    pattern: "users/:user/oauth2PermissionGrants",
    flavour: "directory",
    throttle: "identity",
    permissions: GRANT_READ,
    cost: () => 2,
    handle(call, params, ctx) {
      const user = requireUser(ctx, params.user);
      const id = String(user.id).toLowerCase();
      // Only the user's own consents: admin (AllPrincipals) grants are not listed here.
      const grants = (ctx.state.oauth2PermissionGrants ?? []).filter(
        (grant) => String(grant.consentType).toLowerCase() === "principal" && typeof grant.principalId === "string" && grant.principalId.toLowerCase() === id,
      );
      return serveCollection(call, grantSpec(), listSource(grants), ctx.serve, "oauth2PermissionGrants.user");
    },
  },
];
