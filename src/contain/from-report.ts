import { z } from "zod";
import { InputError } from "../lib/errors.js";
import { readJsonFile } from "../lib/json-file.js";
import { RISK_LEVELS, SCHEMA_VERSION, type RiskLevel } from "../report/types.js";
import type { RequestedActions } from "./actions.js";

/** Only the parts of report.json that containment reads; everything else may be anything. */
const evidenceSchema = z.object({ source: z.string(), id: z.string().optional() }).passthrough();
const findingSchema = z
  .object({
    ruleId: z.string(),
    persistence: z.boolean().optional(),
    suppressed: z.unknown().optional(),
    evidence: z.array(evidenceSchema),
  })
  .passthrough();
const userSchema = z
  .object({
    id: z.string(),
    userPrincipalName: z.string(),
    riskLevel: z.enum(RISK_LEVELS as [RiskLevel, ...RiskLevel[]]),
    findings: z.array(findingSchema),
  })
  .passthrough();

export interface ReportSelection {
  userId: string;
  userPrincipalName: string;
  riskLevel: RiskLevel;
  actions: RequestedActions;
}

function fail(file: string, problem: string): never {
  throw new InputError(`--from-report ${file}: ${problem}`, "BAD_REPORT");
}

function issueText(issue: z.ZodIssue, prefix: string): string {
  const where = prefix + issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("");
  return `${where}: ${issue.message}`;
}

/**
 * Exactly what a scan flagged for one user: the inbox rules and authentication methods in the
 * evidence of its active persistence findings, plus session revocation and a password reset when
 * the user's level is high or critical (the same selection as the report's advice).
 */
export function selectFromReport(file: string, userRef: string): ReportSelection {
  const raw = readJsonFile(file, 512 * 1024 * 1024);
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) fail(file, "is not a JSON object (expected a report.json written by phishtrail scan)");
  const report = raw as Record<string, unknown>;
  if (report.schemaVersion !== SCHEMA_VERSION) {
    fail(file, `schemaVersion is ${JSON.stringify(report.schemaVersion ?? null)}, expected "${SCHEMA_VERSION}" (a report.json written by phishtrail scan)`);
  }
  if (!Array.isArray(report.users)) fail(file, `"users" is missing or not a list`);
  const wanted = userRef.toLowerCase();
  const index = report.users.findIndex((u) => {
    const user = u as { id?: unknown; userPrincipalName?: unknown } | null;
    return (typeof user?.id === "string" && user.id.toLowerCase() === wanted) || (typeof user?.userPrincipalName === "string" && user.userPrincipalName.toLowerCase() === wanted);
  });
  if (index === -1) {
    const names = report.users.map((u) => (u as { userPrincipalName?: unknown } | null)?.userPrincipalName).filter((n): n is string => typeof n === "string");
    const listed = names.length === 0 ? "it lists no users" : `it covers ${names.slice(0, 5).join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""}`;
    fail(file, `user "${userRef}" is not in this report (${listed})`);
  }
  const parsed = userSchema.safeParse(report.users[index]);
  if (!parsed.success) fail(file, issueText(parsed.error.issues[0], `users[${index}]`));
  const user = parsed.data;

  const rules = new Set<string>();
  const methods = new Set<string>();
  for (const finding of user.findings) {
    if (!finding.persistence || finding.suppressed) continue;
    for (const item of finding.evidence) {
      if (item.source === "inboxRules" && item.id) rules.add(item.id);
      if (item.source === "authMethods" && item.id) methods.add(item.id);
    }
  }
  const severe = user.riskLevel === "high" || user.riskLevel === "critical";
  return {
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    riskLevel: user.riskLevel,
    actions: { revokeSessions: severe, resetPassword: severe, disable: false, removeRules: [...rules], removeMethods: [...methods] },
  };
}
