import type { InvestigationWindow, SignIn, UserEvidence } from "../collect/evidence.js";
import { DAY_MS } from "../lib/time.js";
import type {
  ContainmentAdvice,
  Finding,
  RiskLevel,
  SignInPoint,
  SignInSummary,
  TimelineEvent,
} from "./types.js";

const MAX_DAYS_CHARTED = 92;
const MAX_EVIDENCE_EVENTS_PER_FINDING = 5;
const MAX_TIMELINE_EVENTS = 200;

const KIND_BY_CATEGORY: Record<string, TimelineEvent["kind"]> = {
  "sign-ins": "signIn",
  mailbox: "inboxRule",
  "sent-mail": "mail",
  mfa: "mfa",
  apps: "consent",
  alerts: "alert",
  tenant: "audit",
};

const KIND_BY_SOURCE: Record<string, TimelineEvent["kind"]> = {
  signIns: "signIn",
  inboxRules: "inboxRule",
  auditLog: "audit",
  directoryAudits: "audit",
  sentItems: "mail",
  authMethods: "mfa",
  oauthGrants: "consent",
  alerts: "alert",
  riskDetections: "risk",
  riskyUser: "risk",
};

function describeFields(fields: Record<string, string | number | boolean | null>): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== null && value !== "")
    .slice(0, 5)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(", ");
}

/**
 * The incident told in time order from its first bad event: one entry per finding and up to a
 * few entries per finding's timed evidence (the sign-in, the rule creation, the consent...).
 */
export function buildTimeline(findings: readonly Finding[], categoryOf: (ruleId: string) => string, firstBadEvent?: string): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const seenEvidence = new Map<string, TimelineEvent>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    events.push({
      time: finding.firstSeen,
      kind: KIND_BY_CATEGORY[categoryOf(finding.ruleId)] ?? "audit",
      summary: finding.title,
      findingIds: [finding.id],
      severity: finding.severity,
    });
    for (const item of finding.evidence.filter((e) => e.time).slice(0, MAX_EVIDENCE_EVENTS_PER_FINDING)) {
      const key = `${item.source}:${item.id ?? item.time}`;
      const existing = seenEvidence.get(key);
      if (existing) {
        if (!existing.findingIds.includes(finding.id)) existing.findingIds.push(finding.id);
        continue;
      }
      const event: TimelineEvent = {
        time: item.time!,
        kind: KIND_BY_SOURCE[item.source] ?? "audit",
        summary: `${item.source}: ${describeFields(item.fields)}`,
        findingIds: [finding.id],
      };
      seenEvidence.set(key, event);
      events.push(event);
    }
  }
  const startMs = firstBadEvent ? Date.parse(firstBadEvent) - 3_600_000 : -Infinity;
  return events
    .filter((e) => Date.parse(e.time) >= startMs || e.severity !== undefined)
    .sort((a, b) => a.time.localeCompare(b.time) || (a.severity ? -1 : 1))
    .slice(0, MAX_TIMELINE_EVENTS);
}

function flaggedSignInIds(findings: readonly Finding[]): Set<string> {
  const ids = new Set<string>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    for (const item of finding.evidence) if (item.source === "signIns" && item.id) ids.add(item.id);
  }
  return ids;
}

export function summariseSignIns(evidence: UserEvidence, findings: readonly Finding[], window: InvestigationWindow): SignInSummary {
  const signIns: SignIn[] = evidence.signIns.status === "ok" ? evidence.signIns.value : [];
  const baselineCountries = evidence.signInBaseline.status === "ok" ? evidence.signInBaseline.value.countries : {};
  const flagged = flaggedSignInIds(findings);

  const fromMs = Date.parse(window.from);
  const toMs = Date.parse(window.to);
  const firstDayMs = Math.max(Math.floor(fromMs / DAY_MS), Math.floor(toMs / DAY_MS) - MAX_DAYS_CHARTED + 1) * DAY_MS;
  const byDay = new Map<string, { successes: number; failures: number }>();
  for (let day = firstDayMs; day <= toMs; day += DAY_MS) {
    byDay.set(new Date(day).toISOString().slice(0, 10), { successes: 0, failures: 0 });
  }

  const countries = new Map<string, number>();
  const points = new Map<string, SignInPoint>();
  let failures = 0;
  for (const signIn of signIns) {
    if (!signIn.success) failures++;
    const day = byDay.get(signIn.time.slice(0, 10));
    if (day) signIn.success ? day.successes++ : day.failures++;
    if (signIn.country) countries.set(signIn.country, (countries.get(signIn.country) ?? 0) + 1);
    if (signIn.latitude === undefined || signIn.longitude === undefined) continue;
    const key = `${signIn.latitude.toFixed(1)},${signIn.longitude.toFixed(1)}`;
    let point = points.get(key);
    if (!point) {
      point = { country: signIn.country, city: signIn.city, latitude: signIn.latitude, longitude: signIn.longitude, count: 0, failures: 0, flagged: false };
      points.set(key, point);
    }
    point.count++;
    if (!signIn.success) point.failures++;
    if (flagged.has(signIn.id)) point.flagged = true;
  }

  return {
    total: signIns.length,
    failures,
    countries: [...countries.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([country, count]) => ({ country, count, inBaseline: (baselineCountries[country] ?? 0) > 0 })),
    byDay: [...byDay.entries()].map(([day, counts]) => ({ day, ...counts })),
    points: [...points.values()].sort((a, b) => b.count - a.count),
  };
}

/** POSIX single-quoting so a pasted command is exactly what the report shows. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9@._:=+\/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const LEVEL_ORDER: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * The recommended containment as an exact `phishtrail contain` command: sessions and password
 * for a likely compromise, plus removal of exactly the persistence the scan flagged.
 */
export function adviseContainment(userPrincipalName: string, level: RiskLevel, findings: readonly Finding[]): ContainmentAdvice {
  const active = findings.filter((f) => !f.suppressed);
  const ruleIds = new Set<string>();
  const methodIds = new Set<string>();
  for (const finding of active) {
    if (!finding.persistence) continue;
    for (const item of finding.evidence) {
      if (item.source === "inboxRules" && item.id) ruleIds.add(item.id);
      if (item.source === "authMethods" && item.id) methodIds.add(item.id);
    }
  }
  const steps: string[] = [];
  const args = ["phishtrail", "contain", "--user", shellQuote(userPrincipalName)];
  if (LEVEL_ORDER[level] >= LEVEL_ORDER.high) {
    args.push("--revoke-sessions", "--reset-password");
    steps.push("Revoke all sign-in sessions and refresh tokens so stolen cookies and tokens stop working.");
    steps.push("Reset the password (random, change at next sign-in) and tell the user out of band.");
  } else if (LEVEL_ORDER[level] >= LEVEL_ORDER.medium) {
    args.push("--revoke-sessions");
    steps.push("Confirm the flagged activity with the user; revoke sessions if any of it is not theirs.");
  }
  for (const id of ruleIds) args.push("--remove-rule", shellQuote(id));
  for (const id of methodIds) args.push("--remove-method", shellQuote(id));
  if (ruleIds.size) steps.push(`Remove the ${ruleIds.size} flagged inbox rule(s) (a password reset does not remove them).`);
  if (methodIds.size) steps.push(`Remove the ${methodIds.size} flagged authentication method(s) the attacker may have added.`);
  if (active.some((f) => f.ruleId === "oauth-risky-consent")) steps.push("Revoke the flagged OAuth consent in Entra (Enterprise applications > Permissions).");
  if (active.some((f) => f.ruleId === "mailbox-forwarding" || f.ruleId === "mailbox-delegation")) {
    steps.push("Remove mailbox forwarding/delegation in Exchange (Set-Mailbox -ForwardingSmtpAddress $null; Remove-MailboxPermission).");
  }
  if (steps.length === 0) return { command: "", steps: ["No containment needed on this evidence."] };
  steps.push("Run the command without --apply first to see the plan; add --apply to perform it.");
  return { command: args.join(" "), steps };
}
