import type { TenantFacts } from "../derive/tenant-facts.js";
import type { Correlation, Finding } from "../report/types.js";
import { eventsByKind, type EventKind, type FindingEvent } from "./events.js";
import { atMinute, describeDelta } from "./format.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Match {
  bonus: number;
  note?: string;
}

/** A sequence "A then B" and the bonus a pair earns for its gap (B minus A), from detections.md §8.4. */
interface Sequence {
  from: EventKind;
  to: EventKind;
  match(delta: number, a: FindingEvent, b: FindingEvent): Match | undefined;
}

const SEQUENCES: readonly Sequence[] = [
  {
    // Sentinel SuspiciousSignInFollowedByMFAModification (-30 min..+1 h), riskSignInWithNewMFAMethod (6 h).
    from: "riskySignIn",
    to: "mfaChange",
    match: (delta) => (delta >= -30 * MINUTE && delta <= HOUR ? { bonus: 30 } : delta > HOUR && delta <= 6 * HOUR ? { bonus: 20 } : undefined),
  },
  {
    // Elastic identity_protect_alert_followed_by_device_reg: an Identity Protection detection, then a device registration within 5 min.
    from: "riskySignIn",
    to: "deviceRegistration",
    match: (delta, a) => (a.source === "riskDetections" && delta >= 0 && delta <= 5 * MINUTE ? { bonus: 30 } : undefined),
  },
  {
    // Microsoft AiTM blog: the stolen session creates the rule.
    from: "riskySignIn",
    to: "inboxRule",
    match: (delta, a, b) => {
      if (a.sessionId && a.sessionId === b.sessionId) return { bonus: 40, note: `same session ${a.sessionId}` };
      if (delta < 0 || delta > 24 * HOUR) return undefined;
      if (delta <= HOUR && a.ip && a.ip === b.ip) return { bonus: 30, note: `same IP ${a.ip}` };
      return { bonus: 15 };
    },
  },
  {
    // Password spray playbook: password compromise becomes account compromise.
    from: "sprayAccess",
    to: "persistence",
    match: (delta, a) => (delta >= 0 && delta <= 24 * HOUR ? { bonus: 30, note: `spray IP ${a.ip}` } : undefined),
  },
  {
    from: "riskySignIn",
    to: "consent",
    match: (delta) => (delta >= 0 && delta <= 24 * HOUR ? { bonus: 20 } : undefined),
  },
];

interface Best {
  a: FindingEvent;
  b: FindingEvent;
  delta: number;
  match: Match;
}

function better(candidate: Best, current: Best | undefined): boolean {
  if (!current) return true;
  if (candidate.match.bonus !== current.match.bonus) return candidate.match.bonus > current.match.bonus;
  if (Math.abs(candidate.delta) !== Math.abs(current.delta)) return Math.abs(candidate.delta) < Math.abs(current.delta);
  return candidate.a.ms < current.a.ms;
}

function describe(best: Best): string {
  const { a, b, delta, match } = best;
  const gap = match.note ? `${describeDelta(delta)}, ${match.note}` : describeDelta(delta);
  return `${a.finding.title} at ${atMinute(a.time)} -> ${b.finding.title} at ${atMinute(b.time)} (${gap})`;
}

/**
 * The user's correlated sequences: for each sequence the strongest pair of events from two
 * different findings (highest bonus, then the shortest gap), each explained as
 * "A at t1 -> B at t2 (delta)".
 */
export function findCorrelations(findings: readonly Finding[], facts: TenantFacts): Correlation[] {
  const events = eventsByKind(findings, facts);
  const correlations: Correlation[] = [];
  for (const sequence of SEQUENCES) {
    let best: Best | undefined;
    for (const a of events[sequence.from]) {
      for (const b of events[sequence.to]) {
        if (a.finding.id === b.finding.id) continue;
        const delta = b.ms - a.ms;
        const match = sequence.match(delta, a, b);
        if (match && better({ a, b, delta, match }, best)) best = { a, b, delta, match };
      }
    }
    if (best) correlations.push({ text: describe(best), bonus: best.match.bonus, findingIds: [best.a.finding.id, best.b.finding.id] });
  }
  return correlations;
}
