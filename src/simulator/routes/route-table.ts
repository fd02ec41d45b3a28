import type { GraphCall } from "../http/call.js";
import { GraphHttpError } from "../http/wire.js";
import { alertRoutes } from "./alerts.js";
import { auditLogQueryRoutes } from "./audit-log-query.js";
import { auditLogRoutes } from "./audit-logs.js";
import { authMethodRoutes } from "./auth-methods.js";
import { containmentRoutes } from "./containment.js";
import { directoryObjectRoutes } from "./directory-objects.js";
import { identityProtectionRoutes } from "./identity-protection.js";
import { mailRoutes } from "./mail.js";
import { registrationDetailRoutes } from "./registration-details.js";
import type { RouteDefinition, RouteParams } from "./route-kit.js";
import { userRoutes } from "./users.js";

/** App-only callers have no signed-in user, so Graph refuses /me outright. */
const meRoute: RouteDefinition = {
  id: "me",
  method: "GET",
  pattern: "me/**",
  flavour: "reports",
  throttle: "none",
  permissions: [[]],
  handle() {
    throw new GraphHttpError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
  },
};

export const ROUTES: RouteDefinition[] = [
  ...userRoutes,
  ...directoryObjectRoutes,
  ...auditLogRoutes,
  ...alertRoutes,
  ...identityProtectionRoutes,
  ...registrationDetailRoutes,
  ...mailRoutes,
  ...authMethodRoutes,
  ...containmentRoutes,
  ...auditLogQueryRoutes,
  meRoute,
  { ...meRoute, method: "POST" },
  { ...meRoute, method: "PATCH" },
  { ...meRoute, method: "DELETE" },
];

const compiled = ROUTES.map((route) => ({ route, parts: route.pattern.split("/") }));

export interface RouteMatch {
  route: RouteDefinition;
  params: RouteParams;
}

/** The route for a call: method, then segments (literals case-insensitive, ":x" captures). */
export function matchRoute(call: Pick<GraphCall, "method" | "segments">): RouteMatch | undefined {
  for (const { route, parts } of compiled) {
    if (route.method !== call.method) continue;
    const params = matchParts(parts, call.segments);
    if (params && (!route.accepts || route.accepts(params))) return { route, params };
  }
  return undefined;
}

function matchParts(parts: string[], segments: string[]): RouteParams | undefined {
  const params: RouteParams = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === "**") return params;
    const segment = segments[i];
    if (segment === undefined || segment === "") return undefined;
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part.toLowerCase() !== segment.toLowerCase()) return undefined;
  }
  return parts.length === segments.length ? params : undefined;
}
