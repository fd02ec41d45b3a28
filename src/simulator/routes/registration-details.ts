import { anyOf } from "../auth/permissions.js";
import { notLicensed } from "../http/errors.js";
import { serveCollection, type CollectionSpec } from "../odata/collection.js";
import { rule, type FilterSchema, type PropertyRule } from "../odata/filter-schema.js";
import { SliceResult } from "../odata/result-set.js";
import { singleByScan } from "./audit-logs.js";
import type { RouteDefinition } from "./route-kit.js";

const flag = (): PropertyRule => rule.boolean();

/** userRegistrationDetails filters (graph-api.md §1.6a). */
const REGISTRATION_FILTER: FilterSchema = {
  entityType: "microsoft.graph.userRegistrationDetails",
  properties: {
    id: rule.guid(),
    userPrincipalName: rule.string("startswith"),
    userDisplayName: rule.string("startswith"),
    userType: rule.enum(),
    isAdmin: flag(),
    isMfaCapable: flag(),
    isMfaRegistered: flag(),
    isPasswordlessCapable: flag(),
    isSsprCapable: flag(),
    isSsprEnabled: flag(),
    isSsprRegistered: flag(),
    isSystemPreferredAuthenticationMethodEnabled: flag(),
    lastUpdatedDateTime: rule.datetime(),
  },
  lambdas: {
    methodsRegistered: { quantifiers: ["any"], element: { "": rule.enum() } },
    systemPreferredAuthenticationMethods: { quantifiers: ["any"], element: { "": rule.enum() } },
  },
  or: true,
};

const READ = anyOf("AuditLog.Read.All");
const P1 = { key: "entraIdP1" as const, error: notLicensed.premium };

export const registrationDetailRoutes: RouteDefinition[] = [
  {
    id: "userRegistrationDetails.list",
    method: "GET",
    pattern: "reports/authenticationMethods/userRegistrationDetails",
    flavour: "reports",
    throttle: "reports",
    permissions: READ,
    licence: P1,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = {
        context: "reports/authenticationMethods/userRegistrationDetails",
        flavour: "reports",
        options: ["$filter", "$orderby", "$top", "$skiptoken"],
        filter: REGISTRATION_FILTER,
        pageSize: { default: 100, max: 1000, overMax: "clamp" },
        paging: "skiptoken",
        orderBy: ["userPrincipalName", "userDisplayName", "lastUpdatedDateTime"],
      };
      const items = ctx.state.userRegistrationDetails ?? [];
      return serveCollection(call, spec, { query: (_filter, predicate) => new SliceResult(predicate ? items.filter(predicate) : items) }, ctx.serve, "userRegistrationDetails.list");
    },
  },
  {
    id: "userRegistrationDetails.get",
    method: "GET",
    pattern: "reports/authenticationMethods/userRegistrationDetails/:id",
    flavour: "reports",
    throttle: "reports",
    permissions: READ,
    licence: P1,
    handle(call, params, ctx) {
      return singleByScan(call, ctx, ctx.state.userRegistrationDetails ?? [], params.id, "reports/authenticationMethods/userRegistrationDetails");
    },
  },
];
