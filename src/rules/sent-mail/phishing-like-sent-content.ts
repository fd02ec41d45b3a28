import type { SentMessage } from "../../collect/evidence.js";
import { defineRule } from "../types.js";
import { classifyAddress, domainOf, ownDomains } from "../mailbox/shared/addresses.js";
import { Confidence } from "../mailbox/shared/confidence.js";
import { keywordMatcher } from "../mailbox/shared/keywords.js";
import { quoted } from "../mailbox/shared/text.js";
import { MINUTE_MS, inWindow, timeSpan, windowBounds } from "../mailbox/shared/window.js";
import { allRecipients, subjectKey } from "./shared/recipients.js";
import { brandLabels, judgeUrl, type UrlVerdict } from "./shared/urls.js";

/**
 * Checklist step 3 ("phishing-like content"), held to what detections.md MAIL-01 looks for in
 * sent mail: body URLs, and one subject to many internal recipients. Lure words ("invoice",
 * "shared a document") are everyday business mail, so a lure alone is never a finding: a
 * message counts when it carries a deceptive link, or when its lure went out as an internal
 * campaign larger than anything in the user's baseline.
 */
const IMPACT = 70;
const LURE_CAMPAIGN_POINTS = 21;
const URL_ONLY_POINTS = 25;
const LURE_AND_URL_POINTS = 39;
const REPEATED_POINTS = 15;
const KNOWN_CORRESPONDENTS_FACTOR = 0.6;
const MAX_EVIDENCE = 10;

export interface PhishingLikeSentContentOptions {
  /** Whole-word, case-insensitive; a trailing "*" matches any word ending ("password expir*"). */
  lurePhrases: string[];
  urlShorteners: string[];
  /** Flagged messages at which the pattern counts as a campaign. */
  minMessages: number;
  /**
   * A lure without a deceptive link counts only once one subject reached this many distinct
   * internal recipients (MAIL-01 "the same subject to many internal recipients"), and more than
   * the most recipients the user put on one baseline message...
   */
  lureCampaignRecipients: number;
  /** ...within this many minutes (a campaign is a burst: Splunk bins sent mail per hour). */
  lureCampaignMinutes: number;
}

interface Flagged {
  message: SentMessage;
  lures: string[];
  urls: UrlVerdict[];
}

export const phishingLikeSentContent = defineRule<PhishingLikeSentContentOptions>({
  meta: {
    id: "phishing-like-sent-content",
    title: "Sent mail looks like credential phishing",
    description:
      "Messages the user sent carry links to raw IPs, URL shorteners, look-alikes of the organisation's domains, or a domain other than the one the link text shows, or send a phishing lure (\"verify your account\", \"password expires\", \"shared a document\", DocuSign, invoice) to more colleagues than the user ever mails at once. A lure word alone is ordinary business mail.",
    severity: "high",
    attack: ["T1534", "T1566.002"],
    category: "sent-mail",
    requires: ["sentItems"],
    impact: IMPACT,
    remediation:
      "Open the messages with the user; if they did not write them, contain the account, warn the recipients and block the linked domains in Defender for Office 365.",
  },
  defaultOptions: {
    lurePhrases: [
      "verify your account",
      "verify your identity",
      "confirm your account",
      "password expir*",
      "reset your password",
      "shared a document",
      "shared a file",
      "invoice",
      "DocuSign",
      "voicemail",
      "mailbox is full",
      "unusual sign-in activity",
    ],
    urlShorteners: ["bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly", "rb.gy", "t.ly", "tiny.cc", "shorturl.at", "s.id"],
    minMessages: 3,
    lureCampaignRecipients: 10,
    lureCampaignMinutes: 60,
  },
  evaluate(evidence, ctx) {
    if (evidence.sentItems.status !== "ok") return [];
    const match = keywordMatcher(ctx.options.lurePhrases);
    const own = ownDomains(ctx.facts.acceptedDomains, evidence.user);
    const partners = ctx.config.allowLists.partnerDomains;
    const urlContext = { own, brands: brandLabels(own), partners, shorteners: ctx.options.urlShorteners };
    // Campaigns repeat the same link in every message: judge each URL once.
    const urlVerdicts = new Map<string, UrlVerdict | undefined>();
    const judgeOnce = (url: string) => {
      if (!urlVerdicts.has(url)) urlVerdicts.set(url, judgeUrl(url, urlContext));
      return urlVerdicts.get(url);
    };
    const bounds = windowBounds(ctx.window);
    const messages = evidence.sentItems.value.filter((m) => inWindow(m.ms, bounds));
    const baseline = evidence.mailBaseline.status === "ok" ? evidence.mailBaseline.value : undefined;
    const campaignSize = Math.max(ctx.options.lureCampaignRecipients, (baseline?.maxRecipientsPerMessage ?? 0) + 1);
    const campaigns = internalCampaigns(messages, own, partners, campaignSize, ctx.options.lureCampaignMinutes * MINUTE_MS);

    const flagged: Flagged[] = [];
    for (const message of messages) {
      const lures = match(`${message.subject ?? ""}\n${message.bodyPreview ?? ""}`);
      const urls: UrlVerdict[] = [];
      const linked = new Set<string>();
      for (const link of message.links ?? []) {
        linked.add(link.url);
        const verdict = judgeUrl(link.url, urlContext, link.text);
        if (verdict) urls.push(verdict);
      }
      for (const url of message.urls ?? []) {
        if (linked.has(url)) continue;
        const verdict = judgeOnce(url);
        if (verdict) urls.push(verdict);
      }
      if (urls.length || (lures.length && campaigns.has(subjectKey(message.subject)))) flagged.push({ message, lures, urls });
    }
    if (flagged.length === 0) return [];

    const withBoth = flagged.filter((f) => f.lures.length && f.urls.length);
    const withUrl = flagged.filter((f) => f.urls.length);
    const points = withBoth.length ? LURE_AND_URL_POINTS : withUrl.length ? URL_ONLY_POINTS : LURE_CAMPAIGN_POINTS;
    const confidence = new Confidence(points / IMPACT);
    if (flagged.length >= ctx.options.minMessages) confidence.addPoints(REPEATED_POINTS, IMPACT, `${flagged.length} messages show the pattern.`);

    // Honest lures ("invoice") go to existing correspondents; phishing goes to colleagues or new addresses.
    const knownDomains = new Set(Object.keys(baseline?.recipientDomains ?? {}).map((d) => d.toLowerCase()));
    const onlyKnownExternal = flagged.every((f) =>
      allRecipients(f.message).every((r) => classifyAddress(r, own, partners) !== "internal" && knownDomains.has(domainOf(r) ?? "")),
    );
    if (knownDomains.size && onlyKnownExternal) {
      confidence.scale(KNOWN_CORRESPONDENTS_FACTOR, "Every flagged message went to external domains the user already mailed in the baseline.");
    }

    const lures = [...new Set(flagged.flatMap((f) => f.lures))];
    const reasons = [...new Set(flagged.flatMap((f) => f.urls.map((u) => u.reason)))];
    const ordered = [...flagged].sort((a, b) => b.lures.length + b.urls.length * 2 - (a.lures.length + a.urls.length * 2));
    const sample = ordered[0].message;
    return [
      {
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: flagged.length === 1 ? `Sent message ${quoted(sample.subject)} looks like phishing` : `${flagged.length} sent messages look like phishing`,
        ...timeSpan(flagged.map((f) => f.message)),
        explanation:
          `${flagged.length === 1 ? "One sent message" : `${flagged.length} sent messages`}` +
          `${lures.length ? ` use lures (${lures.map((l) => quoted(l)).join(", ")})` : ""}` +
          `${lures.length && reasons.length ? " and" : ""}` +
          `${reasons.length ? ` carry links where ${reasons.slice(0, 5).join("; ")}` : ""}` +
          `, e.g. ${quoted(sample.subject)}.`,
        matched: {
          keyword: lures.join(", ") || undefined,
          threshold: `deceptive link, or a lure sent to >= ${campaignSize} internal recipients within ${ctx.options.lureCampaignMinutes} min; campaign at >= ${ctx.options.minMessages} messages`,
          observed: `${flagged.length} message(s)${reasons.length ? `; ${reasons.length} link finding(s)` : ""}`,
        },
        evidence: ordered.slice(0, MAX_EVIDENCE).map((f) => ({
          source: "sentItems",
          id: f.message.id,
          time: f.message.time,
          fields: {
            subject: f.message.subject ?? null,
            lures: f.lures.join(", ") || null,
            links: f.urls.map((u) => `${u.url} (${u.reason})`).join("; ") || null,
            recipients: allRecipients(f.message).length,
          },
        })),
      },
    ];
  },
});

/** Subjects (subjectKey) that reached at least `size` distinct internal recipients within `spanMs`. */
function internalCampaigns(messages: readonly SentMessage[], own: ReadonlySet<string>, partners: readonly string[], size: number, spanMs: number): Set<string> {
  const bySubject = new Map<string, SentMessage[]>();
  for (const message of messages) {
    const key = subjectKey(message.subject);
    if (!key) continue;
    const list = bySubject.get(key);
    if (list) list.push(message);
    else bySubject.set(key, [message]);
  }
  const campaigns = new Set<string>();
  for (const [key, list] of bySubject) {
    const sorted = [...list].sort((a, b) => a.ms - b.ms);
    for (let i = 0; i < sorted.length && !campaigns.has(key); i++) {
      const reached = new Set<string>();
      for (let j = i; j < sorted.length && sorted[j].ms - sorted[i].ms <= spanMs; j++) {
        for (const r of allRecipients(sorted[j])) if (classifyAddress(r, own, partners) === "internal") reached.add(r);
      }
      if (reached.size >= size) campaigns.add(key);
    }
  }
  return campaigns;
}
