import type { InboxRule, UserEvidence } from "../collect/evidence.js";
import type { Config } from "../config/schema.js";
import type { TenantFacts } from "../derive/tenant-facts.js";
import type { Correlation, Finding } from "../report/types.js";
import { classifyAddress, normaliseAddress, ownDomains } from "../rules/mailbox/shared/addresses.js";
import { hidingActions, OBSCURE_FOLDERS, ruleRecipients } from "../rules/mailbox/shared/inbox-rules.js";
import { FLOOR_MIN_CONFIDENCE } from "../rules/shared/confidence.js";
import { quote } from "./format.js";

/** A least level the user can have, whatever the score (detections.md §8.5 floors). */
export interface Floor {
  kind: "detection" | "adminConfirmed" | "forwardAndHide" | "correlatedPersistence";
  level: "high" | "critical";
  reason: string;
  findingIds: string[];
}

export interface FloorInput {
  /** Active (not suppressed) findings, after the reset discount. */
  findings: readonly Finding[];
  /** Ids of findings that predate the latest password change or session revocation. */
  discounted: ReadonlySet<string>;
  /** Correlations that, with persistence, floor the user at high. */
  correlations: readonly Correlation[];
  evidence: UserEvidence;
  facts: TenantFacts;
  config: Config;
}

/**
 * Decisive detections set their floor while they stand: not once a reset has cut off the access
 * they describe (Entra's own remediation for them), nor when allow-lists have pulled their
 * confidence below what the report calls likely.
 */
function detectionFloors({ findings, discounted }: FloorInput): Floor[] {
  return findings
    .filter((f) => f.floor && !discounted.has(f.id) && f.confidence >= FLOOR_MIN_CONFIDENCE)
    .map((f) => ({ kind: "detection" as const, level: f.floor!.level, reason: `${f.title}: ${f.floor!.reason}`, findingIds: [f.id] }));
}

function adminConfirmed({ evidence }: FloorInput): Floor[] {
  const risky = evidence.riskyUser.status === "ok" ? evidence.riskyUser.value : null;
  if (risky?.riskState?.toLowerCase() !== "confirmedcompromised") return [];
  return [{ kind: "adminConfirmed", level: "critical", reason: "An administrator confirmed this user compromised in Entra ID Protection (riskState confirmedCompromised)", findingIds: [] }];
}

function citesRule(finding: Finding, rule: InboxRule, recipients: readonly string[]): boolean {
  if (finding.evidence.some((item) => item.source === "inboxRules" && item.id === rule.id)) return true;
  const forwardTo = (finding.entities?.forwardTo ?? []).map(normaliseAddress);
  return recipients.some((r) => forwardTo.includes(r));
}

/**
 * An enabled rule forwarding outside the organisation (not to an allow-listed partner) while a
 * rule (the same or another) deletes, marks as read or buries mail: the classic exfiltrate-and-
 * hide pair. It must be cited by an active finding, so an acknowledged rule raises nothing.
 */
function forwardAndHide({ findings, evidence, facts, config }: FloorInput): Floor[] {
  if (evidence.inboxRules.status !== "ok") return [];
  const rules = evidence.inboxRules.value.filter((rule) => rule.isEnabled);
  const own = ownDomains(facts.acceptedDomains, evidence.user);
  const partners = config.allowLists.partnerDomains;
  const hiding = rules.find((rule) => {
    const actions = hidingActions(rule, OBSCURE_FOLDERS);
    return actions.deletes || actions.markAsRead || actions.obscureFolder !== undefined;
  });
  if (!hiding) return [];
  for (const rule of rules) {
    const external = ruleRecipients(rule).filter((address) => classifyAddress(address, own, partners) === "external");
    if (external.length === 0) continue;
    const citing = findings.filter((f) => citesRule(f, rule, external));
    if (citing.length === 0) continue;
    const how = hidingActions(hiding, OBSCURE_FOLDERS).described.join(" and ");
    const which = hiding.id === rule.id ? "and" : `while rule ${quote(hiding.displayName)}`;
    return [{
      kind: "forwardAndHide",
      level: "high",
      reason: `Inbox rule ${quote(rule.displayName)} forwards mail to ${external.join(", ")} outside the organisation ${which} ${how} mail`,
      findingIds: citing.map((f) => f.id),
    }];
  }
  return [];
}

function correlatedPersistence({ findings, correlations }: FloorInput): Floor[] {
  const fired = correlations.find((c) => c.bonus > 0);
  const persistence = findings.find((f) => f.persistence);
  if (!fired || !persistence) return [];
  return [{
    kind: "correlatedPersistence",
    level: "high",
    reason: `A correlation (${fired.text}) together with persistence (${persistence.title})`,
    findingIds: [...new Set([...fired.findingIds, persistence.id])],
  }];
}

/** Every floor that applies, strongest first (detection floors before derived ones on a tie). */
export function findFloors(input: FloorInput): Floor[] {
  const floors = [...detectionFloors(input), ...adminConfirmed(input), ...forwardAndHide(input), ...correlatedPersistence(input)];
  return floors.sort((a, b) => (a.level === b.level ? 0 : a.level === "critical" ? -1 : 1));
}
