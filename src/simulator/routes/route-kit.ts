import type { GraphObject, SnapshotLicenses, TenantSnapshot } from "../../snapshot/types.js";
import type { PermissionRequirement } from "../auth/permissions.js";
import type { SimulatorClock } from "../clock.js";
import type { GraphCall } from "../http/call.js";
import { notFound, type ErrorFlavour } from "../http/errors.js";
import type { GraphHttpError, GraphResult } from "../http/wire.js";
import type { ServeContext } from "../odata/collection.js";
import type { TenantIndex } from "../tenant/tenant-index.js";
import type { ThrottleClass } from "../throttle/throttler.js";
import type { RouteId } from "../types.js";
import type { AuditQueryStore } from "./audit-log-query.js";

/** Everything a handler may use; `roles` are the calling token's application permissions. */
export interface RouteContext {
  index: TenantIndex;
  state: TenantSnapshot;
  clock: SimulatorClock;
  serve: ServeContext;
  roles: ReadonlySet<string>;
  tenantId: string;
  auditQueries: AuditQueryStore;
  /** Marks the state as changed by a write (invalidates cached query results). */
  changed(): void;
}

export type RouteParams = Record<string, string>;

export interface RouteDefinition {
  id: RouteId;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Segments; ":name" captures one segment, a trailing "**" any rest. Literals match case-insensitively. */
  pattern: string;
  flavour: ErrorFlavour;
  throttle: ThrottleClass;
  permissions: PermissionRequirement | ((call: GraphCall, params: RouteParams) => PermissionRequirement);
  /** A licence the tenant must hold for this route, and the error Graph gives without it. */
  licence?: { key: keyof SnapshotLicenses; error: () => GraphHttpError };
  /** Resource units for identity-throttled routes. */
  cost?: (call: GraphCall) => number;
  /** Extra constraint on captured params (e.g. only the typed method collections). */
  accepts?: (params: RouteParams) => boolean;
  handle(call: GraphCall, params: RouteParams, ctx: RouteContext): GraphResult;
}

export function hasLicence(state: TenantSnapshot, key: keyof SnapshotLicenses): boolean {
  return state.licenses?.[key] !== false;
}

export function requireUser(ctx: RouteContext, idOrUpn: string, flavour: ErrorFlavour = "directory"): GraphObject {
  const user = ctx.index.user(idOrUpn);
  if (!user) throw notFound(flavour, idOrUpn);
  return user;
}

/** `$metadata#users('<id>')` prefix for navigation contexts. */
export function userContext(user: GraphObject | undefined, key: string): string {
  const id = typeof user?.id === "string" ? user.id : key;
  return `users('${encodeURIComponent(id)}')`;
}

export function entityBody(call: GraphCall, ctx: RouteContext, context: string, item: GraphObject): GraphResult {
  return { status: 200, body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#${context}`, ...item } };
}
