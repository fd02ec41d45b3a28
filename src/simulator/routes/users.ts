import { anyOf, satisfies } from "../auth/permissions.js";
import type { GraphCall } from "../http/call.js";
import { accessDenied, notLicensed } from "../http/errors.js";
import { rejectOptionsExcept, serveCollection, type CollectionSpec } from "../odata/collection.js";
import type { FilterNode, FilterOp } from "../odata/filter-ast.js";
import { rule, type FilterSchema, type PropertyRule } from "../odata/filter-schema.js";
import { SliceResult } from "../odata/result-set.js";
import { parseSelect, projectItem } from "../odata/select.js";
import { hasLicence, requireUser, type RouteContext, type RouteDefinition } from "./route-kit.js";

/** Members Graph returns for a user when there is no $select. */
export const USER_DEFAULT_SELECT = ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];

const text = (): PropertyRule => ({ type: "string", ops: ["eq", "startswith", "in"], advancedOps: ["ne", "endswith"] });
const USER_FILTER: FilterSchema = {
  entityType: "microsoft.graph.user",
  properties: {
    id: { type: "guid", ops: ["eq", "in"], advancedOps: ["ne"] },
    userPrincipalName: text(),
    displayName: text(),
    mail: text(),
    givenName: text(),
    surname: text(),
    jobTitle: text(),
    department: text(),
    companyName: text(),
    city: text(),
    country: text(),
    state: text(),
    employeeId: text(),
    userType: { type: "enum", ops: ["eq", "in"], advancedOps: ["ne"] },
    accountEnabled: { type: "boolean", ops: ["eq"], advancedOps: ["ne"] },
    onPremisesSyncEnabled: { type: "boolean", ops: ["eq"], advancedOps: ["ne"] },
    createdDateTime: { type: "datetime", ops: ["eq", "ge", "le", "gt", "lt", "in"] as FilterOp[], advancedOps: ["ne"] },
    "signInActivity/lastSignInDateTime": rule.datetime(),
    "signInActivity/lastNonInteractiveSignInDateTime": rule.datetime(),
    "signInActivity/lastSuccessfulSignInDateTime": rule.datetime(),
  },
  lambdas: {
    otherMails: { quantifiers: ["any"], element: { "": { type: "string", ops: ["eq", "startswith"] } } },
    proxyAddresses: { quantifiers: ["any"], element: { "": { type: "string", ops: ["eq", "startswith"] } } },
    identities: { quantifiers: ["any"], element: { issuerAssignedId: rule.string(), issuer: rule.string() } },
    assignedLicenses: { quantifiers: ["any"], element: { skuId: rule.guid() } },
  },
  or: true,
  not: "advanced",
};

const READ = anyOf("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

/**
 * signInActivity is a premium (P1) report member and needs AuditLog.Read.All besides the user
 * permission; selecting or filtering on it without either fails the whole request.
 */
function checkSignInActivity(ctx: RouteContext, select: string[] | null, filterText: string | undefined): void {
  const selected = select?.some((name) => name.toLowerCase() === "signinactivity") ?? false;
  const filtered = filterText?.toLowerCase().includes("signinactivity") ?? false;
  if (!selected && !filtered) return;
  if (!hasLicence(ctx.state, "entraIdP1")) throw notLicensed.premium();
  if (!satisfies(ctx.roles, anyOf("AuditLog.Read.All"))) throw accessDenied("directory");
}

function listCost(call: GraphCall): number {
  let cost = 2;
  if (call.query.has("$select")) cost--;
  const top = Number(call.query.get("$top"));
  if (Number.isInteger(top) && top < 20) cost--;
  return Math.max(1, cost);
}

export const userRoutes: RouteDefinition[] = [
  {
    id: "users.list",
    method: "GET",
    pattern: "users",
    flavour: "directory",
    throttle: "identity",
    permissions: READ,
    cost: listCost,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = {
        context: "users",
        flavour: "directory",
        options: ["$filter", "$select", "$top", "$orderby", "$count", "$skiptoken"],
        filter: USER_FILTER,
        pageSize: { default: 100, max: 999, overMax: "reject" },
        paging: "skiptoken",
        orderBy: ["displayName", "userPrincipalName"],
        countNeedsEventual: true,
        defaultSelect: USER_DEFAULT_SELECT,
      };
      const users = ctx.state.users ?? [];
      return serveCollection(
        call,
        spec,
        {
          query: (_filter: FilterNode | null, predicate) => new SliceResult(predicate ? users.filter(predicate) : users),
          check: (select) => checkSignInActivity(ctx, select, call.query.get("$filter")),
        },
        ctx.serve,
        "users.list",
      );
    },
  },
  {
    id: "users.get",
    method: "GET",
    pattern: "users/:user",
    flavour: "directory",
    throttle: "identity",
    permissions: READ,
    cost: () => 1,
    handle(call, params, ctx) {
      rejectOptionsExcept(call, ["$select"], "directory");
      const select = parseSelect(call.query.get("$select"));
      checkSignInActivity(ctx, select, undefined);
      const user = requireUser(ctx, params.user);
      const context = `users${select ? `(${select.join(",")})` : ""}/$entity`;
      return {
        status: 200,
        body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#${context}`, ...projectItem(user, select ?? USER_DEFAULT_SELECT) },
      };
    },
  },
];
