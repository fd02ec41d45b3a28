import { roleSet, satisfies } from "../auth/permissions.js";
import type { TokenIssuer } from "../auth/tokens.js";
import type { SimulatorClock } from "../clock.js";
import { faultError, type FaultInjector, type FiredFault } from "../faults.js";
import { hasLicence, type RouteContext } from "../routes/route-kit.js";
import { matchRoute, type RouteMatch } from "../routes/route-table.js";
import type { Admission, Admitter } from "../throttle/throttler.js";
import type { RequestLogEntry } from "../types.js";
import type { GraphCall } from "./call.js";
import { accessDenied } from "./errors.js";
import { errorResult, GraphHttpError, type GraphResult } from "./wire.js";

export interface PipelineDeps {
  issuer: TokenIssuer;
  faults: FaultInjector;
  throttler: Admitter;
  clock: SimulatorClock;
  shared: Omit<RouteContext, "roles">;
  record(entry: RequestLogEntry): void;
}

/** What one Graph call produced; the caller applies transport faults and then `release`s. */
export interface CallOutcome {
  result: GraphResult;
  fault?: FiredFault;
  entry: RequestLogEntry;
  release(): void;
}

const SUBJECT_IN_FILTER = /\b(?:userId|userPrincipalName|principalId|initiatedBy\/user\/id)\s+eq\s+'((?:[^']|'')*)'/i;

/**
 * The fixed order every Graph call goes through, top-level or inside $batch:
 * route -> token -> fault -> permission -> licence -> throttle -> handler.
 */
export class GraphPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  handle(call: GraphCall, authorization: string | undefined, url: string): CallOutcome {
    const { clock } = this.deps;
    const match = matchRoute(call);
    const entry: RequestLogEntry = {
      time: clock.now().toISOString(),
      method: call.method,
      url,
      path: call.path,
      version: call.version,
      route: match?.route.id ?? "unknown",
      status: 0,
      throttled: false,
      ...(call.inBatch ? { inBatch: true } : {}),
    };
    const subject = match ? this.subjectOf(call, match) : [];
    if (subject.length > 0) entry.userId = subject[0];
    let admission: Admission | undefined;
    let fault: FiredFault | undefined;
    let result: GraphResult;
    try {
      const claims = this.deps.issuer.authenticate(authorization);
      if (!match) throw new GraphHttpError(501, "NotImplemented", `The Graph simulator does not implement ${call.method} /${call.version}${call.path}.`);
      const { route, params } = match;
      fault = this.deps.faults.pick({ route: route.id, users: subject.map((key) => key.toLowerCase()), inBatch: call.inBatch, flavour: route.flavour });
      if (fault) entry.fault = fault.label;
      if (fault?.rule.kind === "status") throw faultError(fault.rule, route.flavour, clock);
      if (fault?.rule.kind === "reset") {
        result = { status: 0 };
      } else {
        const roles = roleSet(claims.roles);
        const requirement = typeof route.permissions === "function" ? route.permissions(call, params) : route.permissions;
        if (!satisfies(roles, requirement)) throw accessDenied(route.flavour);
        if (route.licence && !hasLicence(this.deps.shared.state, route.licence.key)) throw route.licence.error();
        admission = this.deps.throttler.admit({
          throttle: route.throttle,
          mailbox: route.throttle === "outlook" ? (subject[0] ?? params.user ?? "").toLowerCase() : undefined,
          cost: route.cost?.(call),
          signInActivity: /signinactivity/i.test(call.query.get("$select") ?? ""),
        });
        result = route.handle(call, params, { ...this.deps.shared, roles });
        result = { ...result, headers: { ...admission.headers, ...result.headers } };
      }
    } catch (error) {
      const graphError =
        error instanceof GraphHttpError
          ? error
          : new GraphHttpError(500, "InternalServerError", `The Graph simulator failed on this request: ${error instanceof Error ? error.message : String(error)}`);
      result = errorResult(graphError, call.ids, clock.now());
    }
    entry.status = result.status;
    entry.throttled = result.status === 429;
    this.deps.record(entry);
    return { result, fault, entry, release: () => admission?.release() };
  }

  /** The user a call is about: the `{user}` in its path, or a user named in its $filter. */
  private subjectOf(call: GraphCall, match: RouteMatch): string[] {
    const key = match.params.user ?? SUBJECT_IN_FILTER.exec(call.query.get("$filter") ?? "")?.[1]?.replace(/''/g, "'");
    if (!key) return [];
    const user = this.deps.shared.index.user(key);
    const names = [user?.id, user?.userPrincipalName, key].filter((name): name is string => typeof name === "string");
    return [...new Set(names)];
  }
}
