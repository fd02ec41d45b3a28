/**
 * Tenant-wide facts derived once per run from every collected user (and peer sign-ins), shared by
 * rules: password-spray IPs, phones or forwarding targets used by several users.
 * (Owned by the rules work; this is the contract.)
 */
import type { InvestigationWindow, SignIn, TenantEvidence, UserEvidence } from "../collect/evidence.js";
import type { Config } from "../config/schema.js";
import { normaliseAddress } from "../rules/mailbox/shared/addresses.js";
import { allowListOf } from "../rules/shared/allow-list.js";
import { normalisePhone } from "./phones.js";
import { findSprayIps } from "./spray-ips.js";

export interface SprayIp {
  ip: string;
  /** Distinct users failing from the IP in the densest bin. */
  distinctUsers: number;
  firstSeen: string;
  lastSeen: string;
  /** The detection that qualified it, e.g. ">= 5 users failing 50126/50053/50055 within 20 min". */
  basis: string;
  /** Distinct accounts that failed from the IP in the window (any failure code). */
  failedUsers?: number;
  /** Distinct accounts whose password the IP presented successfully (success or interrupt). */
  successfulUsers?: number;
}

export interface TenantFacts {
  sprayIps: Map<string, SprayIp>;
  /** Normalised phone number -> user ids registering it. */
  phoneOwners: Map<string, string[]>;
  /** Lower-cased forwarding address -> user ids whose rules forward there. */
  forwardingOwners: Map<string, string[]>;
  /** Accepted (verified) domains, lower-case; empty if organization was not collected. */
  acceptedDomains: Set<string>;
  /**
   * IPs from which two or more investigated users signed in successfully before the window (their
   * baselines): office egress, a shared home or VPN, not an attacker's address. Entra's atypical
   * travel ignores locations other users of the organisation use; absent when not derived.
   */
  sharedEgressIps?: Set<string>;
}

/** Baseline users an IP needs to count as shared organisational egress. */
export const SHARED_EGRESS_MIN_USERS = 2;

function addOwner(owners: Map<string, string[]>, key: string, userId: string): void {
  const list = owners.get(key);
  if (!list) owners.set(key, [userId]);
  else if (!list.includes(userId)) list.push(userId);
}

/**
 * Derives the facts in one pass over the users (plus the spray passes over sign-ins). Sources
 * that were not collected contribute nothing; rules see their coverage separately.
 */
export function deriveTenantFacts(
  users: readonly UserEvidence[],
  tenant: TenantEvidence,
  config: Config,
  window: InvestigationWindow,
): TenantFacts {
  const signInLists: SignIn[][] = [];
  const phoneOwners = new Map<string, string[]>();
  const forwardingOwners = new Map<string, string[]>();
  const baselineUsersByIp = new Map<string, number>();
  for (const evidence of users) {
    const userId = evidence.user.id;
    if (evidence.signIns.status === "ok") signInLists.push(evidence.signIns.value);
    if (evidence.signInBaseline.status === "ok") {
      for (const [ip, count] of Object.entries(evidence.signInBaseline.value.ips ?? {})) {
        if (count > 0) baselineUsersByIp.set(ip, (baselineUsersByIp.get(ip) ?? 0) + 1);
      }
    }
    if (evidence.authMethods.status === "ok") {
      for (const method of evidence.authMethods.value) {
        const phone = normalisePhone(method.phoneNumber);
        if (phone) addOwner(phoneOwners, phone, userId);
      }
    }
    if (evidence.inboxRules.status === "ok") {
      for (const rule of evidence.inboxRules.value) {
        if (!rule.isEnabled) continue;
        for (const address of [...rule.forwardTo, ...rule.forwardAsAttachmentTo, ...rule.redirectTo]) {
          const key = normaliseAddress(address);
          if (key) addOwner(forwardingOwners, key, userId);
        }
      }
    }
  }
  if (tenant.peerSignIns.status === "ok") signInLists.push(tenant.peerSignIns.value);

  const allowList = allowListOf(config);
  const sprayIps = findSprayIps(signInLists, {
    fromMs: Date.parse(window.from),
    toMs: Date.parse(window.to),
    isAllowListed: (ip) => allowList.ipRanges.match(ip) !== undefined,
  });

  const acceptedDomains = new Set<string>();
  if (tenant.organization.status === "ok") {
    const { verifiedDomains, defaultDomain } = tenant.organization.value;
    for (const domain of [...verifiedDomains, ...(defaultDomain ? [defaultDomain] : [])]) acceptedDomains.add(domain.trim().toLowerCase());
  }
  const sharedEgressIps = new Set([...baselineUsersByIp].filter(([, n]) => n >= SHARED_EGRESS_MIN_USERS).map(([ip]) => ip));
  return { sprayIps, phoneOwners, forwardingOwners, acceptedDomains, sharedEgressIps };
}
