import type { GraphObject } from "../snapshot/types.js";
import { auditQueryRecords } from "./audit-query.js";
import { byTime, type CollectContext } from "./context.js";
import type { Alert, DirectoryAudit, OAuthGrant, RiskDetection } from "./evidence.js";
import type { Grouped } from "./grouped.js";
import { shareOf } from "./grouped.js";
import { collectMailboxes, type FetchMany } from "./mailbox.js";
import { ServicePrincipals } from "./service-principals.js";
import { SignInAccumulator, streamSignIns } from "./sign-in-stream.js";
import { normaliseAuditRecord } from "./sources/audit-log.js";
import { authMethodsRequest, normaliseAuthMethod, normaliseRegistrationDetails, registrationDetailsRequest } from "./sources/auth-methods.js";
import { directoryAuditRequest, normaliseDirectoryAudit } from "./sources/directory-audits.js";
import { grantsRequest, isUserGrant, normaliseOAuthGrant } from "./sources/oauth-grants.js";
import { normaliseRiskDetection, normaliseRiskyUser, riskDetectionsRequest, riskyUserRequest } from "./sources/risk.js";
import { consumePages, isLicenceRefusal, resourceOf, streamCollection } from "./stream.js";
import type { Target } from "./targets.js";
import { failed, guarded, ok, type UserParts } from "./user-parts.js";

/** What per-user collection shares across users: tenant-wide alerts and app lookups. */
export interface PerUserShared {
  alerts: Promise<Grouped<Alert>>;
  servicePrincipals: ServicePrincipals;
}

/** One request at a time per item (the per-user strategy does not batch). */
export function fetchEach(ctx: CollectContext): FetchMany {
  return async (items) => new Map(await Promise.all(items.map(async (item) => [item.key, await ctx.gateway.get(item)] as const)));
}

const range = (ctx: CollectContext) => ({ from: ctx.window.from, to: ctx.window.to });

async function signIns(ctx: CollectContext, target: Target): Promise<UserParts["signIns"]> {
  const acc = new SignInAccumulator(ctx);
  const result = await streamSignIns(ctx, { userId: target.id }, (raw, signIn) => {
    ctx.evidence.add("signIns", raw);
    acc.add(signIn);
  });
  if (!result.ok) return failed("signIns", result.failure);
  // The same refusal hits every user: one warning for the run (the coverage note says it per user).
  for (const note of result.notes) ctx.warnings.push(note);
  return ok(acc.result(), acc.items, result.notes.join("; ") || undefined);
}

/** Audits the user did and audits done to the user, merged. */
async function directoryAudits(ctx: CollectContext, target: Target): Promise<UserParts["directoryAudits"]> {
  const found = new Map<string, DirectoryAudit>();
  const take = (raw: GraphObject) => {
    const audit = normaliseDirectoryAudit(raw);
    if (!audit) return;
    ctx.evidence.add("directoryAudits", raw);
    found.set(audit.id, audit);
  };
  const [initiated, targeted] = await Promise.all([
    streamCollection(ctx, directoryAuditRequest(range(ctx), { initiatedBy: target.id }), take),
    streamCollection(ctx, directoryAuditRequest(range(ctx), { target: target.id }), take),
  ]);
  const failure = !initiated.ok ? initiated.failure : !targeted.ok ? targeted.failure : undefined;
  if (failure) return failed("directoryAudits", failure);
  const audits = [...found.values()].sort(byTime);
  return ok(audits, audits.length);
}

async function auditLog(ctx: CollectContext, target: Target): Promise<UserParts["auditLog"]> {
  const records: NonNullable<ReturnType<typeof normaliseAuditRecord>>[] = [];
  const result = await consumePages(auditQueryRecords(ctx, [target.upn]), (raw) => {
    const record = normaliseAuditRecord(raw);
    if (!record) return;
    ctx.evidence.add("auditLogRecords", raw);
    records.push(record);
  });
  if (!result.ok) {
    if (isLicenceRefusal(result.failure)) ctx.licenses.auditLogQuery = false;
    return failed("auditLog", result.failure);
  }
  records.sort(byTime);
  return ok(records, records.length);
}

async function authMethods(ctx: CollectContext, target: Target): Promise<UserParts["authMethods"]> {
  const raws: GraphObject[] = [];
  const result = await streamCollection(ctx, authMethodsRequest(target.id), (raw) => raws.push(raw));
  if (!result.ok) return failed("authMethods", result.failure);
  ctx.evidence.authenticationMethods(target.id, raws);
  const methods = raws.map(normaliseAuthMethod).filter((m) => m !== undefined);
  return ok(methods, methods.length);
}

async function registration(ctx: CollectContext, target: Target): Promise<UserParts["registrationDetails"]> {
  const answer = await ctx.gateway.get(registrationDetailsRequest(target.id));
  if (!answer.ok) {
    // Users the report has not caught up with yet are simply absent from it.
    if (answer.failure.status === 404) return ok(null, 0);
    if (isLicenceRefusal(answer.failure)) ctx.licenses.entraIdP1 = false;
    return failed("registrationDetails", answer.failure);
  }
  ctx.evidence.add("userRegistrationDetails", resourceOf(answer.body));
  return ok(normaliseRegistrationDetails(answer.body), 1);
}

async function riskyUser(ctx: CollectContext, target: Target): Promise<UserParts["riskyUser"]> {
  const answer = await ctx.gateway.get(riskyUserRequest(target.id));
  if (!answer.ok) {
    // A user Identity Protection never flagged has no riskyUser object.
    if (answer.failure.status === 404) return ok(null, 0);
    if (isLicenceRefusal(answer.failure)) ctx.licenses.entraIdP2 = false;
    return failed("riskyUser", answer.failure);
  }
  ctx.evidence.add("riskyUsers", resourceOf(answer.body));
  return ok(normaliseRiskyUser(answer.body) ?? null, 1);
}

async function riskDetections(ctx: CollectContext, target: Target): Promise<UserParts["riskDetections"]> {
  const found: RiskDetection[] = [];
  const result = await streamCollection(ctx, riskDetectionsRequest(range(ctx), target.id), (raw) => {
    const detection = normaliseRiskDetection(raw);
    if (!detection) return;
    ctx.evidence.add("riskDetections", raw);
    found.push(detection);
  });
  if (!result.ok) {
    if (isLicenceRefusal(result.failure)) ctx.licenses.entraIdP2 = false;
    return failed("riskDetections", result.failure);
  }
  found.sort(byTime);
  return ok(found, found.length);
}

/** Grants with their apps; shared with the bulk strategy, which passes the tenant-wide share. */
export async function grantsWithApps(ctx: CollectContext, raws: GraphObject[], apps: ServicePrincipals): Promise<OAuthGrant[]> {
  const sps = await apps.get(raws.map((g) => String(g.clientId ?? "")).filter(Boolean));
  return raws.map((raw) => normaliseOAuthGrant(raw, sps.get(String(raw.clientId)))).filter((g) => g !== undefined);
}

async function oauthGrants(ctx: CollectContext, target: Target, apps: ServicePrincipals): Promise<UserParts["oauthGrants"]> {
  const raws: GraphObject[] = [];
  const result = await streamCollection(ctx, grantsRequest(target.id), (raw) => {
    if (!isUserGrant(raw, target.id)) return;
    ctx.evidence.add("oauth2PermissionGrants", raw);
    raws.push(raw);
  });
  if (!result.ok) return failed("oauthGrants", result.failure);
  const grants = await grantsWithApps(ctx, raws, apps);
  return ok(grants, grants.length);
}

async function alerts(target: Target, shared: PerUserShared): Promise<UserParts["alerts"]> {
  const share = shareOf(await shared.alerts, target.id);
  if (!share.ok) return failed("alerts", share.failure);
  const list = [...share.items].sort(byTime);
  return ok(list, list.length);
}

/** Every source for one user through per-user filtered queries. */
export async function collectOneUser(ctx: CollectContext, target: Target, shared: PerUserShared): Promise<Partial<UserParts>> {
  const [si, da, al, mailbox, am, rd, ru, rdet, og, alerted] = await Promise.all([
    guarded("signIns", signIns(ctx, target)),
    guarded("directoryAudits", directoryAudits(ctx, target)),
    guarded("auditLog", auditLog(ctx, target)),
    collectMailboxes(ctx, [target], fetchEach(ctx)),
    guarded("authMethods", authMethods(ctx, target)),
    guarded("registrationDetails", registration(ctx, target)),
    guarded("riskyUser", riskyUser(ctx, target)),
    guarded("riskDetections", riskDetections(ctx, target)),
    guarded("oauthGrants", oauthGrants(ctx, target, shared.servicePrincipals)),
    guarded("alerts", alerts(target, shared)),
  ]);
  return {
    signIns: si,
    directoryAudits: da,
    auditLog: al,
    ...mailbox.get(target.id),
    authMethods: am,
    registrationDetails: rd,
    riskyUser: ru,
    riskDetections: rdet,
    oauthGrants: og,
    alerts: alerted,
  };
}
