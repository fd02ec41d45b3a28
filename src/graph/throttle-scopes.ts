/**
 * Graph's throttling scopes (graph-api.md §2) and the client-side budget that keeps a clean run
 * under each one. Limits are Graph's published ones; windows are real-time and shrink with the
 * gateway's time scale when it talks to a scaled simulator.
 */
export type ThrottleScopeName = "reports" | "identityProtection" | "security" | "outlook" | "directory";

export interface BudgetLimit {
  limit: number;
  windowMs: number;
}

export const BUDGETS: Readonly<Record<ThrottleScopeName, BudgetLimit>> = {
  // auditLogs/*, reports/*, authentication methods: 5 per 10 s per app per tenant.
  reports: { limit: 5, windowMs: 10_000 },
  // riskyUsers, riskDetections, conditional access: 1 per second per tenant, 429s carry no Retry-After.
  identityProtection: { limit: 1, windowMs: 1_000 },
  // security alerts (and, conservatively, audit log queries): 150 per minute per app per tenant.
  security: { limit: 150, windowMs: 60_000 },
  // Per app and mailbox: 10,000 per 10 minutes (plus 4 concurrent, enforced separately).
  outlook: { limit: 10_000, windowMs: 600_000 },
  // Directory reads use a resource-unit bucket (3,500 RU per 10 s in a small tenant, 1-3 RU per
  // read); 1,000 requests per 10 s stays under it whatever the tenant size.
  directory: { limit: 1_000, windowMs: 10_000 },
};

/** Scopes whose budget, not the network, sets the pace of a large scan. */
export const SCARCE_SCOPES: ReadonlySet<ThrottleScopeName> = new Set(["reports", "identityProtection", "security"]);

export interface ThrottleScope {
  name: ThrottleScopeName;
  /** Budget key: the scope, or scope + mailbox for Outlook. */
  key: string;
  /** Lower-cased user segment of an Outlook request. */
  mailbox?: string;
}

const OUTLOOK_SEGMENTS = new Set(["mailfolders", "messages", "mailboxsettings", "inferenceclassification", "calendar", "events", "contacts"]);

/** Path relative to the version ("/users/x/..."), from a relative path or an absolute nextLink. */
function versionlessPath(pathOrUrl: string): string {
  let path = pathOrUrl;
  if (/^https:\/\//i.test(path)) path = new URL(path).pathname;
  path = path.split("?")[0];
  return path.replace(/^\/(v1\.0|beta)(?=\/|$)/i, "") || "/";
}

export function throttleScopeOf(pathOrUrl: string): ThrottleScope {
  const path = versionlessPath(pathOrUrl);
  const segments = path.split("/").filter(Boolean).map((s) => s.toLowerCase());
  const [first, second, third] = segments;
  if (first === "auditlogs" || first === "reports") return { name: "reports", key: "reports" };
  if ((first === "users" || first === "me") && (second === "authentication" || third === "authentication")) return { name: "reports", key: "reports" };
  if (first === "identityprotection" || (first === "identity" && second === "conditionalaccess")) return { name: "identityProtection", key: "identityProtection" };
  if (first === "security") return { name: "security", key: "security" };
  if (first === "users" && second && third && OUTLOOK_SEGMENTS.has(normaliseSegment(third))) {
    const mailbox = decodeURIComponent(second).toLowerCase();
    return { name: "outlook", key: `outlook:${mailbox}`, mailbox };
  }
  return { name: "directory", key: "directory" };
}

/** "mailFolders('inbox')" -> "mailfolders". */
function normaliseSegment(segment: string): string {
  return segment.replace(/\(.*$/, "");
}
