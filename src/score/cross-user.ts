import type { Config } from "../config/schema.js";
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

/** Entity lists -> pattern kinds, strongest evidence of a shared attacker first. */
const ENTITY_KINDS: readonly { entity: keyof FindingEntities; kind: PatternKind; label: string }[] = [
  { entity: "forwardTo", kind: "forwardingDestination", label: "forwarding destination" },
  { entity: "appIds", kind: "consentedApp", label: "consented app" },
  { entity: "ruleNames", kind: "ruleName", label: "inbox rule name" },
  { entity: "phones", kind: "mfaPhone", label: "MFA phone" },
  { entity: "ips", kind: "signInIp", label: "sign-in IP" },
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

/** Allow-listed values (a VPN range, a partner domain, a sanctioned app) earn no bonus. */
function allowListed(pattern: CrossUserPattern, config: Config): boolean {
  const list = allowListOf(config);
  switch (pattern.kind) {
    case "signInIp":
      return list.ipRanges.match(pattern.value) !== undefined;
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
): CrossUserCorrelation[] {
  const correlations: CrossUserCorrelation[] = [];
  let remaining = CROSS_USER_CAP;
  for (const { entity, kind, label } of ENTITY_KINDS) {
    for (const pattern of patterns) {
      if (pattern.kind !== kind || !pattern.users.some((u) => u.id === userId) || allowListed(pattern, config)) continue;
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
