/**
 * Public vocabulary of the Graph simulator: route ids (what tests, faults and benchmarks count),
 * fault rules and request-log entries.
 */

export const ROUTE_IDS = [
  "openidConfiguration",
  "token",
  "batch",
  "organization.list",
  "users.list",
  "users.get",
  "users.update",
  "users.revokeSignInSessions",
  "signIns.list",
  "signIns.get",
  "directoryAudits.list",
  "directoryAudits.get",
  "alerts.list",
  "alerts.get",
  "riskyUsers.list",
  "riskyUsers.get",
  "riskDetections.list",
  "riskDetections.get",
  "mailFolders.list",
  "mailFolders.get",
  "messageRules.list",
  "messageRules.delete",
  "messages.list",
  "mailboxSettings.get",
  "authMethods.list",
  "authMethods.delete",
  "oauth2PermissionGrants.list",
  "oauth2PermissionGrants.user",
  "servicePrincipals.list",
  "servicePrincipals.get",
  "userRegistrationDetails.list",
  "userRegistrationDetails.get",
  "conditionalAccessPolicies.list",
  "conditionalAccessPolicies.get",
  "auditLogQueries.create",
  "auditLogQueries.list",
  "auditLogQueries.get",
  "auditLogQueries.records",
  "me",
] as const;

export type RouteId = (typeof ROUTE_IDS)[number];

export type GraphVersion = "v1.0" | "beta";

export type FaultKind = "status" | "reset" | "slow" | "truncated";

/**
 * One injected failure. A rule matches a request by route (and optionally user and batch
 * membership); it then fires on the n-th matching requests (`nth`, 1-based), or with
 * `probability` (seeded), or always; `times` caps how often it fires.
 */
export interface FaultRule {
  route: RouteId | "*";
  kind: FaultKind;
  /** For kind "status": the HTTP status (default 500). */
  status?: number;
  /** Graph error code; defaults to what Graph sends for that status. */
  code?: string;
  message?: string;
  /**
   * Retry-After header. A number is Graph seconds, scaled by the simulator's timeScale like
   * throttling; a string is sent verbatim (e.g. "2.128" or an HTTP date); null sends no header.
   * Undefined: 429 and 503 get 1 scaled second, other statuses none.
   */
  retryAfter?: number | string | null;
  probability?: number;
  nth?: number[];
  times?: number;
  /** For kind "slow": real milliseconds to wait before answering (default 2000). */
  slowMs?: number;
  /** Only requests about this user or mailbox (id or UPN, case-insensitive). */
  userId?: string;
  /** true: only $batch sub-requests; false: only top-level requests. */
  inBatch?: boolean;
}

export interface RequestLogEntry {
  /** ISO time from the simulator clock (`now`). */
  time: string;
  method: string;
  /** Full URL as received (sub-requests: the relative batch URL). Never carries a body. */
  url: string;
  /** Path without the version prefix, e.g. "/users/abc/messages". */
  path: string;
  version: GraphVersion | null;
  route: RouteId | "unknown";
  status: number;
  throttled: boolean;
  fault?: string;
  inBatch?: boolean;
  /** The user or mailbox the request is about (resolved to the user id when known). */
  userId?: string;
}
