import type { Collected, SignIn, SignInBaseline } from "./evidence.js";
import { coverageFromFailure } from "../graph/graph-errors.js";
import { byTime, windowMs, type CollectContext } from "./context.js";
import { normaliseSignIn, signInRequest } from "./sources/sign-ins.js";
import { streamCollection } from "./stream.js";
import type { TargetIndex } from "./targets.js";

/** Attacker-looking IPs checked per target, and in all (each costs a reports-budget request). */
const IPS_PER_TARGET = 3;
const MAX_PEER_IPS = 20;

/** A user's window IPs that failed or are new to the user's baseline, most used first. */
function suspiciousIps({ window, baseline }: { window: SignIn[]; baseline: SignInBaseline }): string[] {
  const counts = new Map<string, number>();
  for (const s of window) {
    if (!s.ipAddress || (s.success && baseline.ips[s.ipAddress])) continue;
    counts.set(s.ipAddress, (counts.get(s.ipAddress) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, IPS_PER_TARGET)
    .map(([ip]) => ip);
}

/**
 * Cross-user context for a per-user scan: each target's attacker-looking IPs (failures, and
 * sign-ins from IPs new to the user), and the failed sign-ins of other users from those IPs in the
 * window (a spray fails against many accounts and succeeds against few).
 */
export async function peerSignInsByIp(ctx: CollectContext, targets: TargetIndex, signIns: Array<{ window: SignIn[]; baseline: SignInBaseline }>): Promise<Collected<SignIn[]>> {
  const ips = [...new Set(signIns.flatMap(suspiciousIps))].slice(0, MAX_PEER_IPS);
  const from = windowMs(ctx.window).from;
  const peers = new Map<string, SignIn>();
  // The addresses are independent queries: asked together, they wait for the budget once, not in turn.
  const results = await Promise.all(
    ips.map((ip) =>
      streamCollection(ctx, signInRequest("interactive", "v1.0", { from: ctx.window.from, to: ctx.window.to }, { ipAddress: ip }), (raw) => {
        const signIn = normaliseSignIn(raw);
        if (!signIn || signIn.success || signIn.ms < from) return;
        if (targets.find(signIn.userId) || targets.find(signIn.userPrincipalName)) return;
        ctx.evidence.add("signIns", raw);
        peers.set(signIn.id, signIn);
      }),
    ),
  );
  const failed = results.find((result) => !result.ok);
  if (failed && !failed.ok) return { ...coverageFromFailure("peerSignIns", failed.failure) };
  return { status: "ok", value: [...peers.values()].sort(byTime) };
}
