import type { SourceId } from "../../../src/collect/evidence.js";
import type { Report } from "../../../src/report/types.js";
import { allRules } from "../../../src/rules/index.js";
import type { EvidenceKey } from "../../../src/rules/types.js";

/** The coverage source behind each evidence key a rule can require. */
const SOURCE_OF: Record<EvidenceKey, SourceId> = {
  signIns: "signIns",
  signInBaseline: "signIns",
  directoryAudits: "directoryAudits",
  auditRecords: "auditLog",
  inboxRules: "inboxRules",
  sentItems: "sentItems",
  mailBaseline: "sentItems",
  mailboxSettings: "mailboxSettings",
  authMethods: "authMethods",
  registration: "registrationDetails",
  alerts: "alerts",
  riskyUser: "riskyUser",
  riskDetections: "riskDetections",
  oauthGrants: "oauthGrants",
};

/** Rule id -> the sources it cannot run without. */
export const RULE_SOURCES: ReadonlyMap<string, ReadonlySet<SourceId>> = new Map(
  allRules.map((rule) => [rule.meta.id, new Set((rule.meta.requires as EvidenceKey[]).map((key) => SOURCE_OF[key]))]),
);

export function ruleNeeds(ruleId: string, source: SourceId): boolean {
  return RULE_SOURCES.get(ruleId)?.has(source) ?? false;
}

/** "upn rule-id" for every user finding, the unit the matrix compares runs by. */
export function findingKeys(report: Report): Set<string> {
  return new Set(report.users.flatMap((u) => u.findings.map((f) => `${u.userPrincipalName} ${f.ruleId}`)));
}

/** The sources behind the findings of a run: the matrix is only meaningful if these are many. */
export function sourcesWithFindings(report: Report): Set<SourceId> {
  const sources = new Set<SourceId>();
  for (const u of report.users) for (const f of u.findings) for (const s of RULE_SOURCES.get(f.ruleId) ?? []) sources.add(s);
  return sources;
}
