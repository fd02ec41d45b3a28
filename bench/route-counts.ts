import { ROUTES } from "../src/simulator/routes/route-table.js";
import type { RequestLogEntry, RouteId } from "../src/simulator/server.js";

/** What the simulator saw of one route: top-level requests or $batch sub-requests. */
export interface RouteCount {
  route: RouteId | "unknown";
  inBatch: boolean;
  requests: number;
  throttled: number;
  /** Epoch ms (simulator clock) of the first and last such request. */
  firstMs: number;
  lastMs: number;
}

/** The simulator's request log folded per route; token traffic is left out (it is not Graph). */
export function routeCounts(log: readonly RequestLogEntry[]): RouteCount[] {
  const byKey = new Map<string, RouteCount>();
  for (const entry of log) {
    if (entry.route === "token" || entry.route === "openidConfiguration") continue;
    const inBatch = entry.inBatch === true;
    const key = `${entry.route}|${inBatch}`;
    const at = Date.parse(entry.time);
    let count = byKey.get(key);
    if (!count) byKey.set(key, (count = { route: entry.route, inBatch, requests: 0, throttled: 0, firstMs: at, lastMs: at }));
    count.requests++;
    if (entry.throttled) count.throttled++;
    count.firstMs = Math.min(count.firstMs, at);
    count.lastMs = Math.max(count.lastMs, at);
  }
  return [...byKey.values()].sort((a, b) => a.firstMs - b.firstMs);
}

const OUTLOOK_ROUTES = new Set<string>(ROUTES.filter((r) => r.throttle === "outlook").map((r) => r.id));

/** Most Outlook calls any one mailbox received (Outlook budgets are per mailbox). */
export function busiestMailbox(log: readonly RequestLogEntry[]): number {
  const perMailbox = new Map<string, number>();
  for (const entry of log) {
    if (!OUTLOOK_ROUTES.has(entry.route) || !entry.userId) continue;
    perMailbox.set(entry.userId, (perMailbox.get(entry.userId) ?? 0) + 1);
  }
  return Math.max(0, ...perMailbox.values());
}
