import { BUDGETS } from "../graph/throttle-scopes.js";

/**
 * The collection plan: per-user filtered queries or tenant-wide streams, chosen by a cost model of
 * Graph requests and of the time Graph's throttling budgets force the run to take.
 */
export type Strategy = "per-user" | "bulk";

export interface PlanInput {
  targets: number;
  /** Users in the tenant (tenant-wide streams read all of them). */
  tenantUsers: number;
  windowDays: number;
  baselineDays: number;
  nonInteractiveSignIns: boolean;
  strategy: "auto" | Strategy;
}

export interface StrategyCost {
  requests: number;
  /** Seconds the tightest throttle budget needs for this strategy's requests. */
  throttleSeconds: number;
}

export interface CollectionPlan {
  strategy: Strategy;
  estimates: Record<Strategy, StrategyCost>;
  reason: string;
}

/** Typical volumes per user (a busy tenant; over-estimating volume only favours per-user for few users). */
const PER_USER_DAY = {
  interactiveSignIns: 8,
  nonInteractiveSignIns: 40,
  directoryAudits: 0.5,
  auditRecords: 10,
  sentMessages: 10,
};
const PAGE = { signIns: 1000, audits: 1000, records: 1000, registration: 1000, users: 999, grants: 999, alerts: 1000, risk: 500 };
/** Share of users with a reason to read auth methods or mail folders one by one. */
const FLAGGED_SHARE = 0.1;
const FOLDER_SHARE = 0.05;
const GRANTS_PER_USER = 0.3;
/** Create, about three polls, then the records. */
const AUDIT_QUERY_CALLS = 4;
const BATCH = 20;

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));

interface Calls {
  reports: number;
  identityProtection: number;
  security: number;
  other: number;
}

function secondsFor(calls: Calls): number {
  const seconds = (n: number, scope: keyof typeof BUDGETS) => (n / BUDGETS[scope].limit) * (BUDGETS[scope].windowMs / 1000);
  return Math.max(seconds(calls.reports, "reports"), seconds(calls.identityProtection, "identityProtection"), seconds(calls.security, "security"));
}

function cost(calls: Calls): StrategyCost {
  return { requests: Math.round(calls.reports + calls.identityProtection + calls.security + calls.other), throttleSeconds: Math.round(secondsFor(calls)) };
}

function estimatePerUser(input: PlanInput): StrategyCost {
  const n = input.targets;
  const historyDays = input.windowDays + input.baselineDays;
  const signInPages = pages(PER_USER_DAY.interactiveSignIns * historyDays, PAGE.signIns) + (input.nonInteractiveSignIns ? pages(PER_USER_DAY.nonInteractiveSignIns * input.windowDays, PAGE.signIns) : 0);
  const sentPages = pages(PER_USER_DAY.sentMessages * historyDays, 1000);
  return cost({
    // sign-ins, audits initiated + targeted, auth methods, registration
    reports: n * (signInPages + 2 + 1 + 1),
    identityProtection: n * 2 + 1,
    security: n * (AUDIT_QUERY_CALLS + pages(PER_USER_DAY.auditRecords * input.windowDays, PAGE.records)) + pages(input.tenantUsers * 0.01, PAGE.alerts),
    other: n * (1 + 2 + sentPages + FOLDER_SHARE * 2 + 1 + GRANTS_PER_USER) + 2,
  });
}

function estimateBulk(input: PlanInput): StrategyCost {
  const n = input.targets;
  const t = input.tenantUsers;
  const historyDays = input.windowDays + input.baselineDays;
  const signInPages = pages(t * PER_USER_DAY.interactiveSignIns * historyDays, PAGE.signIns) + (input.nonInteractiveSignIns ? pages(t * PER_USER_DAY.nonInteractiveSignIns * input.windowDays, PAGE.signIns) : 0);
  const mailboxBatches = Math.ceil((n * 3) / BATCH) + n * Math.max(0, pages(PER_USER_DAY.sentMessages * historyDays, 1000) - 1);
  return cost({
    reports: signInPages + pages(t * PER_USER_DAY.directoryAudits * input.windowDays, PAGE.audits) + pages(t, PAGE.registration) + n * FLAGGED_SHARE,
    identityProtection: pages(t * 0.05, PAGE.risk) + pages(t * 0.02 * input.windowDays, PAGE.risk) + 1,
    security: AUDIT_QUERY_CALLS + pages(t * PER_USER_DAY.auditRecords * input.windowDays, PAGE.records) + pages(t * 0.01, PAGE.alerts),
    other: pages(t, PAGE.users) + pages(t * GRANTS_PER_USER, PAGE.grants) + Math.ceil((t * GRANTS_PER_USER) / BATCH) + mailboxBatches + Math.ceil((n * FOLDER_SHARE * 2) / BATCH) + 2,
  });
}

/** Picks the strategy that finishes sooner under Graph's budgets, then the one with fewer requests. */
export function planCollection(input: PlanInput): CollectionPlan {
  const estimates = { "per-user": estimatePerUser(input), bulk: estimateBulk(input) };
  if (input.strategy !== "auto") return { strategy: input.strategy, estimates, reason: `--strategy ${input.strategy}` };
  const [a, b] = [estimates["per-user"], estimates.bulk];
  const strategy: Strategy = a.throttleSeconds !== b.throttleSeconds ? (a.throttleSeconds < b.throttleSeconds ? "per-user" : "bulk") : a.requests <= b.requests ? "per-user" : "bulk";
  const chosen = estimates[strategy];
  const other = estimates[strategy === "bulk" ? "per-user" : "bulk"];
  return {
    strategy,
    estimates,
    reason: `${strategy}: about ${chosen.requests} requests and ${chosen.throttleSeconds} s of throttle budget, against ${other.requests} requests and ${other.throttleSeconds} s`,
  };
}
