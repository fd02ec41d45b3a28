import type { Config } from "../config/schema.js";
import type { TenantFacts } from "../derive/tenant-facts.js";
import { normalisePhone } from "../derive/phones.js";
import type { Correlation, CrossUserPattern, Finding, FindingEntities } from "../report/types.js";
import { domainIn, domainOf, normaliseAddress } from "../rules/mailbox/shared/addresses.js";
import { allowListOf } from "../rules/shared/allow-list.js";
import { listOf, quote } from "./format.js";

/** One investigated user as pattern finding needs it. */
export interface PatternSubject {
  id: string;
  userPrincipalName: string;
  findings: readonly Finding[];
}

type PatternKind = CrossUserPattern["kind"];

/**
 * Entity lists -> pattern kinds, strongest evidence of a shared attacker first. `bonus`: the
 * kinds detections.md §8.4 gives the batch bonus to (forwarding destination, consented app, rule
 * name, sign-in IP). A shared MFA phone is reported as a pattern, but it is already what
 * mfa-phone-shared scores, so it earns no second bonus.
 */
const ENTITY_KINDS: readonly { entity: keyof FindingEntities; kind: PatternKind; label: string; bonus: boolean }[] = [
  { entity: "forwardTo", kind: "forwardingDestination", label: "forwarding destination", bonus: true },
  { entity: "appIds", kind: "consentedApp", label: "consented app", bonus: true },
  { entity: "ruleNames", kind: "ruleName", label: "inbox rule name", bonus: true },
  { entity: "phones", kind: "mfaPhone", label: "MFA phone", bonus: false },
  { entity: "ips", kind: "signInIp", label: "sign-in IP", bonus: true },
];

/** detections.md §8.4: +20 per shared value, +30 at most in all. */
export const CROSS_USER_BONUS = 20;
export const CROSS_USER_CAP = 30;

function normalise(kind: PatternKind, value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  switch (kind) {
    case "mfaPhone":
      return normalisePhone(trimmed);
    case "forwardingDestination":
      return normaliseAddress(trimmed);
    default:
      return trimmed.toLowerCase();
  }
}

/**
 * A finding that can tie a user to a shared artefact: active, and not context-only. Colleagues
 * share office egress IPs, trips and onboarding days; only a real finding makes a shared value an
 * attacker's (detections.md §8.3: many weak anomalies must not add up to compromised).
 */
function ties(finding: Finding): boolean {
  return !finding.suppressed && !finding.context;
}

function valuesOf(finding: Finding, entity: keyof FindingEntities, kind: PatternKind): string[] {
  const values = new Set<string>();
  if (!ties(finding)) return [];
  for (const raw of finding.entities?.[entity] ?? []) {
    const value = typeof raw === "string" ? normalise(kind, raw) : undefined;
    if (value) values.add(value);
  }
  return [...values];
}

/**
 * Values that findings of two or more investigated users share: the same forwarding
 * destination, consented app, rule name, MFA phone or sign-in IP (Sentinel "Multiple users email
 * forwarded to same destination", Defender playbook "same IP on other users"). Only entities
 * that real (not context-only) findings flagged count, so a shared corporate egress, a team trip
 * or a new starter's first office sign-in never makes a pattern by itself.
 */
export function findCrossUserPatterns(users: readonly PatternSubject[]): CrossUserPattern[] {
  const patterns: CrossUserPattern[] = [];
  for (const { entity, kind } of ENTITY_KINDS) {
    const byValue = new Map<string, { users: Map<string, string>; ruleIds: Set<string> }>();
    for (const user of users) {
      for (const finding of user.findings) {
        for (const value of valuesOf(finding, entity, kind)) {
          let entry = byValue.get(value);
          if (!entry) byValue.set(value, (entry = { users: new Map(), ruleIds: new Set() }));
          entry.users.set(user.id, user.userPrincipalName);
          entry.ruleIds.add(finding.ruleId);
        }
      }
    }
    const shared = [...byValue].filter(([, entry]) => entry.users.size >= 2).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [value, entry] of shared) {
      patterns.push({
        kind,
        value,
        users: [...entry.users]
          .map(([id, userPrincipalName]) => ({ id, userPrincipalName }))
          .sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName)),
        ruleIds: [...entry.ruleIds].sort(),
      });
    }
  }
  return patterns;
}

/**
 * Values that earn no bonus: allow-listed ones (a VPN range, a partner domain, a sanctioned app)
 * and sign-in IPs other investigated users already used before the window (office egress).
 */
function vouchedFor(pattern: CrossUserPattern, config: Config, facts: Pick<TenantFacts, "sharedEgressIps"> | undefined): boolean {
  const list = allowListOf(config);
  switch (pattern.kind) {
    case "signInIp":
      return list.ipRanges.match(pattern.value) !== undefined || facts?.sharedEgressIps?.has(pattern.value) === true;
    case "consentedApp":
      return list.apps.has(pattern.value);
    case "forwardingDestination": {
      const domain = domainOf(pattern.value);
      return domain !== undefined && domainIn(domain, config.allowLists.partnerDomains);
    }
    default:
      return false;
  }
}

export interface CrossUserCorrelation {
  kind: PatternKind;
  correlation: Correlation;
}

/** The user's share of the cross-user patterns, as correlations: +20 each, capped at +30. */
export function crossUserCorrelations(
  userId: string,
  findings: readonly Finding[],
  patterns: readonly CrossUserPattern[],
  config: Config,
  facts?: Pick<TenantFacts, "sharedEgressIps">,
): CrossUserCorrelation[] {
  const correlations: CrossUserCorrelation[] = [];
  let remaining = CROSS_USER_CAP;
  for (const { entity, kind, label, bonus: earns } of ENTITY_KINDS) {
    if (!earns) continue;
    for (const pattern of patterns) {
      if (pattern.kind !== kind || !pattern.users.some((u) => u.id === userId) || vouchedFor(pattern, config, facts)) continue;
      const findingIds = findings.filter((f) => valuesOf(f, entity, kind).includes(pattern.value)).map((f) => f.id);
      if (findingIds.length === 0) continue;
      const bonus = Math.min(CROSS_USER_BONUS, remaining);
      remaining -= bonus;
      const others = pattern.users.filter((u) => u.id !== userId).map((u) => u.userPrincipalName);
      correlations.push({
        kind,
        correlation: {
          text: `Same ${label} ${quote(pattern.value)} on ${pattern.users.length} investigated users (also ${listOf(others)})`,
          bonus,
          findingIds,
        },
      });
    }
  }
  return correlations;
}
