import type { SignIn } from "../collect/evidence.js";
import type { SprayIp } from "./tenant-facts.js";

/** Sentinel SigninPasswordSpray: locked (50053), invalid password (50126), expired (50055). */
export const SPRAY_FAILURE_CODES: ReadonlySet<number> = new Set([50053, 50126, 50055]);

/**
 * Sentinel's "success" codes for the shared-NAT test: the password was accepted, even where an
 * interrupt (MFA, CA, expiry) followed. 50055 (expired password) is in both lists, as in Sentinel:
 * it fails the sign-in yet proves the password.
 */
export const SPRAY_SUCCESS_CODES: ReadonlySet<number> = new Set([
  0, 50055, 50057, 50155, 50105, 50133, 50005, 50076, 50079, 50173, 50158, 50072, 50074, 53003, 53000, 53001, 50129,
]);

/**
 * Both published thresholds; an IP qualifies on either. With sliding windows Sentinel's already
 * catches every IP Elastic's would, but the wider window can report a larger count.
 */
export const SPRAY_THRESHOLDS = [
  { windowMs: 20 * 60_000, minUsers: 5, basis: ">= 5 accounts failing 50053/50126/50055 within 20 min (Sentinel SigninPasswordSpray)" },
  { windowMs: 30 * 60_000, minUsers: 15, basis: ">= 15 accounts failing 50053/50126/50055 within 30 min (Elastic password spraying)" },
] as const;

export interface SprayOptions {
  fromMs: number;
  toMs: number;
  /** True for allow-listed addresses (corporate egress, VPN): never a spray source. */
  isAllowListed: (ip: string) => boolean;
}

interface Failure {
  ms: number;
  account: string;
}

const accountOf = (s: SignIn) => (s.userPrincipalName || s.userId).toLowerCase();

/**
 * Most distinct accounts inside any span shorter than `windowMs`. A sliding window rather than
 * Sentinel's fixed bins, so a burst that straddles a bin boundary still counts whole.
 */
function densestDistinct(failures: readonly Failure[], windowMs: number): number {
  const counts = new Map<string, number>();
  let best = 0;
  let left = 0;
  for (const failure of failures) {
    counts.set(failure.account, (counts.get(failure.account) ?? 0) + 1);
    while (failure.ms - failures[left].ms >= windowMs) {
      const leaving = failures[left++].account;
      const remaining = counts.get(leaving)! - 1;
      if (remaining === 0) counts.delete(leaving);
      else counts.set(leaving, remaining);
    }
    if (counts.size > best) best = counts.size;
  }
  return best;
}

function distinctAccounts(failures: readonly Failure[]): number {
  return new Set(failures.map((f) => f.account)).size;
}

/**
 * Password-spray source IPs among the window's sign-ins (every investigated user's plus peers').
 * Two linear passes: failures grouped by IP, then success/failure principals for the few
 * candidates only, so 10,000 users' sign-ins cost little more than reading them.
 */
export function findSprayIps(signInLists: readonly (readonly SignIn[])[], options: SprayOptions): Map<string, SprayIp> {
  const failuresByIp = new Map<string, Failure[]>();
  for (const list of signInLists) {
    for (const s of list) {
      if (!s.ipAddress || !SPRAY_FAILURE_CODES.has(s.errorCode) || s.ms < options.fromMs || s.ms > options.toMs) continue;
      const failures = failuresByIp.get(s.ipAddress);
      if (failures) failures.push({ ms: s.ms, account: accountOf(s) });
      else failuresByIp.set(s.ipAddress, [{ ms: s.ms, account: accountOf(s) }]);
    }
  }

  const candidates = new Map<string, SprayIp>();
  const minUsers = Math.min(...SPRAY_THRESHOLDS.map((t) => t.minUsers));
  for (const [ip, failures] of failuresByIp) {
    if (distinctAccounts(failures) < minUsers || options.isAllowListed(ip)) continue;
    failures.sort((a, b) => a.ms - b.ms);
    let best: { users: number; basis: string } | undefined;
    for (const threshold of SPRAY_THRESHOLDS) {
      const users = densestDistinct(failures, threshold.windowMs);
      if (users >= threshold.minUsers && (!best || users > best.users)) best = { users, basis: threshold.basis };
    }
    if (!best) continue;
    candidates.set(ip, {
      ip,
      distinctUsers: best.users,
      firstSeen: new Date(failures[0].ms).toISOString(),
      lastSeen: new Date(failures[failures.length - 1].ms).toISOString(),
      basis: best.basis,
    });
  }
  if (candidates.size === 0) return candidates;

  // Shared NAT / egress (Sentinel): keep an IP only while its failing principals outnumber the
  // principals whose password it presented successfully.
  const failed = new Map<string, Set<string>>();
  const succeeded = new Map<string, Set<string>>();
  for (const list of signInLists) {
    for (const s of list) {
      if (!s.ipAddress || !candidates.has(s.ipAddress) || s.ms < options.fromMs || s.ms > options.toMs) continue;
      const target = SPRAY_SUCCESS_CODES.has(s.errorCode) ? succeeded : failed;
      let accounts = target.get(s.ipAddress);
      if (!accounts) target.set(s.ipAddress, (accounts = new Set()));
      accounts.add(accountOf(s));
    }
  }
  for (const [ip, spray] of candidates) {
    spray.failedUsers = failed.get(ip)?.size ?? 0;
    spray.successfulUsers = succeeded.get(ip)?.size ?? 0;
    if (spray.failedUsers <= spray.successfulUsers) candidates.delete(ip);
  }
  return candidates;
}
