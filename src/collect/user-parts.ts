import type {
  Alert,
  AuditRecord,
  AuthMethod,
  Collected,
  Coverage,
  DirectoryAudit,
  InboxRule,
  MailBaseline,
  MailboxSettings,
  OAuthGrant,
  RegistrationDetails,
  RiskDetection,
  RiskyUser,
  SentMessage,
  SignIn,
  SignInBaseline,
  SourceId,
  UserEvidence,
  UserProfile,
} from "./evidence.js";
import { SOURCES } from "./evidence.js";
import { coverageFromFailure, type CoverageVerdict, type GraphFailure } from "../graph/graph-errors.js";
import { collectorFailure } from "./stream.js";

/** One source's result for one user: data (with the item count for coverage) or a verdict. */
export type Outcome<T> = { ok: true; value: T; items: number; note?: string } | { ok: false; verdict: CoverageVerdict };

export interface UserParts {
  signIns: Outcome<{ window: SignIn[]; baseline: SignInBaseline }>;
  directoryAudits: Outcome<DirectoryAudit[]>;
  auditLog: Outcome<AuditRecord[]>;
  inboxRules: Outcome<InboxRule[]>;
  sentItems: Outcome<{ window: SentMessage[]; baseline: MailBaseline }>;
  mailboxSettings: Outcome<MailboxSettings>;
  authMethods: Outcome<AuthMethod[]>;
  registrationDetails: Outcome<RegistrationDetails | null>;
  alerts: Outcome<Alert[]>;
  riskyUser: Outcome<RiskyUser | null>;
  riskDetections: Outcome<RiskDetection[]>;
  oauthGrants: Outcome<OAuthGrant[]>;
}

export function ok<T>(value: T, items: number, note?: string): Outcome<T> {
  return note ? { ok: true, value, items, note } : { ok: true, value, items };
}

export function failed<T>(source: SourceId, failure: GraphFailure): Outcome<T> {
  return { ok: false, verdict: coverageFromFailure(source, failure) };
}

/** A source's outcome, with a collector that threw reported as that source's error. */
export function guarded<T>(source: SourceId, work: Promise<Outcome<T>>): Promise<Outcome<T>> {
  return work.catch((error: unknown) => failed<T>(source, collectorFailure(error)));
}

export function verdict<T>(v: CoverageVerdict): Outcome<T> {
  return { ok: false, verdict: v };
}

function collected<T, U>(outcome: Outcome<T> | undefined, pick: (value: T) => U): Collected<U> {
  if (!outcome) return { status: "error", code: "NotCollected", message: "The source was not collected (internal error)." };
  if (outcome.ok) return { status: "ok", value: pick(outcome.value) };
  return { status: outcome.verdict.status, code: outcome.verdict.code, message: outcome.verdict.message };
}

function coverageOf(source: SourceId, outcome: Outcome<unknown> | undefined): Coverage {
  if (!outcome) return { source, status: "error", code: "NotCollected", message: "The source was not collected (internal error)." };
  if (outcome.ok) return outcome.note ? { source, status: "ok", items: outcome.items, message: outcome.note } : { source, status: "ok", items: outcome.items };
  return { source, status: outcome.verdict.status, code: outcome.verdict.code, message: outcome.verdict.message };
}

/** UserEvidence with exactly one coverage entry per source, whatever was or was not collected. */
export function assembleUserEvidence(user: UserProfile, parts: Partial<UserParts>): UserEvidence {
  const bySource: Record<SourceId, Outcome<unknown> | undefined> = {
    user: ok(user, 1),
    signIns: parts.signIns,
    directoryAudits: parts.directoryAudits,
    auditLog: parts.auditLog,
    inboxRules: parts.inboxRules,
    sentItems: parts.sentItems,
    mailboxSettings: parts.mailboxSettings,
    authMethods: parts.authMethods,
    registrationDetails: parts.registrationDetails,
    alerts: parts.alerts,
    riskyUser: parts.riskyUser,
    riskDetections: parts.riskDetections,
    oauthGrants: parts.oauthGrants,
  };
  return {
    user,
    signIns: collected(parts.signIns, (v) => v.window),
    signInBaseline: collected(parts.signIns, (v) => v.baseline),
    directoryAudits: collected(parts.directoryAudits, (v) => v),
    auditRecords: collected(parts.auditLog, (v) => v),
    inboxRules: collected(parts.inboxRules, (v) => v),
    sentItems: collected(parts.sentItems, (v) => v.window),
    mailBaseline: collected(parts.sentItems, (v) => v.baseline),
    mailboxSettings: collected(parts.mailboxSettings, (v) => v),
    authMethods: collected(parts.authMethods, (v) => v),
    registration: collected(parts.registrationDetails, (v) => v),
    alerts: collected(parts.alerts, (v) => v),
    riskyUser: collected(parts.riskyUser, (v) => v),
    riskDetections: collected(parts.riskDetections, (v) => v),
    oauthGrants: collected(parts.oauthGrants, (v) => v),
    coverage: SOURCES.map((source) => coverageOf(source, bySource[source])),
  };
}

/** A target that does not exist: every source is an error with the lookup's code. */
export function missingUserEvidence(input: string, failure: GraphFailure): UserEvidence {
  const v = coverageFromFailure("user", failure);
  const user: UserProfile = { id: input, userPrincipalName: input, displayName: input };
  const error = { status: v.status, code: v.code, message: v.message } as const;
  return {
    user,
    signIns: error,
    signInBaseline: error,
    directoryAudits: error,
    auditRecords: error,
    inboxRules: error,
    sentItems: error,
    mailBaseline: error,
    mailboxSettings: error,
    authMethods: error,
    registration: error,
    alerts: error,
    riskyUser: error,
    riskDetections: error,
    oauthGrants: error,
    coverage: SOURCES.map((source) => ({ source, ...error })),
  };
}
