import { anyOf } from "../auth/permissions.js";
import { notLicensed } from "../http/errors.js";
import { serveCollection, type CollectionSpec } from "../odata/collection.js";
import { rule, type FilterSchema, type PropertyRule } from "../odata/filter-schema.js";
import { singleByScan } from "./audit-logs.js";
import type { RouteDefinition } from "./route-kit.js";

const choice = (): PropertyRule => ({ type: "enum", ops: ["eq", "ne", "in"] });

/** alerts_v2 filterable members (graph-api.md §1.8). */
const ALERT_FILTER: FilterSchema = {
  entityType: "microsoft.graph.security.alert",
  properties: {
    assignedTo: { type: "string", ops: ["eq", "ne", "in"] },
    classification: choice(),
    determination: choice(),
    createdDateTime: rule.datetime(),
    lastUpdateDateTime: rule.datetime(),
    severity: choice(),
    serviceSource: choice(),
    status: choice(),
  },
  or: true,
};

const ALERT_READ = anyOf("SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All");
const DEFENDER = { key: "defender" as const, error: notLicensed.feature };

export const alertRoutes: RouteDefinition[] = [
  {
    id: "alerts.list",
    method: "GET",
    pattern: "security/alerts_v2",
    flavour: "security",
    throttle: "security",
    permissions: ALERT_READ,
    licence: DEFENDER,
    handle(call, _params, ctx) {
      // Only $count, $filter, $skip and $top; paging by $skip (no $select, no $orderby).
      const spec: CollectionSpec = {
        context: "security/alerts_v2",
        flavour: "security",
        options: ["$filter", "$top", "$skip", "$count"],
        filter: ALERT_FILTER,
        pageSize: { default: 100, max: 2000, overMax: "clamp" },
        paging: "skip",
      };
      return serveCollection(call, spec, { query: (filter, predicate) => ctx.index.alerts.query(filter, predicate, ALERT_FILTER) }, ctx.serve, "alerts.list");
    },
  },
  {
    id: "alerts.get",
    method: "GET",
    pattern: "security/alerts_v2/:id",
    flavour: "security",
    throttle: "security",
    permissions: ALERT_READ,
    licence: DEFENDER,
    handle(call, params, ctx) {
      return singleByScan(call, ctx, ctx.index.alerts.base().items, params.id, "security/alerts_v2");
    },
  },
];
