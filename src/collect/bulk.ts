import type { GraphObject } from "../snapshot/types.js";
import { auditQueryRecords } from "./audit-query.js";
import { byTime, windowMs, type CollectContext } from "./context.js";
import type { Alert, AuditRecord, Collected, DirectoryAudit, RegistrationDetails, RiskDetection, RiskyUser, SignIn } from "./evidence.js";
import { coverageFromFailure, type GraphFailure } from "../graph/graph-errors.js";
import { groupByTarget, shareOf, type Grouped } from "./grouped.js";
import { collectMailboxes, type FetchMany, type MailboxParts } from "./mailbox.js";
import { grantsWithApps } from "./per-user.js";
import { chunk, forEachPooled } from "./pool.js";
import { ServicePrincipals } from "./service-principals.js";
import { SignInAccumulator, streamSignIns } from "./sign-in-stream.js";
import { auditRecordOwners, normaliseAuditRecord } from "./sources/audit-log.js";
import { authMethodsRequest, methodsFromRegistration, normaliseAuthMethod, normaliseRegistrationDetails, registrationDetailsRequest } from "./sources/auth-methods.js";
import { directoryAuditOwners, directoryAuditRequest, isSecurityInfoChange, normaliseDirectoryAudit } from "./sources/directory-audits.js";
import { grantsRequest, isUserGrant } from "./sources/oauth-grants.js";
import { isAtRisk, normaliseRiskDetection, normaliseRiskyUser, riskDetectionsRequest, riskyUserRequest } from "./sources/risk.js";
import { str } from "./fields.js";
import { collectorFailure, isLicenceRefusal, settled } from "./stream.js";
import { alertsByTarget } from "./tenant.js";
import type { Target, TargetIndex } from "./targets.js";
import { failed, ok, verdict, type Outcome, type UserParts } from "./user-parts.js";

/** Users whose mailboxes are fetched together (their calls are packed 20 to a $batch). */
const MAILBOX_CHUNK = 40;
const MAILBOX_CHUNKS_IN_FLIGHT = 2;
/**
 * Concurrent time-split queries per kind of sign-in. The reports budget admits 5 requests per
 * window and a page takes a round trip to arrive, so one query at a time would leave it idle.
 */
const SIGN_IN_QUERIES = 3;

type SignInsBulk = { ok: true; accumulators: Map<string, SignInAccumulator>; peers: SignIn[]; notes: string[] } | { ok: false; failure: GraphFailure };

/** Every sign-in in the tenant over window and history, split per target; non-targets' window failures kept as peers. */
async function signInsByTarget(ctx: CollectContext, targets: TargetIndex, keepPeers: boolean): Promise<SignInsBulk> {
  const accumulators = new Map<string, SignInAccumulator>(targets.list.map((t) => [t.id, new SignInAccumulator(ctx)]));
  const peers: SignIn[] = [];
  const from = windowMs(ctx.window).from;
  const onSignIn = (raw: GraphObject, signIn: SignIn, wire: Buffer | undefined) => {
    const target = targets.find(signIn.userId) ?? targets.find(signIn.userPrincipalName);
    if (target) {
      ctx.evidence.add("signIns", raw, wire);
      accumulators.get(target.id)!.add(signIn);
    } else if (keepPeers && !signIn.success && signIn.ms >= from) {
      ctx.evidence.add("signIns", raw, wire);
      peers.push(signIn);
    }
  };
  const result = await streamSignIns(ctx, {}, onSignIn, SIGN_IN_QUERIES);
  return result.ok ? { ok: true, accumulators, peers, notes: result.notes } : result;
}

function listOutcome<T extends { ms: number; id: string }>(source: Parameters<typeof failed>[0], grouped: Grouped<T>, targetId: string): Outcome<T[]> {
  const share = shareOf(grouped, targetId);
  if (!share.ok) return failed(source, share.failure);
  const list = [...share.items].sort(byTime);
  return ok(list, list.length);
}

function singleOutcome<T>(source: Parameters<typeof failed>[0], grouped: Grouped<T>, targetId: string): Outcome<T | null> {
  const share = shareOf(grouped, targetId);
  if (!share.ok) return failed(source, share.failure);
  return ok(share.items[0] ?? null, share.items.length ? 1 : 0);
}

/** A user is worth reading auth methods for one by one when something says their methods may have changed. */
function needsMethods(parts: Partial<UserParts>, windowSignIns: SignIn[] | undefined): boolean {
  const audits = parts.directoryAudits?.ok ? parts.directoryAudits.value : [];
  if (audits.some(isSecurityInfoChange)) return true;
  if (parts.riskyUser?.ok && isAtRisk(parts.riskyUser.value)) return true;
  if (parts.riskDetections?.ok && parts.riskDetections.value.length > 0) return true;
  if (parts.alerts?.ok && parts.alerts.value.length > 0) return true;
  if (parts.registrationDetails?.ok && parts.registrationDetails.value === null) return true;
  return (windowSignIns ?? []).some((s) => s.riskLevelDuringSignIn === "high" || s.riskLevelDuringSignIn === "medium" || s.riskState === "atRisk" || s.riskState === "confirmedCompromised");
}

/** Methods for users without a signal, from the registration report instead of one reads each. */
function summarisedMethods(parts: Partial<UserParts>): UserParts["authMethods"] {
  const reg = parts.registrationDetails;
  if (reg?.ok && reg.value) {
    const methods = methodsFromRegistration(reg.value);
    return ok(methods, methods.length, "summarised from the registration report: no security-info change or risk signal in the window");
  }
  const reason = reg && !reg.ok ? reg.verdict : undefined;
  return verdict({
    status: reason?.status ?? "error",
    code: reason?.code ?? "NotCollected",
    message: `Not read one by one in a bulk scan (no security-info change or risk signal), and the registration report that summarises them failed: ${reason?.message ?? "not collected"} Rerun this user with --strategy per-user to read them.`,
  });
}

export interface BulkResult {
  parts: Map<string, Partial<UserParts>>;
  peers: Collected<SignIn[]>;
}

/**
 * Tenant-wide paged queries, streamed and grouped by user, plus per-mailbox calls packed into
 * $batch; auth methods are read one by one only for users with a reason.
 */
export async function collectBulk(ctx: CollectContext, targets: TargetIndex, options: { keepPeers: boolean; upnFilter: boolean }): Promise<BulkResult> {
  const range = { from: ctx.window.from, to: ctx.window.to };
  const fetchBatched: FetchMany = (items) => ctx.gateway.batchGet(items);
  const apps = new ServicePrincipals(ctx, fetchBatched);
  const streams = 8;
  let streamsDone = 0;
  const done = <T>(promise: Promise<T>): Promise<T> =>
    promise.then((value) => {
      ctx.progress("tenant-wide", ++streamsDone, streams);
      return value;
    });

  const mailboxParts = new Map<string, MailboxParts>();
  let mailboxesDone = 0;
  // collectMailboxes never throws: a failure inside becomes those users' mailbox errors.
  const mailboxes = forEachPooled(chunk(targets.list, MAILBOX_CHUNK), MAILBOX_CHUNKS_IN_FLIGHT, async (group) => {
    for (const [id, parts] of await collectMailboxes(ctx, group, fetchBatched)) mailboxParts.set(id, parts);
    mailboxesDone += group.length;
    ctx.progress("mailboxes", mailboxesDone, targets.list.length);
  });

  const [signIns, audits, records, alerts, risky, detections, registrations, grants] = await Promise.all([
    done(settled(signInsByTarget(ctx, targets, options.keepPeers))),
    done(settled(groupByTarget<DirectoryAudit>(ctx, directoryAuditRequest(range), targets, { owners: directoryAuditOwners, normalise: normaliseDirectoryAudit, collection: "directoryAudits" }))),
    done(
      settled(groupByTarget<AuditRecord>(ctx, auditQueryRecords(ctx, options.upnFilter ? targets.list.map((t) => t.upn) : undefined), targets, {
        owners: auditRecordOwners,
        normalise: normaliseAuditRecord,
        collection: "auditLogRecords",
      })),
    ),
    done(settled(alertsByTarget(ctx, targets))),
    done(
      settled(groupByTarget<RiskyUser>(ctx, riskyUserRequest(), targets, {
        owners: (raw) => [str(raw.id), str(raw.userPrincipalName)].filter((k): k is string => Boolean(k)),
        normalise: (raw) => normaliseRiskyUser(raw),
        collection: "riskyUsers",
      })),
    ),
    done(
      settled(groupByTarget<RiskDetection>(ctx, riskDetectionsRequest(range), targets, {
        owners: (raw) => [str(raw.userId), str(raw.userPrincipalName)].filter((k): k is string => Boolean(k)),
        normalise: normaliseRiskDetection,
        collection: "riskDetections",
      })),
    ),
    done(
      settled(groupByTarget<RegistrationDetails>(ctx, registrationDetailsRequest(), targets, {
        owners: (raw) => [str(raw.id), str(raw.userPrincipalName)].filter((k): k is string => Boolean(k)),
        normalise: normaliseRegistrationDetails,
        collection: "userRegistrationDetails",
      })),
    ),
    done(
      settled(groupByTarget<GraphObject>(ctx, grantsRequest(), targets, {
        owners: (raw) => (str(raw.principalId) ? [str(raw.principalId)!] : []),
        normalise: (raw) => raw,
        collection: "oauth2PermissionGrants",
      })),
    ),
  ]);
  await mailboxes;

  for (const [grouped, key] of [
    [records, "auditLogQuery"],
    [risky, "entraIdP2"],
    [registrations, "entraIdP1"],
  ] as const) {
    if (!grouped.ok && isLicenceRefusal(grouped.failure)) ctx.licenses[key] = false;
  }
  if (signIns.ok) for (const note of signIns.notes) ctx.warnings.push(note);

  const parts = new Map<string, Partial<UserParts>>();
  const grantOwners = grants.ok ? [...grants.byTarget.values()].flat() : [];
  await apps.get(grantOwners.map((g) => String(g.clientId ?? "")).filter(Boolean));
  for (const t of targets.list) {
    const userParts: Partial<UserParts> = {
      signIns: signIns.ok ? ok(signIns.accumulators.get(t.id)!.result(), signIns.accumulators.get(t.id)!.items, signIns.notes.join("; ") || undefined) : failed("signIns", signIns.failure),
      directoryAudits: listOutcome("directoryAudits", audits, t.id),
      auditLog: listOutcome("auditLog", records, t.id),
      alerts: listOutcome<Alert>("alerts", alerts, t.id),
      riskyUser: singleOutcome("riskyUser", risky, t.id),
      riskDetections: listOutcome("riskDetections", detections, t.id),
      registrationDetails: singleOutcome("registrationDetails", registrations, t.id),
      ...mailboxParts.get(t.id),
    };
    const share = shareOf(grants, t.id);
    if (share.ok) {
      const own = await grantsWithApps(ctx, share.items.filter((g) => isUserGrant(g, t.id)), apps);
      userParts.oauthGrants = ok(own, own.length);
    } else userParts.oauthGrants = failed("oauthGrants", share.failure);
    parts.set(t.id, userParts);
  }

  await authMethodsWhereNeeded(ctx, targets.list, parts, signIns.ok ? signIns.accumulators : undefined).catch((error: unknown) => {
    for (const t of targets.list) parts.get(t.id)!.authMethods ??= failed("authMethods", collectorFailure(error));
  });
  const peers: Collected<SignIn[]> = !options.keepPeers
    ? { status: "ok", value: [] }
    : signIns.ok
      ? { status: "ok", value: [...signIns.peers].sort(byTime) }
      : { ...coverageFromFailure("peerSignIns", signIns.failure) };
  return { parts, peers };
}

async function authMethodsWhereNeeded(ctx: CollectContext, targets: readonly Target[], parts: Map<string, Partial<UserParts>>, signIns: Map<string, SignInAccumulator> | undefined): Promise<void> {
  const flagged = targets.filter((t) => needsMethods(parts.get(t.id)!, signIns?.get(t.id)?.window));
  ctx.progress("auth-methods", 0, flagged.length);
  const answers = flagged.length ? await ctx.gateway.batchGet(flagged.map((t) => ({ key: t.id, ...authMethodsRequest(t.id) }))) : new Map();
  for (const t of targets) {
    const userParts = parts.get(t.id)!;
    const answer = answers.get(t.id);
    if (!answer) {
      userParts.authMethods = summarisedMethods(userParts);
      continue;
    }
    if (!answer.ok) {
      userParts.authMethods = failed("authMethods", answer.failure);
      continue;
    }
    const raws: GraphObject[] = [];
    for await (const page of ctx.gateway.pagesFrom(answer.body, authMethodsRequest(t.id))) {
      if (!page.ok) {
        userParts.authMethods = failed("authMethods", page.failure);
        break;
      }
      raws.push(...page.items);
    }
    if (userParts.authMethods) continue;
    ctx.evidence.authenticationMethods(t.id, raws);
    const methods = raws.map(normaliseAuthMethod).filter((m) => m !== undefined);
    userParts.authMethods = ok(methods, methods.length);
  }
  ctx.progress("auth-methods", flagged.length, flagged.length);
}
