import { ROUTES } from "../src/simulator/routes/route-table.js";
import type { ThrottleClass } from "../src/simulator/throttle/throttler.js";
import type { RouteCount } from "./route-counts.js";

/**
 * Graph's published per-tenant limits (graph-api.md §2) as "limit requests per window". Directory
 * reads are a token bucket of resource units (8,000 RU per 10 s for a tenant over 500 users); every
 * read costs at least 1 RU, so counting requests as 1 RU gives a bound that is never too high.
 */
export const PUBLISHED_LIMITS: Record<Exclude<ThrottleClass, "none" | "outlook">, { limit: number; windowMs: number; note: string }> = {
  reports: { limit: 5, windowMs: 10_000, note: "identity & access reports: 5 per 10 s per app per tenant" },
  identityProtection: { limit: 1, windowMs: 1_000, note: "identity protection & CA: 1 per s per tenant" },
  security: { limit: 150, windowMs: 60_000, note: "security (alerts, audit log query): 150 per min" },
  identity: { limit: 8_000, windowMs: 10_000, note: "directory reads: 8,000 RU per 10 s (L tenant), 1 RU per read counted" },
  identityWrite: { limit: 3_000, windowMs: 150_000, note: "directory writes: 3,000 per 2.5 min" },
};
/** Outlook: 10,000 requests per 10 minutes per app and mailbox. */
const OUTLOOK = { limit: 10_000, windowMs: 600_000 };
/** Global: 130,000 requests per 10 s per app. */
const GLOBAL = { limit: 130_000, windowMs: 10_000 };

const CLASS_OF = new Map<string, ThrottleClass>(ROUTES.map((r) => [r.id, r.throttle]));

export interface ScopeLoad {
  scope: string;
  /** Graph calls in the scope ($batch sub-requests count one each, as Graph counts them). */
  requests: number;
  limit: number;
  windowMs: number;
  /** requests / limit x window, in Graph milliseconds. */
  graphMs: number;
}

export interface ThrottleBound {
  scopes: ScopeLoad[];
  /** The scope whose budget takes longest: the scopes run in parallel, so it sets the bound. */
  binding: ScopeLoad;
  /** Least wall time the published limits allow, scaled to the simulator: max over scopes. */
  boundMs: number;
  /**
   * The bound for a client that never draws a 429: it cannot see when Graph counted a request, so
   * a request holds its slot from sending until its answer is in, plus the window. Each of the
   * binding scope's requests/limit rounds therefore also costs one response latency.
   */
  strictBoundMs: number;
}

/**
 * The throttle lower bound for the calls a run needed: for each scope, requests / limit x window
 * (scaled by the simulator's time scale); the bound is the maximum over scopes, since scopes are
 * budgeted independently and a client can keep all of them busy at once.
 */
export function throttleBound(counts: readonly RouteCount[], timeScale: number, latencyMs: number, outlookMaxPerMailbox: number): ThrottleBound {
  const perClass = new Map<string, number>();
  let total = 0;
  for (const c of counts) {
    if (c.route === "batch") {
      total += c.requests;
      continue;
    }
    const cls = CLASS_OF.get(c.route) ?? "none";
    perClass.set(cls, (perClass.get(cls) ?? 0) + c.requests);
    if (!c.inBatch) total += c.requests;
  }
  const scopes: ScopeLoad[] = [];
  for (const [scope, { limit, windowMs }] of Object.entries(PUBLISHED_LIMITS)) {
    const requests = perClass.get(scope) ?? 0;
    scopes.push({ scope, requests, limit, windowMs, graphMs: (requests / limit) * windowMs });
  }
  scopes.push({ scope: "outlook (busiest mailbox)", requests: outlookMaxPerMailbox, ...OUTLOOK, graphMs: (outlookMaxPerMailbox / OUTLOOK.limit) * OUTLOOK.windowMs });
  scopes.push({ scope: "global (HTTP requests)", requests: total, ...GLOBAL, graphMs: (total / GLOBAL.limit) * GLOBAL.windowMs });
  const binding = scopes.reduce((a, b) => (b.graphMs > a.graphMs ? b : a));
  const boundMs = binding.graphMs * timeScale;
  const rounds = binding.requests / binding.limit;
  return { scopes, binding, boundMs, strictBoundMs: boundMs + rounds * latencyMs };
}
