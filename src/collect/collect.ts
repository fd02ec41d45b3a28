import type { Config } from "../config/schema.js";
import type { GraphGateway } from "../graph/gateway.js";
import { coverageFromFailure, type TenantSourceId } from "../graph/graph-errors.js";
import { collectBulk } from "./bulk.js";
import type { CollectContext } from "./context.js";
import type { Collected, InvestigationWindow, SignIn, TenantEvidence, UserEvidence } from "./evidence.js";
import { discardEvidence } from "./evidence-sink.js";
import { EvidenceSnapshotWriter } from "./evidence-snapshot.js";
import { peerSignInsByIp } from "./peers.js";
import { collectOneUser, fetchEach, type PerUserShared } from "./per-user.js";
import { planCollection, type CollectionPlan } from "./plan.js";
import { forEachPooled } from "./pool.js";
import { ServicePrincipals } from "./service-principals.js";
import { collectorFailure, streamCollection } from "./stream.js";
import { resolveTargets, TargetIndex, type TargetSpec } from "./targets.js";
import { alertsByTarget, collectConditionalAccess, collectOrganization } from "./tenant.js";
import { assembleUserEvidence, missingUserEvidence, type UserParts } from "./user-parts.js";

export interface CollectionRequest {
  targets: TargetSpec;
  window: InvestigationWindow;
  strategy: "auto" | "per-user" | "bulk";
  config: Config;
  /** The evidence folder (e.g. `<out>/evidence`): tenant-snapshot.json and manifest.json go here. */
  evidenceDir?: string;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface CollectionResult {
  tenant: TenantEvidence;
  users: UserEvidence[];
  strategy: "per-user" | "bulk";
  stats: { requests: number; subRequests: number; throttled: number; retries: number; batches: number };
  warnings: string[];
  /** The cost model's estimates and why the strategy was chosen. */
  plan: CollectionPlan;
  /** Paths written when `evidenceDir` was given. */
  evidence?: { snapshot: string; manifest: string };
}

const DAY_MS = 86_400_000;
/** Below this many named users the per-user strategy wins in any tenant; no need to count the tenant. */
const FEW_USERS = 5;
/** Named users up to which the audit log search is narrowed by UPN (beyond, it reads the tenant and groups). */
const MAX_UPN_FILTERS = 50;
/** Tenant size assumed when it was not counted. */
const ASSUMED_TENANT_USERS = 1000;

async function countTenantUsers(ctx: CollectContext): Promise<number | undefined> {
  let count = 0;
  const result = await streamCollection(ctx, { path: "/users", query: { $select: "id", $top: 999 } }, () => count++);
  return result.ok ? count : undefined;
}

/**
 * Collects evidence for the targets: resolves them, plans per-user or bulk collection with the
 * cost model, runs it through the gateway, and returns one UserEvidence per target (coverage for
 * every source, whatever failed) plus tenant evidence. Writes the evidence snapshot when asked.
 */
export async function collect(gateway: GraphGateway, request: CollectionRequest): Promise<CollectionResult> {
  const writer = request.evidenceDir ? new EvidenceSnapshotWriter(request.evidenceDir) : undefined;
  const ctx: CollectContext = {
    gateway,
    window: request.window,
    config: request.config,
    evidence: writer ?? discardEvidence,
    licenses: {},
    warnings: [],
    progress: (phase, done, total) => request.onProgress?.({ phase, done, total }),
  };
  const statsAtStart = gateway.stats();
  try {
    ctx.progress("users", 0, 1);
    const resolved = await resolveTargets(ctx, request.targets);
    const targets = new TargetIndex(resolved.found);
    for (const t of resolved.found) ctx.evidence.add("users", t.raw);
    ctx.progress("users", 1, 1);

    const usersMode = request.targets.mode === "users";
    const needsCount = usersMode && request.strategy === "auto" && resolved.found.length > FEW_USERS;
    const tenantUsers = usersMode ? (needsCount ? await countTenantUsers(ctx) : undefined) : resolved.found.length;
    const from = Date.parse(request.window.from);
    const plan = planCollection({
      targets: resolved.found.length,
      tenantUsers: Math.max(tenantUsers ?? ASSUMED_TENANT_USERS, resolved.found.length),
      windowDays: (Date.parse(request.window.to) - from) / DAY_MS,
      baselineDays: (from - Date.parse(request.window.baselineFrom)) / DAY_MS,
      nonInteractiveSignIns: request.config.scan.nonInteractiveSignIns,
      strategy: request.strategy,
    });

    const tenantLevel = Promise.all([tenantGuarded("organization", collectOrganization(ctx)), tenantGuarded("conditionalAccessPolicies", collectConditionalAccess(ctx))]);
    let parts: Map<string, Partial<UserParts>>;
    let peers: Collected<SignIn[]>;
    if (resolved.found.length === 0) {
      parts = new Map();
      peers = { status: "ok", value: [] };
    } else if (plan.strategy === "bulk") {
      ({ parts, peers } = await collectBulk(ctx, targets, { keepPeers: usersMode, upnFilter: usersMode && resolved.found.length <= MAX_UPN_FILTERS }));
    } else {
      ({ parts, peers } = await collectEachUser(ctx, targets, usersMode));
    }
    const [organization, conditionalAccessPolicies] = await tenantLevel;

    const users = [
      ...resolved.found.map((t) => assembleUserEvidence(t.profile, parts.get(t.id) ?? {})),
      ...resolved.missing.map((m) => missingUserEvidence(m.input, m.failure)),
    ];
    const { entraIdP1, entraIdP2, defender, auditLogQuery } = ctx.licenses;
    const licenses = Object.fromEntries(Object.entries({ entraIdP1, entraIdP2, defender, auditLogQuery }).filter(([, v]) => v !== undefined));
    ctx.evidence.licenses(licenses);
    const evidence = writer ? await writer.finish(request.window.to) : undefined;
    return {
      tenant: { organization, conditionalAccessPolicies, peerSignIns: peers, licenses },
      users,
      strategy: plan.strategy,
      stats: statsSince(statsAtStart, gateway.stats()),
      warnings: [...new Set(ctx.warnings)],
      plan,
      ...(evidence ? { evidence } : {}),
    };
  } catch (error) {
    writer?.abort();
    throw error;
  }
}

/** A tenant-level read that threw is that source's error, not a failed run. */
function tenantGuarded<T>(source: TenantSourceId, work: Promise<Collected<T>>): Promise<Collected<T>> {
  return work.catch((error: unknown): Collected<T> => ({ ...coverageFromFailure(source, collectorFailure(error)) }));
}

/** This run's share of the gateway's counters (a gateway may serve more than one run). */
function statsSince(start: CollectionResult["stats"], end: CollectionResult["stats"]): CollectionResult["stats"] {
  return {
    requests: end.requests - start.requests,
    subRequests: end.subRequests - start.subRequests,
    throttled: end.throttled - start.throttled,
    retries: end.retries - start.retries,
    batches: end.batches - start.batches,
  };
}

async function collectEachUser(ctx: CollectContext, targets: TargetIndex, usersMode: boolean): Promise<{ parts: Map<string, Partial<UserParts>>; peers: Collected<SignIn[]> }> {
  const shared: PerUserShared = { alerts: alertsByTarget(ctx, targets), servicePrincipals: new ServicePrincipals(ctx, fetchEach(ctx)) };
  const parts = new Map<string, Partial<UserParts>>();
  let done = 0;
  await forEachPooled(targets.list, ctx.config.scan.concurrency, async (target) => {
    parts.set(target.id, await collectOneUser(ctx, target, shared));
    ctx.progress("users", ++done, targets.list.length);
  });
  if (!usersMode) return { parts, peers: { status: "ok", value: [] } };
  const signIns = [...parts.values()].flatMap((p) => (p.signIns?.ok ? [p.signIns.value] : []));
  return { parts, peers: await tenantGuarded("peerSignIns", peerSignInsByIp(ctx, targets, signIns)) };
}
