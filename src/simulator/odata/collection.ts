import type { GraphCall } from "../http/call.js";
import { badQuery, type ErrorFlavour } from "../http/errors.js";
import { GraphHttpError, type GraphResult } from "../http/wire.js";
import { FilterError, type FilterNode } from "./filter-ast.js";
import { compileFilter, readPath, type Item, type Predicate } from "./filter-compile.js";
import { parseFilter } from "./filter-parser.js";
import { findRule, type FilterSchema } from "./filter-schema.js";
import { materialize, SliceResult, type ResultSet } from "./result-set.js";
import { parseGraphDate } from "../clock.js";
import { projectItem, parseSelect } from "./select.js";
import type { RouteId } from "../types.js";

export type QueryOption = "$filter" | "$select" | "$top" | "$orderby" | "$count" | "$skip" | "$skiptoken";

/** How one Graph collection endpoint pages, filters and sorts, from its documentation. */
export interface CollectionSpec {
  /** Entity-set path for @odata.context, e.g. "auditLogs/signIns" or "users('x')/messages". */
  context: string;
  flavour: ErrorFlavour;
  options: QueryOption[];
  filter?: FilterSchema;
  pageSize: { default: number; max: number; overMax: "clamp" | "reject" };
  paging: "skiptoken" | "skip";
  /** Properties $orderby accepts (schema spelling). */
  orderBy?: string[];
  /** The source returns items newest first by this property, so ordering by it is free. */
  naturalOrder?: string;
  /** Directory objects need `ConsistencyLevel: eventual` for $count and advanced filters. */
  countNeedsEventual?: boolean;
  /** Outlook: with $orderby, the ordered property must come first in $filter. */
  orderByMustLeadFilter?: boolean;
  /** Outlook always returns id (and @odata.etag) alongside a $select. */
  selectKeeps?: string[];
  /** Members returned when there is no $select (Graph's default property set). */
  defaultSelect?: string[];
}

export interface CollectionSource {
  /** Items matching the filter in the endpoint's natural order. */
  query(filter: FilterNode | null, predicate: Predicate | null): ResultSet;
  /** Shapes an item for the wire (version stripping, computed members) before $select. */
  shape?(item: Item): Item;
  /** Extra check once the query options are known (licences for selected members, ...). */
  check?(select: string[] | null, filter: FilterNode | null): void;
}

export interface ServeContext {
  baseUrl: string;
  cache: ResultCache;
  stateVersion: number;
  /** Default page sizes overridden per route (tests use small pages to exercise paging). */
  pageSizes: Partial<Record<RouteId, number>>;
}

/** Small LRU of computed results so following nextLinks does not re-run the query. */
export class ResultCache {
  private readonly entries = new Map<string, ResultSet>();

  constructor(private readonly capacity = 32) {}

  get(key: string): ResultSet | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: ResultSet): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** Serves one page of a collection with Graph's OData behaviour for that endpoint. */
export function serveCollection(call: GraphCall, spec: CollectionSpec, source: CollectionSource, ctx: ServeContext, route: RouteId): GraphResult {
  rejectOptionsExcept(call, spec.options, spec.flavour);
  const override = ctx.pageSizes[route];
  const pageSize = readTop(call, override === undefined ? spec : { ...spec, pageSize: { ...spec.pageSize, default: override } });
  const wantsCount = readCount(call, spec);
  const eventual = (call.headers["consistencylevel"] ?? "").toLowerCase() === "eventual";
  const filterText = call.query.get("$filter");
  const filter = filterText === undefined ? null : parseOrThrow(filterText, spec.flavour);
  const predicate = filter && spec.filter ? compileOrThrow(filter, spec.filter, spec.flavour, eventual && wantsCount) : null;
  const orderBy = readOrderBy(call, spec, filter);
  const select = parseSelect(call.query.get("$select"));
  source.check?.(select, filter);
  const offset = readOffset(call, spec);

  // The path carries the user, folder or query id, so it scopes the cache along with the options.
  const cacheKey = [route, call.version, call.segments.join("/").toLowerCase(), filterText ?? "", call.query.get("$orderby") ?? "", ctx.stateVersion].join("\u0000");
  let result = ctx.cache.get(cacheKey);
  if (!result) {
    result = sortResult(source.query(filter, predicate), orderBy, spec);
    ctx.cache.set(cacheKey, result);
  }

  const end = Math.min(result.length, offset + pageSize);
  const value: Item[] = [];
  for (let i = offset; i < end; i++) {
    const item = source.shape ? source.shape(result.at(i)) : result.at(i);
    value.push(projectItem(item, select ?? spec.defaultSelect ?? null, spec.selectKeeps));
  }
  const body: Record<string, unknown> = {
    "@odata.context": `${ctx.baseUrl}/${call.version}/$metadata#${spec.context}${select ? `(${select.join(",")})` : ""}`,
  };
  if (wantsCount && offset === 0) body["@odata.count"] = result.length;
  if (end < result.length) body["@odata.nextLink"] = nextLink(call, spec, ctx, end);
  body.value = value;
  return { status: 200, body };
}

/** Graph refuses system query options an endpoint does not support (custom parameters are ignored). */
export function rejectOptionsExcept(call: GraphCall, allowed: readonly string[], flavour: ErrorFlavour): void {
  for (const name of call.query.keys()) {
    if (!name.startsWith("$") || allowed.includes(name)) continue;
    const option = name.slice(1);
    throw badQuery(flavour, "option", `Query option '${option.charAt(0).toUpperCase()}${option.slice(1)}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`);
  }
}

function readTop(call: GraphCall, spec: CollectionSpec): number {
  const text = call.query.get("$top");
  if (text === undefined) return spec.pageSize.default;
  const top = Number(text);
  if (!Number.isInteger(top) || top < 1 || (top > spec.pageSize.max && spec.pageSize.overMax === "reject")) {
    throw badQuery(spec.flavour, "option", `Invalid page size specified: '${text}'. Must be between 1 and ${spec.pageSize.max} inclusive.`);
  }
  return Math.min(top, spec.pageSize.max);
}

function readCount(call: GraphCall, spec: CollectionSpec): boolean {
  const text = call.query.get("$count");
  if (text === undefined) return false;
  if (text !== "true" && text !== "false") throw badQuery(spec.flavour, "option", `'${text}' is not a valid count option.`);
  if (text === "true" && spec.countNeedsEventual && (call.headers["consistencylevel"] ?? "").toLowerCase() !== "eventual") {
    throw badQuery(spec.flavour, "option", "$count is not currently supported.");
  }
  return text === "true";
}

function parseOrThrow(text: string, flavour: ErrorFlavour): FilterNode {
  try {
    return parseFilter(text);
  } catch (error) {
    if (error instanceof FilterError) throw badQuery(flavour, error.reason, error.message);
    throw error;
  }
}

function compileOrThrow(filter: FilterNode, schema: FilterSchema, flavour: ErrorFlavour, advanced: boolean): Predicate {
  try {
    return compileFilter(filter, schema, { advanced });
  } catch (error) {
    if (error instanceof FilterError) throw badQuery(flavour, error.reason, error.message);
    throw error;
  }
}

interface OrderKey {
  property: string;
  descending: boolean;
}

function readOrderBy(call: GraphCall, spec: CollectionSpec, filter: FilterNode | null): OrderKey[] {
  const text = call.query.get("$orderby");
  if (text === undefined) return [];
  const keys: OrderKey[] = [];
  for (const part of text.split(",")) {
    const [name, direction, extra] = part.trim().split(/\s+/);
    const known = spec.orderBy && findRule(Object.fromEntries(spec.orderBy.map((p) => [p, true])), name ?? "");
    if (!known || extra !== undefined || (direction !== undefined && direction !== "asc" && direction !== "desc")) {
      throw badQuery(spec.flavour, "unsupported", `Order by '${part.trim()}' is not supported for this resource.`);
    }
    keys.push({ property: known.key, descending: direction === "desc" });
  }
  if (spec.orderByMustLeadFilter && filter && keys.length > 0 && firstProperty(filter)?.toLowerCase() !== keys[0].property.toLowerCase()) {
    throw new GraphHttpError(400, "InefficientFilter", "The restriction or sort order is too complex for this operation.");
  }
  return keys;
}

function firstProperty(node: FilterNode): string | undefined {
  switch (node.kind) {
    case "and":
    case "or":
      return firstProperty(node.left);
    case "not":
      return firstProperty(node.operand);
    case "compare":
    case "in":
      return node.left.kind === "property" ? node.left.path.join("/") : undefined;
    case "call":
      return node.args[0]?.kind === "property" ? node.args[0].path.join("/") : undefined;
    case "lambda":
      return node.path.join("/");
  }
}

function sortResult(result: ResultSet, keys: OrderKey[], spec: CollectionSpec): ResultSet {
  if (keys.length === 0) return result;
  if (keys.length === 1 && keys[0].property === spec.naturalOrder && result instanceof SliceResult) {
    return keys[0].descending ? result : result.reverse();
  }
  const items = materialize(result);
  const sortKeys = items.map((item) => keys.map((key) => sortValue(readPath(item, key.property.split("/")))));
  const order = items.map((_, i) => i);
  order.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const diff = compareValues(sortKeys[a][k], sortKeys[b][k]);
      if (diff !== 0) return keys[k].descending ? -diff : diff;
    }
    return a - b;
  });
  return new SliceResult(order.map((i) => items[i]));
}

function sortValue(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const text = String(value);
  const time = /^\d{4}-\d{2}-\d{2}T/.test(text) ? parseGraphDate(text) : Number.NaN;
  return Number.isNaN(time) ? text.toLowerCase() : time;
}

function compareValues(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function readOffset(call: GraphCall, spec: CollectionSpec): number {
  if (spec.paging === "skip") {
    const text = call.query.get("$skip");
    if (text === undefined) return 0;
    const skip = Number(text);
    if (!Number.isInteger(skip) || skip < 0) throw badQuery(spec.flavour, "option", `Invalid value '${text}' for $skip.`);
    return skip;
  }
  const token = call.query.get("$skiptoken");
  if (token === undefined) return 0;
  const offset = decodeSkipToken(token);
  if (offset === undefined) throw badQuery(spec.flavour, "option", "The $skiptoken is not valid; follow @odata.nextLink as returned.");
  return offset;
}

function nextLink(call: GraphCall, spec: CollectionSpec, ctx: ServeContext, offset: number): string {
  const dropped = spec.paging === "skip" ? /^(\$|%24)?skip=/i : /^(\$|%24)?skiptoken=/i;
  const kept = call.rawQuery.split("&").filter((part) => part !== "" && !dropped.test(part));
  kept.push(spec.paging === "skip" ? `$skip=${offset}` : `$skiptoken=${encodeSkipToken(offset)}`);
  return `${ctx.baseUrl}/${call.version}${call.path}?${kept.join("&")}`;
}

/** Opaque to clients (hex, like Graph's), but only an offset into the cached result. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(`phishtrail-sim:${offset}`, "utf8").toString("hex");
}

export function decodeSkipToken(token: string): number | undefined {
  if (!/^[0-9a-f]+$/i.test(token)) return undefined;
  const match = /^phishtrail-sim:(\d+)$/.exec(Buffer.from(token, "hex").toString("utf8"));
  return match ? Number(match[1]) : undefined;
}
