/**
 * The deterministic demo tenant: a few hundred (or thousand) people with a month of ordinary
 * Microsoft 365 activity, and labelled attacks on a handful of them in the last day. Everything is
 * Graph-shaped and follows from the seed; the ground truth says who was attacked and how.
 */
import { InputError } from "../../lib/errors.js";
import { SNAPSHOT_FORMAT, type GraphObject, type SnapshotMailbox, type TenantSnapshot } from "../../snapshot/types.js";
import { ActivityGenerator } from "./activity.js";
import { assignMethods, registrationDetails } from "./auth-methods.js";
import { BenignExtras } from "./benign-extras.js";
import { castScenarios } from "./cast.js";
import { rngFor, type DemoContext, type ResolvedOptions } from "./context.js";
import { addBenignRules, createMailbox, deliverRecentMail, generateSentItems } from "./mailbox.js";
import type { Collections, DemoUser } from "./model.js";
import { buildDirectory } from "./people.js";
import { buildOutcomes } from "./signin-factory.js";
import { buildTenant, conditionalAccessPolicies, organizationObject } from "./tenant.js";
import { DAY, isoSeconds } from "./time.js";
import { userObject } from "./user-object.js";

export interface DemoOptions {
  /** People in the directory (including the admin, printer, service account and guests). Default 300. */
  users?: number;
  /** Default 42. */
  seed?: number;
  /** The snapshot's capturedAt. Default 2026-11-27T06:00:00Z. */
  now?: Date;
  /** Days of history before now. Default 30. */
  historyDays?: number;
  /** Average sign-ins per person per day, interactive and non-interactive together. Default 20. */
  signInsPerUserPerDay?: number;
  /** Average messages a person sends per working day. Default 4. */
  sentItemsPerUserPerDay?: number;
  /** Add a user-risk conditional access policy (off by default, so the tenant finding fires). */
  userRiskPolicy?: boolean;
}

export interface ScenarioTruth {
  scenario: string;
  userId: string;
  userPrincipalName: string;
  /** ATT&CK technique ids a detector should find for this user. */
  attack: string[];
  description: string;
  /** When the attack starts (ISO-8601 UTC). */
  start: string;
}

export interface GroundTruth {
  scenarios: ScenarioTruth[];
  /** Enabled member users no scenario happens to. */
  benignUserIds: string[];
}

export const DEMO_DEFAULTS = {
  users: 300,
  seed: 42,
  now: "2026-11-27T06:00:00Z",
  historyDays: 30,
  signInsPerUserPerDay: 20,
  sentItemsPerUserPerDay: 4,
} as const;

export const DEMO_MIN_USERS = 40;
const MAX_USERS = 100_000;

function resolveOptions(options: DemoOptions): ResolvedOptions {
  const users = options.users ?? DEMO_DEFAULTS.users;
  const historyDays = options.historyDays ?? DEMO_DEFAULTS.historyDays;
  const rate = options.signInsPerUserPerDay ?? DEMO_DEFAULTS.signInsPerUserPerDay;
  const sent = options.sentItemsPerUserPerDay ?? DEMO_DEFAULTS.sentItemsPerUserPerDay;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const nowMs = (options.now ?? new Date(DEMO_DEFAULTS.now)).getTime();
  if (!Number.isInteger(users) || users < DEMO_MIN_USERS || users > MAX_USERS) {
    throw new InputError(`Demo users must be a whole number from ${DEMO_MIN_USERS} to ${MAX_USERS} (got ${users}): the scenarios and the password spray need at least ${DEMO_MIN_USERS} people.`, "DEMO_OPTION");
  }
  if (!Number.isInteger(historyDays) || historyDays < 2 || historyDays > 90) {
    throw new InputError(`Demo historyDays must be a whole number from 2 to 90 (got ${historyDays}).`, "DEMO_OPTION");
  }
  if (!Number.isFinite(rate) || rate < 1 || rate > 500) {
    throw new InputError(`Demo signInsPerUserPerDay must be from 1 to 500 (got ${rate}).`, "DEMO_OPTION");
  }
  if (!Number.isFinite(sent) || sent < 0 || sent > 200) {
    throw new InputError(`Demo sentItemsPerUserPerDay must be from 0 to 200 (got ${sent}).`, "DEMO_OPTION");
  }
  if (!Number.isInteger(seed)) throw new InputError(`Demo seed must be a whole number (got ${seed}).`, "DEMO_OPTION");
  if (!Number.isFinite(nowMs)) throw new InputError("Demo now must be a valid date.", "DEMO_OPTION");
  return { users, seed, nowMs, historyDays, signInsPerUserPerDay: rate, sentItemsPerUserPerDay: sent, userRiskPolicy: options.userRiskPolicy ?? false };
}

function emptyCollections(): Collections {
  return { signIns: [], directoryAudits: [], auditLogRecords: [], alerts: [], riskyUsers: [], riskDetections: [], servicePrincipals: [], oauth2PermissionGrants: [] };
}

function byDepartment(users: DemoUser[]): Map<string | null, DemoUser[]> {
  const groups = new Map<string | null, DemoUser[]>();
  for (const user of users) {
    const list = groups.get(user.department) ?? [];
    list.push(user);
    groups.set(user.department, list);
  }
  return groups;
}

export function generateDemoTenant(options: DemoOptions = {}): { snapshot: TenantSnapshot; groundTruth: GroundTruth } {
  const resolved = resolveOptions(options);
  const tenant = buildTenant(resolved);
  const nowMs = resolved.nowMs;
  const base = { options: resolved, nowMs, historyStartMs: nowMs - resolved.historyDays * DAY, tenant, out: emptyCollections() };
  const { users, plainPool } = buildDirectory(base);
  const ctx: DemoContext = { ...base, users };
  const { cast, shared } = castScenarios(ctx, plainPool);

  const outcomes = buildOutcomes(tenant);
  const activity = new ActivityGenerator(ctx, outcomes);
  const mailUsers = users.filter((u) => u.role !== "guest");
  const correspondents = mailUsers.filter((u) => u.role === "staff" || u.role === "admin");
  const teams = byDepartment(correspondents);
  const forwarders = new Set(rngFor(ctx, "forwarders").sample(correspondents, Math.max(1, Math.round(correspondents.length * 0.04))));
  for (const user of users) {
    assignMethods(ctx, user);
    if (user.role === "guest") continue;
    createMailbox(ctx, user);
    if (user.role === "staff" || user.role === "admin") {
      addBenignRules(ctx, user, teams.get(user.department) ?? correspondents, forwarders.has(user));
      generateSentItems(ctx, user, teams.get(user.department) ?? correspondents, correspondents);
    }
    activity.generate(user);
  }
  const bystanders = rngFor(ctx, "bystanders").shuffle(correspondents.filter((u) => u.role === "staff" && !u.scenario && u.disabledMs === undefined && !u.newStarter));
  new BenignExtras(ctx, outcomes).run(bystanders);

  const scenarios: ScenarioTruth[] = cast.map(({ scenario, victim, startMs }) => {
    const result = scenario.run({ ctx, rng: rngFor(ctx, "scenario", scenario.name), victim, startMs, outcomes, shared });
    return { scenario: scenario.name, userId: victim.id, userPrincipalName: victim.userPrincipalName, attack: scenario.attack, description: result.description, start: isoSeconds(startMs) };
  });
  deliverRecentMail(ctx, new Map(mailUsers.map((u) => [u.mail, u])));

  return { snapshot: assemble(ctx), groundTruth: { scenarios, benignUserIds: users.filter((u) => u.role !== "guest" && !u.scenario && u.disabledMs === undefined).map((u) => u.id) } };
}

function assemble(ctx: DemoContext): TenantSnapshot {
  const mailboxes: Record<string, SnapshotMailbox> = {};
  const authenticationMethods: Record<string, GraphObject[]> = {};
  for (const user of ctx.users) {
    if (user.mailbox) {
      const { mailFolders, messageRules, sentItems, inbox, mailboxSettings } = user.mailbox;
      mailboxes[user.id] = { mailFolders, messageRules, sentItems, inbox, mailboxSettings };
    }
    if (user.role !== "guest") authenticationMethods[user.id] = user.methods;
  }
  const out = ctx.out;
  return {
    format: SNAPSHOT_FORMAT,
    capturedAt: isoSeconds(ctx.nowMs),
    organization: organizationObject(ctx.tenant, ctx.nowMs),
    licenses: { entraIdP1: true, entraIdP2: true, defender: true, auditLogQuery: true, exchangeOnline: true },
    users: ctx.users.map((u) => userObject(ctx, u)),
    signIns: out.signIns,
    directoryAudits: out.directoryAudits,
    auditLogRecords: out.auditLogRecords,
    alerts: out.alerts,
    riskyUsers: out.riskyUsers,
    riskDetections: out.riskDetections,
    servicePrincipals: out.servicePrincipals,
    oauth2PermissionGrants: out.oauth2PermissionGrants,
    userRegistrationDetails: ctx.users.map((u) => registrationDetails(ctx, u)),
    conditionalAccessPolicies: conditionalAccessPolicies(ctx.tenant, ctx.nowMs),
    mailboxes,
    authenticationMethods,
  };
}

/** The corporate VPN egress ranges of a demo tenant (for config allowLists.ipRanges). */
export function demoVpnRanges(options: DemoOptions = {}): string[] {
  return buildTenant(resolveOptions(options)).vpnCidrs;
}

export { writeDemoSnapshot } from "./write-snapshot.js";
