import { FLOOR_MIN_CONFIDENCE } from "../shared/confidence.js";
import { defineRule, type Detection } from "../types.js";
import { classifyAddress, domainOf, ownDomains } from "./shared/addresses.js";
import { Confidence } from "./shared/confidence.js";
import { OBSCURE_FOLDERS, earliest, hidingActions, latest, ruleNameKey, ruleRecipients, ruleWritesByName } from "./shared/inbox-rules.js";
import { auditRecordItem, inboxRuleItem } from "./shared/items.js";
import { plural, quoted } from "./shared/text.js";
import { windowBounds } from "./shared/window.js";

/** detections.md MBX-01: 55 for an external forward, +15 when the rule also hides the mail. */
const IMPACT = 85;
const BASE_POINTS = 55;
const HIDE_POINTS = 15;
/** A rule untouched since before the window may be long-standing personal forwarding. */
const PREDATES_WINDOW_FACTOR = 0.7;

export interface InboxRuleExternalForwardOptions {
  obscureFolders: string[];
}

export const inboxRuleExternalForward = defineRule<InboxRuleExternalForwardOptions>({
  meta: {
    id: "inbox-rule-external-forward",
    title: "Inbox rule forwards mail outside the organisation",
    description:
      "An enabled inbox rule forwards, forwards as attachment or redirects mail to a domain that is neither an accepted domain nor an allow-listed partner. Attackers use such rules to keep reading mail after a password reset.",
    severity: "high",
    attack: ["T1114.003", "T1020"],
    category: "mailbox",
    requires: ["inboxRules"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "Confirm with the user; if they did not create it, remove the rule (phishtrail contain --remove-rule <id>), then review other rules, mailbox forwarding and delegates.",
  },
  defaultOptions: { obscureFolders: OBSCURE_FOLDERS },
  evaluate(evidence, ctx) {
    if (evidence.inboxRules.status !== "ok") return [];
    const own = ownDomains(ctx.facts.acceptedDomains, evidence.user);
    const partners = ctx.config.allowLists.partnerDomains;
    const writes = ruleWritesByName(evidence);
    const { fromMs } = windowBounds(ctx.window);
    const detections: Detection[] = [];

    for (const rule of evidence.inboxRules.value) {
      if (rule.isEnabled === false) continue;
      const external = ruleRecipients(rule).filter((address) => classifyAddress(address, own, partners) === "external");
      if (external.length === 0) continue;

      const hiding = hidingActions(rule, ctx.options.obscureFolders);
      const hides = hiding.deletes || hiding.markAsRead || hiding.obscureFolder !== undefined;
      const confidence = new Confidence(BASE_POINTS / IMPACT);
      if (hides) confidence.addPoints(HIDE_POINTS, IMPACT, `The rule also ${hiding.described.join(", ")}: the user does not see what is forwarded.`);

      const ruleWrites = writes.get(ruleNameKey(rule.displayName));
      const lastWrite = latest(ruleWrites);
      const firstWrite = earliest(ruleWrites);
      if (lastWrite && lastWrite.ms < fromMs) {
        confidence.scale(PREDATES_WINDOW_FACTOR, `The rule was last written on ${lastWrite.time}, before the investigation window.`);
      }

      const shared = external.filter((address) => (ctx.facts.forwardingOwners.get(address)?.length ?? 0) > 1);
      const observed = ctx.now.toISOString();
      const domains = [...new Set(external.map((a) => domainOf(a) ?? a))];
      detections.push({
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Inbox rule ${quoted(rule.displayName)} forwards mail to ${external[0]}${external.length > 1 ? ` and ${external.length - 1} more` : ""}`,
        firstSeen: firstWrite?.time ?? observed,
        lastSeen: lastWrite?.time ?? observed,
        explanation:
          `Inbox rule ${quoted(rule.displayName)} sends copies of mail to ${plural(external.length, "external address", "external addresses")} ` +
          `(${external.join(", ")}) in ${domains.join(", ")}, which is not an accepted or partner domain.` +
          (hides ? ` It also ${hiding.described.join(", ")}.` : "") +
          (shared.length ? ` ${shared.join(", ")} also receives mail forwarded from other investigated users.` : ""),
        matched: { threshold: "recipient domain not accepted and not a partner domain", observed: domains.join(", ") },
        evidence: [inboxRuleItem(rule), ...[...new Set([firstWrite, lastWrite])].filter((r) => r !== undefined).map((r) => auditRecordItem(r))],
        floor: hides && confidence.get() >= FLOOR_MIN_CONFIDENCE ? { level: "high", reason: "External forwarding rule that also hides the forwarded mail." } : undefined,
        entities: { forwardTo: external, ruleNames: [rule.displayName ?? ""] },
      });
    }
    return detections;
  },
});
