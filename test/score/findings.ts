import type { Finding } from "../../src/report/types.js";
import { TEST_USER } from "../helpers/evidence.js";

let counter = 0;

/** A report finding with plain defaults; score follows impact x confidence unless given. */
export function finding(partial: Partial<Finding> & { ruleId: string }): Finding {
  const impact = partial.impact ?? 80;
  const confidence = partial.confidence ?? 0.5;
  return {
    id: `${partial.ruleId}:${TEST_USER.id}:${++counter}`,
    title: `Title of ${partial.ruleId}`,
    severity: "medium",
    score: Math.round(impact * confidence),
    impact,
    confidence,
    attack: ["T1078.004"],
    firstSeen: "2026-11-25T10:00:00Z",
    lastSeen: "2026-11-25T10:00:00Z",
    explanation: "x",
    adjustments: [],
    evidence: [],
    ...partial,
  };
}

/** A finding about a sign-in at `time` from `ip` (sign-ins category, timed evidence). */
export function signInFinding(ruleId: string, time: string, ip: string, extra: Partial<Finding> = {}, fields: Record<string, string | number> = {}): Finding {
  return finding({
    ruleId,
    category: "sign-ins",
    firstSeen: time,
    lastSeen: time,
    evidence: [{ source: "signIns", id: `si-${time}`, time, fields: { ipAddress: ip, ...fields } }],
    entities: { ips: [ip] },
    ...extra,
  });
}
