import type { CoverageStatus, SourceId } from "../../../src/collect/evidence.js";
import { SOURCE_REQUIREMENTS } from "../../../src/graph/graph-errors.js";
import type { FaultRule, RouteId } from "../../../src/simulator/server.js";
import type { SnapshotLicenses } from "../../../src/snapshot/types.js";
import { FAST_CONFIG } from "./cli.js";
import { UPN, type Person } from "./small-tenant.js";

/**
 * The fault matrix: every kind of failure Graph produces, on every source phishtrail reads, as
 * data. A case says what to inject and which (user, source) coverage entries must end up how;
 * everything else must come out as in a clean run.
 */
export const FAULT_KINDS = [
  "429",
  "429-no-retry-after",
  "429-decimal-retry-after",
  "500",
  "503",
  "504",
  "reset",
  "timeout",
  "truncated",
  "401",
  "403-permission",
  "403-licence",
  "404-mailbox",
  "429-in-batch",
  "paging",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults that can clear within the retry budget (the others are states of the tenant or app). */
const TRANSIENT_KINDS: ReadonlySet<FaultKind> = new Set(["429", "429-no-retry-after", "429-decimal-retry-after", "500", "503", "504", "reset", "timeout", "truncated", "401", "429-in-batch", "paging"]);

/** The least-privileged read permissions a scan needs: SOURCE_REQUIREMENTS plus app names for consents. */
export const READ_PERMISSIONS: readonly string[] = [...new Set([...Object.values(SOURCE_REQUIREMENTS).map((r) => r.permission), "Application.Read.All"])];

export interface SourceUnderTest {
  /** As the brief names it: "signIns", "auditLog.records", "users"... */
  name: string;
  /** Routes the fault is put on. */
  routes: RouteId[];
  /** Coverage entries a failure of this source turns bad; "every" = the user lookup (all of them). */
  coverage: SourceId[] | "every" | "tenant";
  /** The fault can name one user (Alex); otherwise it hits every targeted user. */
  scoped: boolean;
  /** Permission whose absence refuses the source (and what else it takes down). */
  permission?: { remove: string[]; affects: SourceId[] | "every" | "tenant" };
  /** Licence whose absence refuses the source, with what Graph answers. */
  licence?: { key: keyof SnapshotLicenses; affects: SourceId[]; status: CoverageStatus; code: string; mentions: RegExp };
  mailbox?: boolean;
  /** How to get this source's requests into a $batch. */
  batch?: { strategy: "per-user" | "bulk"; route: RouteId };
  /** A route that pages (nextLink) in the paging fixture. */
  paging?: RouteId;
}

const P1_REFUSAL = { status: "unavailable" as const, code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant", mentions: /Entra ID P1/ };
const FEATURE_REFUSAL = { status: "unavailable" as const, code: "Forbidden" };
const NO_MAILBOX = { status: "unavailable" as const, code: "MailboxNotEnabledForRESTAPI", mentions: /no Exchange Online mailbox/ };
const AUDIT_READERS: SourceId[] = ["signIns", "directoryAudits", "registrationDetails"];

export const SOURCES_UNDER_TEST: readonly SourceUnderTest[] = [
  {
    name: "signIns",
    routes: ["signIns.list"],
    coverage: ["signIns"],
    scoped: true,
    permission: { remove: ["AuditLog.Read.All"], affects: AUDIT_READERS },
    licence: { key: "entraIdP1", affects: ["signIns", "registrationDetails"], ...P1_REFUSAL },
    paging: "signIns.list",
  },
  {
    name: "directoryAudits",
    routes: ["directoryAudits.list"],
    coverage: ["directoryAudits"],
    scoped: false,
    permission: { remove: ["AuditLog.Read.All"], affects: AUDIT_READERS },
  },
  {
    name: "auditLog.queries",
    routes: ["auditLogQueries.create"],
    coverage: ["auditLog"],
    scoped: false,
    permission: { remove: ["AuditLogsQuery-Exchange.Read.All"], affects: ["auditLog"] },
    licence: { key: "auditLogQuery", affects: ["auditLog"], ...FEATURE_REFUSAL, mentions: /Purview Audit/ },
  },
  { name: "auditLog.records", routes: ["auditLogQueries.records"], coverage: ["auditLog"], scoped: false },
  {
    name: "messageRules",
    routes: ["messageRules.list"],
    coverage: ["inboxRules"],
    scoped: true,
    mailbox: true,
    permission: { remove: ["MailboxSettings.Read"], affects: ["inboxRules", "mailboxSettings"] },
    licence: { key: "exchangeOnline", affects: ["inboxRules", "sentItems", "mailboxSettings"], ...NO_MAILBOX },
    batch: { strategy: "bulk", route: "messageRules.list" },
  },
  {
    name: "sentItems",
    routes: ["messages.list"],
    coverage: ["sentItems"],
    scoped: true,
    mailbox: true,
    permission: { remove: ["Mail.ReadBasic.All"], affects: ["sentItems"] },
    licence: { key: "exchangeOnline", affects: ["inboxRules", "sentItems", "mailboxSettings"], ...NO_MAILBOX },
    batch: { strategy: "bulk", route: "messages.list" },
  },
  {
    name: "mailboxSettings",
    routes: ["mailboxSettings.get"],
    coverage: ["mailboxSettings"],
    scoped: true,
    mailbox: true,
    permission: { remove: ["MailboxSettings.Read"], affects: ["inboxRules", "mailboxSettings"] },
    licence: { key: "exchangeOnline", affects: ["inboxRules", "sentItems", "mailboxSettings"], ...NO_MAILBOX },
    batch: { strategy: "bulk", route: "mailboxSettings.get" },
  },
  {
    name: "authMethods",
    routes: ["authMethods.list"],
    coverage: ["authMethods"],
    scoped: true,
    permission: { remove: ["UserAuthenticationMethod.Read.All"], affects: ["authMethods"] },
    batch: { strategy: "bulk", route: "authMethods.list" },
  },
  {
    name: "registrationDetails",
    routes: ["userRegistrationDetails.get"],
    coverage: ["registrationDetails"],
    scoped: false,
    permission: { remove: ["AuditLog.Read.All"], affects: AUDIT_READERS },
    licence: { key: "entraIdP1", affects: ["signIns", "registrationDetails"], ...P1_REFUSAL },
  },
  {
    name: "alerts",
    routes: ["alerts.list"],
    coverage: ["alerts"],
    scoped: false,
    permission: { remove: ["SecurityAlert.Read.All"], affects: ["alerts"] },
    licence: { key: "defender", affects: ["alerts"], ...FEATURE_REFUSAL, mentions: /Defender/ },
  },
  {
    name: "riskyUsers",
    routes: ["riskyUsers.get"],
    coverage: ["riskyUser"],
    scoped: false,
    permission: { remove: ["IdentityRiskyUser.Read.All"], affects: ["riskyUser"] },
    licence: { key: "entraIdP2", affects: ["riskyUser", "riskDetections"], ...FEATURE_REFUSAL, mentions: /Entra ID P2/ },
  },
  {
    name: "riskDetections",
    routes: ["riskDetections.list"],
    coverage: ["riskDetections"],
    scoped: true,
    permission: { remove: ["IdentityRiskEvent.Read.All"], affects: ["riskDetections"] },
    licence: { key: "entraIdP2", affects: ["riskyUser", "riskDetections"], ...FEATURE_REFUSAL, mentions: /Entra ID P2/ },
  },
  {
    name: "oauth2PermissionGrants",
    routes: ["oauth2PermissionGrants.user"],
    coverage: ["oauthGrants"],
    scoped: true,
    permission: { remove: ["DelegatedPermissionGrant.ReadWrite.All"], affects: ["oauthGrants"] },
  },
  { name: "organization", routes: ["organization.list"], coverage: "tenant", scoped: false, permission: { remove: ["Organization.Read.All"], affects: "tenant" } },
  {
    name: "users",
    routes: ["users.get"],
    coverage: "every",
    scoped: true,
    permission: { remove: ["User.Read.All"], affects: "every" },
    batch: { strategy: "per-user", route: "users.get" },
  },
];

export interface Expected {
  status: CoverageStatus;
  code: string | RegExp;
  message: RegExp;
}

/** What a persistent fault of each kind leaves in coverage (graph-errors.ts coverageFromFailure). */
function persistentVerdict(kind: FaultKind, source: SourceUnderTest): Expected {
  switch (kind) {
    case "429":
    case "429-no-retry-after":
    case "429-decimal-retry-after":
    case "429-in-batch":
      return { status: "error", code: "TooManyRequests", message: /kept throttling .* \(429\) after \d+ attempts/ };
    case "500":
    case "paging":
      return { status: "error", code: "InternalServerError", message: /\(500 InternalServerError\) after \d+ attempts; rerun later/ };
    case "503":
      return { status: "error", code: "ServiceUnavailable", message: /\(503 ServiceUnavailable\)/ };
    case "504":
      return { status: "error", code: "GatewayTimeout", message: /\(504 GatewayTimeout\)/ };
    case "reset":
      return { status: "error", code: "NetworkError", message: /connection to Graph failed/ };
    case "timeout":
      return { status: "error", code: "RequestTimeout", message: /did not answer .* raise graph\.requestTimeoutMs/ };
    case "truncated":
      return { status: "error", code: "InvalidJsonResponse", message: /malformed or truncated JSON/ };
    case "401":
      return { status: "error", code: "InvalidAuthenticationToken", message: /rejected the access token .* even after a fresh token/ };
    case "403-permission": {
      const needed = source.permission!.remove[0];
      return { status: "error", code: /^(Authorization_RequestDenied|ErrorAccessDenied)$/, message: new RegExp(`grant the application permission .*${escape(needed)}`) };
    }
    case "403-licence":
      return { status: source.licence!.status, code: source.licence!.code, message: source.licence!.mentions };
    case "404-mailbox":
      return { status: "unavailable", code: "MailboxNotEnabledForRESTAPI", message: /no Exchange Online mailbox/ };
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface MatrixCase {
  name: string;
  kind: FaultKind;
  source: SourceUnderTest;
  transient: boolean;
  strategy: "per-user" | "bulk";
  /** Faults for the simulator. */
  faults: FaultRule[];
  /** Permissions the simulator's tokens carry (undefined: READ_PERMISSIONS). */
  grantedPermissions?: string[];
  /** Licences switched off in the snapshot. */
  licencesOff?: Array<keyof SnapshotLicenses>;
  /** Needs the fixture whose sign-ins span two pages. */
  paged?: boolean;
  /** config.json for the case's scan (timeout cases shorten the request timeout). */
  config: object;
  /** (user, source) -> verdict; absent entries must be ok. */
  expected: Map<Person, Map<SourceId, Expected>>;
  /** The coverage-less source that fails (organization). */
  tenantGap?: boolean;
  /** The sources any user lost: findings of rules needing them may change for everyone. */
  touched: Set<SourceId>;
  /** A known limitation this case exposes (the test is marked todo with it). */
  todo?: string;
}

/** Faults that break the whole HTTP exchange, so in a $batch they hit every request it carries. */
const WHOLE_EXCHANGE: ReadonlySet<FaultKind> = new Set(["reset", "timeout", "truncated"]);
export const BATCH_POISONING =
  "src/graph/gateway.ts batchGet: when one sub-request keeps breaking the whole $batch exchange (reset, timeout, truncated body), the batch is retried as a whole and every request in it fails; splitting the batch after a failed retry would isolate the one request";

export function applicable(kind: FaultKind, source: SourceUnderTest): boolean {
  switch (kind) {
    case "403-permission":
      return source.permission !== undefined;
    case "403-licence":
      return source.licence !== undefined;
    case "404-mailbox":
      return source.mailbox === true;
    case "429-in-batch":
      return source.batch !== undefined;
    case "paging":
      return source.paging !== undefined;
    default:
      return true;
  }
}

export function canBeTransient(kind: FaultKind): boolean {
  return TRANSIENT_KINDS.has(kind);
}

/** Timeout cases shorten graph.requestTimeoutMs to this, and the simulator answers after SLOW_MS. */
const TIMEOUT_MS = 2000;
const SLOW_MS = 2600;

/** The fault rules for one case; `retryBudget` is graph.maxRetries. */
function faultRules(kind: FaultKind, source: SourceUnderTest, transient: boolean, retryBudget: number): FaultRule[] {
  const user = source.scoped ? { userId: UPN.alex } : {};
  // Transient faults fire fewer times than the retries; a 401 once (one token renewal per request).
  const times = transient ? { times: kind === "401" ? 1 : Math.min(2, retryBudget) } : {};
  const base = (route: RouteId): Omit<FaultRule, "kind"> => ({ route, ...user, ...times });
  const each = (make: (route: RouteId) => FaultRule) => source.routes.map(make);
  switch (kind) {
    case "429":
      return each((route) => ({ ...base(route), kind: "status", status: 429 }));
    case "429-no-retry-after":
      return each((route) => ({ ...base(route), kind: "status", status: 429, retryAfter: null }));
    case "429-decimal-retry-after":
      return each((route) => ({ ...base(route), kind: "status", status: 429, retryAfter: "0.0125" }));
    case "500":
    case "503":
    case "504":
      return each((route) => ({ ...base(route), kind: "status", status: Number(kind) }));
    case "reset":
      return each((route) => ({ ...base(route), kind: "reset" }));
    case "timeout":
      return each((route) => ({ ...base(route), kind: "slow", slowMs: SLOW_MS }));
    case "truncated":
      return each((route) => ({ ...base(route), kind: "truncated" }));
    case "401":
      return each((route) => ({ ...base(route), kind: "status", status: 401 }));
    case "404-mailbox":
      return each((route) => ({ ...base(route), kind: "status", status: 404, code: "MailboxNotEnabledForRESTAPI", message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise." }));
    case "429-in-batch":
      return [{ ...base(source.batch!.route), kind: "status", status: 429, inBatch: true }];
    case "paging": {
      // The 2nd request of Alex's first sign-in stream is its nextLink page; a persistent fault keeps failing it.
      const nth = transient ? [2] : Array.from({ length: retryBudget + 1 }, (_, i) => i + 2);
      return [{ route: source.paging!, userId: UPN.alex, kind: "status", status: 500, nth }];
    }
    case "403-permission":
    case "403-licence":
      return [];
  }
}

const EVERY_SOURCE: SourceId[] = [
  "user",
  "signIns",
  "directoryAudits",
  "auditLog",
  "inboxRules",
  "sentItems",
  "mailboxSettings",
  "authMethods",
  "registrationDetails",
  "alerts",
  "riskyUser",
  "riskDetections",
  "oauthGrants",
];

export function buildCase(kind: FaultKind, source: SourceUnderTest, transient: boolean, targets: readonly Person[], retryBudget: number): MatrixCase {
  const expected = new Map<Person, Map<SourceId, Expected>>();
  const touched = new Set<SourceId>();
  let tenantGap = false;
  const strategy = kind === "429-in-batch" ? source.batch!.strategy : "per-user";
  const faults = faultRules(kind, source, transient, retryBudget);
  let grantedPermissions: string[] | undefined;
  let licencesOff: Array<keyof SnapshotLicenses> | undefined;
  let affects: SourceId[] | "every" | "tenant" = source.coverage;
  let who: readonly Person[] = source.scoped ? ["alex"] : targets;
  if (kind === "403-permission") {
    grantedPermissions = READ_PERMISSIONS.filter((p) => !source.permission!.remove.includes(p));
    affects = source.permission!.affects;
    who = targets;
  }
  if (kind === "403-licence") {
    licencesOff = [source.licence!.key];
    affects = source.licence!.affects;
    who = targets;
  }
  if (!transient) {
    const verdict = persistentVerdict(kind, source);
    if (affects === "tenant") tenantGap = true;
    else {
      const sources = affects === "every" ? EVERY_SOURCE : affects;
      for (const person of who) expected.set(person, new Map(sources.map((s) => [s, verdict])));
      for (const s of sources) touched.add(s);
    }
  }
  return {
    name: `${source.name} ${kind} ${transient ? "transient" : "persistent"}${strategy === "bulk" ? " (bulk)" : ""}`,
    kind,
    source,
    transient,
    strategy,
    faults,
    grantedPermissions,
    licencesOff,
    paged: kind === "paging",
    config: kind === "timeout" ? { ...FAST_CONFIG, graph: { ...FAST_CONFIG.graph, requestTimeoutMs: TIMEOUT_MS } } : FAST_CONFIG,
    expected,
    tenantGap,
    touched,
    ...(!transient && WHOLE_EXCHANGE.has(kind) && source.batch?.strategy === "per-user" ? { todo: BATCH_POISONING } : {}),
  };
}

/** Every applicable (kind, source, transient|persistent) combination. */
export function fullMatrix(targets: readonly Person[], retryBudget: number): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const kind of FAULT_KINDS) {
    for (const source of SOURCES_UNDER_TEST) {
      if (!applicable(kind, source)) continue;
      cases.push(buildCase(kind, source, false, targets, retryBudget));
      if (canBeTransient(kind)) cases.push(buildCase(kind, source, true, targets, retryBudget));
    }
  }
  return cases;
}

/**
 * The default sample: every fault kind persistent on one source and transient on another,
 * rotating through the table so that kinds land on different sources, then every source topped up
 * to at least one persistent and one transient fault (a 503 storm and a connection reset).
 */
export function sampledMatrix(targets: readonly Person[], retryBudget: number): MatrixCase[] {
  const cases = new Map<string, MatrixCase>();
  const add = (c: MatrixCase) => cases.set(c.name, c);
  FAULT_KINDS.forEach((kind, k) => {
    const sources = SOURCES_UNDER_TEST.filter((s) => applicable(kind, s));
    const pick = (offset: number) => sources[(k * 7 + offset) % sources.length];
    add(buildCase(kind, pick(0), false, targets, retryBudget));
    if (canBeTransient(kind)) add(buildCase(kind, pick(sources.length > 1 ? 1 : 0), true, targets, retryBudget));
  });
  for (const source of SOURCES_UNDER_TEST) {
    const mine = [...cases.values()].filter((c) => c.source === source);
    if (!mine.some((c) => !c.transient)) add(buildCase("503", source, false, targets, retryBudget));
    if (!mine.some((c) => c.transient)) add(buildCase("reset", source, true, targets, retryBudget));
  }
  return [...cases.values()];
}
