import type { SentMessage } from "../../collect/evidence.js";
import { defineRule } from "../types.js";
import { classifyAddress, domainOf, ownDomains } from "../mailbox/shared/addresses.js";
import { Confidence } from "../mailbox/shared/confidence.js";
import { inWindow, timeSpan, windowBounds } from "../mailbox/shared/window.js";
import { allRecipients } from "./shared/recipients.js";

/** Heuristic (checklist step 3, "unusual recipients"); no published threshold exists. */
const IMPACT = 60;
const BASE_POINTS = 24;
const MANY_POINTS = 10;
const MAX_EVIDENCE = 10;
const MAX_LISTED_DOMAINS = 15;

export interface UnusualRecipientsOptions {
  /** Distinct external recipient domains never mailed in the baseline. */
  minNewDomains: number;
  /** ... that are also at least this share of all external domains mailed in the window. */
  minNewDomainShare: number;
  /** Baseline messages before "never mailed" means anything. */
  minBaselineMessages: number;
}

export const unusualRecipients = defineRule<UnusualRecipientsOptions>({
  meta: {
    id: "unusual-recipients",
    title: "Mail sent to many never-seen domains",
    description:
      "In the window the user mailed many external domains that never appear in their sending baseline, and these make up most of the domains they mailed: typical of phishing or spam sent from a compromised mailbox to harvested addresses.",
    severity: "medium",
    attack: ["T1566", "T1534"],
    category: "sent-mail",
    requires: ["sentItems", "mailBaseline"],
    impact: IMPACT,
    remediation: "Review the messages to the new domains with the user; if they did not send them, contain the account and notify the recipients.",
  },
  defaultOptions: { minNewDomains: 10, minNewDomainShare: 0.5, minBaselineMessages: 20 },
  evaluate(evidence, ctx) {
    if (evidence.sentItems.status !== "ok" || evidence.mailBaseline.status !== "ok") return [];
    const baseline = evidence.mailBaseline.value;
    if (baseline.messages < ctx.options.minBaselineMessages) return [];
    const known = new Set(Object.keys(baseline.recipientDomains ?? {}).map((d) => d.toLowerCase()));
    const own = ownDomains(ctx.facts.acceptedDomains, evidence.user);
    const partners = ctx.config.allowLists.partnerDomains;
    const bounds = windowBounds(ctx.window);

    const externalDomains = new Set<string>();
    const newDomains = new Map<string, SentMessage[]>();
    for (const message of evidence.sentItems.value) {
      if (!inWindow(message.ms, bounds)) continue;
      for (const recipient of allRecipients(message)) {
        if (classifyAddress(recipient, own, partners) !== "external") continue;
        const domain = domainOf(recipient)!;
        externalDomains.add(domain);
        if (known.has(domain)) continue;
        const list = newDomains.get(domain) ?? [];
        if (!list.includes(message)) list.push(message);
        newDomains.set(domain, list);
      }
    }

    const share = externalDomains.size ? newDomains.size / externalDomains.size : 0;
    if (newDomains.size < ctx.options.minNewDomains || share < ctx.options.minNewDomainShare) return [];
    const confidence = new Confidence(BASE_POINTS / IMPACT);
    if (newDomains.size >= 3 * ctx.options.minNewDomains) confidence.addPoints(MANY_POINTS, IMPACT, `${newDomains.size} new domains, over three times the threshold.`);

    const messages = [...new Set([...newDomains.values()].flat())];
    const domains = [...newDomains.keys()].sort();
    const percent = Math.round(share * 100);
    return [
      {
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Mail sent to ${domains.length} never-seen external domains`,
        ...timeSpan(messages),
        explanation:
          `${domains.length} of the ${externalDomains.size} external domains mailed in the window (${percent}%) never appear in the user's ` +
          `${baseline.messages}-message baseline: ${domains.slice(0, MAX_LISTED_DOMAINS).join(", ")}${domains.length > MAX_LISTED_DOMAINS ? ", ..." : ""}.`,
        matched: {
          threshold: `>= ${ctx.options.minNewDomains} new domains and >= ${Math.round(ctx.options.minNewDomainShare * 100)}% of external domains`,
          observed: `${domains.length} new (${percent}%)`,
        },
        evidence: messages.slice(0, MAX_EVIDENCE).map((m) => ({
          source: "sentItems",
          id: m.id,
          time: m.time,
          fields: { subject: m.subject ?? null, newDomains: [...new Set(allRecipients(m).map((r) => domainOf(r) ?? ""))].filter((d) => newDomains.has(d)).join(", ") || null },
        })),
      },
    ];
  },
});
