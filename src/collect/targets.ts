import type { GraphFailure } from "../graph/graph-errors.js";
import type { BatchItem } from "../graph/request.js";
import { RuntimeError } from "../lib/errors.js";
import type { GraphObject } from "../snapshot/types.js";
import { coverageFromFailure, FailureCode } from "../graph/graph-errors.js";
import type { CollectContext } from "./context.js";
import type { UserProfile } from "./evidence.js";
import { isEnabledMember, memberUsersRequest, normaliseUser, userRequest } from "./sources/users.js";
import { streamCollection } from "./stream.js";

export interface Target {
  id: string;
  /** As Graph spells it. */
  upn: string;
  profile: UserProfile;
  raw: GraphObject;
}

/** Targets by lower-cased id and UPN, for grouping tenant-wide streams. */
export class TargetIndex {
  readonly #byKey = new Map<string, Target>();

  constructor(readonly list: readonly Target[]) {
    for (const t of list) {
      this.#byKey.set(t.id.toLowerCase(), t);
      this.#byKey.set(t.upn.toLowerCase(), t);
      if (t.profile.mail) this.#byKey.set(t.profile.mail.toLowerCase(), t);
    }
  }

  find(key: string | undefined): Target | undefined {
    return key ? this.#byKey.get(key.toLowerCase()) : undefined;
  }

  /** The distinct targets any of the keys names. */
  findAll(keys: readonly string[]): Target[] {
    const found = new Set<Target>();
    for (const key of keys) {
      const t = this.find(key);
      if (t) found.add(t);
    }
    return [...found];
  }
}

export type TargetSpec = { mode: "all" } | { mode: "users"; users: string[] };

export interface ResolvedTargets {
  found: Target[];
  /** Inputs that did not resolve to a user, with why. */
  missing: Array<{ input: string; failure: GraphFailure }>;
}

function toTarget(raw: GraphObject): Target | undefined {
  const profile = normaliseUser(raw);
  return profile ? { id: profile.id, upn: profile.userPrincipalName, profile, raw } : undefined;
}

/** A failure no target can survive (no token at all): the run ends with exit 1. */
function fatal(failure: GraphFailure, doing: string): RuntimeError {
  const message = failure.code === FailureCode.credential ? `Cannot get a Graph token while ${doing}: ${failure.message}` : `Cannot ${doing}: ${coverageFromFailure("user", failure).message}`;
  return new RuntimeError(message, "GRAPH_UNAVAILABLE");
}

/**
 * `--all`: every enabled member user. `--user`/users file: each given UPN or id (one GET, or
 * $batch for several); unknown ones are reported as missing, never dropped.
 */
export async function resolveTargets(ctx: CollectContext, spec: TargetSpec): Promise<ResolvedTargets> {
  if (spec.mode === "all") {
    const found: Target[] = [];
    const result = await streamCollection(ctx, memberUsersRequest(), (raw) => {
      if (!isEnabledMember(raw)) return;
      const target = toTarget(raw);
      if (target) found.push(target);
    });
    if (!result.ok) throw fatal(result.failure, "list the tenant's users");
    return { found: dedupe(found), missing: [] };
  }
  const inputs = [...new Set(spec.users.map((u) => u.trim()).filter(Boolean))];
  const items: BatchItem[] = inputs.map((input) => ({ key: input, ...userRequest(input) }));
  const answers =
    items.length === 1 ? new Map([[items[0].key, await ctx.gateway.get(items[0])]]) : await ctx.gateway.batchGet(items);
  const found: Target[] = [];
  const missing: ResolvedTargets["missing"] = [];
  for (const input of inputs) {
    const answer = answers.get(input)!;
    if (answer.ok) {
      const target = toTarget(answer.body);
      if (target) found.push(target);
      else missing.push({ input, failure: { status: 200, code: "InvalidUserObject", message: "Graph returned a user without an id", attempts: 1, mailbox: false } });
    } else if (answer.failure.code === FailureCode.credential) {
      throw fatal(answer.failure, "look up users");
    } else missing.push({ input, failure: answer.failure });
  }
  return { found: dedupe(found), missing };
}

function dedupe(targets: Target[]): Target[] {
  const seen = new Map<string, Target>();
  for (const t of targets) if (!seen.has(t.id.toLowerCase())) seen.set(t.id.toLowerCase(), t);
  return [...seen.values()];
}
