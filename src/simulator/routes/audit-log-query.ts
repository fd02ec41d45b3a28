import { randomUUID } from "node:crypto";
import type { GraphObject } from "../../snapshot/types.js";
import { anyOf } from "../auth/permissions.js";
import { parseGraphDate, realMs, type SimulatorClock } from "../clock.js";
import { badRequest, notFound, notLicensed } from "../http/errors.js";
import { serveCollection, type CollectionSpec } from "../odata/collection.js";
import { SliceResult } from "../odata/result-set.js";
import type { RouteContext, RouteDefinition } from "./route-kit.js";

/** Graph seconds a query stays "running" before it succeeds (scaled by timeScale). */
const QUERY_RUNTIME_MS = 5_000;

interface StoredQuery {
  query: GraphObject;
  createdMono: number;
  createdWall: number;
  polled: boolean;
}

const STRING_LISTS = ["recordTypeFilters", "operationFilters", "userPrincipalNameFilters", "ipAddressFilters", "objectIdFilters", "administrativeUnitIdFilters", "serviceFilters"];

/**
 * Audit log queries (security/auditLog/queries): created notStarted, running on the first poll,
 * succeeded once the scaled runtime has passed on either clock (real elapsed time, or the injected
 * wall clock so tests can step time).
 */
export class AuditQueryStore {
  private readonly queries = new Map<string, StoredQuery>();

  constructor(private readonly clock: SimulatorClock) {}

  create(body: Record<string, unknown>): GraphObject {
    const id = randomUUID();
    const query: GraphObject = {
      id,
      displayName: typeof body.displayName === "string" ? body.displayName : null,
      filterStartDateTime: body.filterStartDateTime ?? null,
      filterEndDateTime: body.filterEndDateTime ?? null,
      recordTypeFilters: [],
      keywordFilter: typeof body.keywordFilter === "string" ? body.keywordFilter : null,
      serviceFilter: typeof body.serviceFilter === "string" ? body.serviceFilter : null,
      operationFilters: [],
      userPrincipalNameFilters: [],
      ipAddressFilters: [],
      objectIdFilters: [],
      administrativeUnitIdFilters: [],
      status: "notStarted",
    };
    for (const name of STRING_LISTS) if (Array.isArray(body[name])) query[name] = body[name];
    this.queries.set(id, { query, createdMono: this.clock.elapsedMs(), createdWall: this.clock.now().getTime(), polled: false });
    return { ...query };
  }

  /** The query with its current status, advancing it as time passes. */
  get(id: string): GraphObject | undefined {
    const stored = this.queries.get(id.toLowerCase());
    if (!stored) return undefined;
    const elapsed = Math.max(this.clock.elapsedMs() - stored.createdMono, (this.clock.now().getTime() - stored.createdWall) * this.clock.timeScale);
    if (elapsed >= realMs(this.clock, QUERY_RUNTIME_MS)) stored.query.status = "succeeded";
    else if (stored.polled) stored.query.status = "running";
    stored.polled = true;
    return { ...stored.query };
  }

  list(): GraphObject[] {
    return [...this.queries.keys()].map((id) => this.get(id) as GraphObject);
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string").map((item) => item.toLowerCase()) : [];
}

/** Records matching a query's time window and filters (all list filters are case-insensitive). */
function matchingRecords(ctx: RouteContext, query: GraphObject): GraphObject[] {
  const start = parseGraphDate(query.filterStartDateTime);
  const end = parseGraphDate(query.filterEndDateTime);
  const types = stringList(query.recordTypeFilters);
  const operations = stringList(query.operationFilters);
  const upns = stringList(query.userPrincipalNameFilters);
  const ips = stringList(query.ipAddressFilters);
  const objects = stringList(query.objectIdFilters);
  const services = [...stringList(query.serviceFilters), ...(typeof query.serviceFilter === "string" ? [query.serviceFilter.toLowerCase()] : [])];
  const keyword = typeof query.keywordFilter === "string" ? query.keywordFilter.toLowerCase() : "";
  const lower = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : "");
  const base = ctx.index.auditLogRecords.base();
  const [from, to] = base.range(Number.isNaN(start) ? undefined : { time: start, inclusive: true }, Number.isNaN(end) ? undefined : { time: end, inclusive: false });
  const found: GraphObject[] = [];
  for (let i = from; i < to; i++) {
    const record = base.items[i];
    if (types.length && !types.includes(lower(record.auditLogRecordType))) continue;
    if (operations.length && !operations.includes(lower(record.operation))) continue;
    if (upns.length && !upns.includes(lower(record.userPrincipalName)) && !upns.includes(lower(record.userId))) continue;
    if (ips.length && !ips.includes(lower(record.clientIp))) continue;
    if (objects.length && !objects.includes(lower(record.objectId))) continue;
    if (services.length && !services.includes(lower(record.service))) continue;
    if (keyword && !JSON.stringify(record.auditData ?? {}).toLowerCase().includes(keyword)) continue;
    found.push(record);
  }
  return found;
}

function validateBody(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("security", "The request body must be a JSON auditLogQuery object.");
  const record = body as Record<string, unknown>;
  for (const name of ["filterStartDateTime", "filterEndDateTime"]) {
    if (record[name] !== undefined && Number.isNaN(parseGraphDate(record[name]))) throw badRequest("security", `'${name}' must be an ISO-8601 date-time.`);
  }
  for (const name of STRING_LISTS) {
    const value = record[name];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== "string"))) throw badRequest("security", `'${name}' must be a collection of strings.`);
  }
  return record;
}

const QUERY_PERMISSIONS = anyOf(
  "AuditLogsQuery.Read.All",
  "AuditLogsQuery-Exchange.Read.All",
  "AuditLogsQuery-Entra.Read.All",
  "AuditLogsQuery-OneDrive.Read.All",
  "AuditLogsQuery-SharePoint.Read.All",
  "AuditLogsQuery-Endpoint.Read.All",
  "AuditLogsQuery-CRM.Read.All",
);
const LICENCE = { key: "auditLogQuery" as const, error: notLicensed.feature };
const CONTEXT = "security/auditLog/queries";

function requireQuery(ctx: RouteContext, id: string): GraphObject {
  const query = ctx.auditQueries.get(id);
  if (!query) throw notFound("security", id);
  return query;
}

export const auditLogQueryRoutes: RouteDefinition[] = [
  {
    id: "auditLogQueries.create",
    method: "POST",
    pattern: "security/auditLog/queries",
    flavour: "security",
    throttle: "security",
    permissions: QUERY_PERMISSIONS,
    licence: LICENCE,
    handle(call, _params, ctx) {
      const query = ctx.auditQueries.create(validateBody(call.body));
      ctx.changed();
      return { status: 201, body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#${CONTEXT}/$entity`, ...query } };
    },
  },
  {
    id: "auditLogQueries.list",
    method: "GET",
    pattern: "security/auditLog/queries",
    flavour: "security",
    throttle: "security",
    permissions: QUERY_PERMISSIONS,
    licence: LICENCE,
    handle(call, _params, ctx) {
      const spec: CollectionSpec = { context: CONTEXT, flavour: "security", options: ["$top", "$skiptoken"], pageSize: { default: 100, max: 1000, overMax: "clamp" }, paging: "skiptoken" };
      const queries = ctx.auditQueries.list();
      return serveCollection(call, spec, { query: () => new SliceResult(queries) }, ctx.serve, "auditLogQueries.list");
    },
  },
  {
    id: "auditLogQueries.get",
    method: "GET",
    pattern: "security/auditLog/queries/:id",
    flavour: "security",
    throttle: "security",
    permissions: QUERY_PERMISSIONS,
    licence: LICENCE,
    handle(call, params, ctx) {
      const query = requireQuery(ctx, params.id);
      return { status: 200, body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#${CONTEXT}/$entity`, ...query } };
    },
  },
  {
    id: "auditLogQueries.records",
    method: "GET",
    pattern: "security/auditLog/queries/:id/records",
    flavour: "security",
    throttle: "security",
    permissions: QUERY_PERMISSIONS,
    licence: LICENCE,
    handle(call, params, ctx) {
      const query = requireQuery(ctx, params.id);
      if (query.status !== "succeeded") {
        throw badRequest("security", `Audit log query '${params.id}' has not finished (status '${String(query.status)}'); poll the query until its status is 'succeeded'.`);
      }
      const spec: CollectionSpec = {
        context: `${CONTEXT}('${params.id}')/records`,
        flavour: "security",
        options: ["$top", "$skiptoken"],
        pageSize: { default: 150, max: 1000, overMax: "clamp" },
        paging: "skiptoken",
      };
      return serveCollection(call, spec, { query: () => new SliceResult(matchingRecords(ctx, query)) }, ctx.serve, "auditLogQueries.records");
    },
  },
];
