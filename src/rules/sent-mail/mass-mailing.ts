import type { MailBaseline, SentMessage } from "../../collect/evidence.js";
import type { EvidenceItem } from "../../report/types.js";
import { defineRule } from "../types.js";
import { classifyAddress, ownDomains } from "../mailbox/shared/addresses.js";
import { Confidence } from "../mailbox/shared/confidence.js";
import { quoted } from "../mailbox/shared/text.js";
import { inWindow, timeSpan, windowBounds } from "../mailbox/shared/window.js";
import { allRecipients, subjectKey, utcDay } from "./shared/recipients.js";

/**
 * detections.md MAIL-01. Each facet's points; several facets together add a little, as they
 * describe the same campaign.
 */
const IMPACT = 70;
const VOLUME_POINTS = 35;
const LARGE_MESSAGE_POINTS = 35;
const BCC_POINTS = 38;
const INTERNAL_CAMPAIGN_POINTS = 42;
const EXTRA_FACET_POINTS = 7;
const MAX_EVIDENCE = 10;

export interface MassMailingOptions {
  /** A window day above this multiple of the baseline's average per active day (heuristic). */
  dailyRatio: number;
  /** A day must also reach this many messages: 4 against an average of 1 is not mass mail. */
  minDailyMessages: number;
  /** Baseline active days before the ratio or "usual volume" means anything. */
  minBaselineActiveDays: number;
  maxRecipientsPerMessage: number;
  maxBccPerMessage: number;
  /** Distinct internal recipients of one subject (internal phishing, T1534). */
  sameSubjectInternalRecipients: number;
}

interface Facet {
  points: number;
  text: string;
  threshold: string;
  observed: string;
  messages: SentMessage[];
}

function messageItem(message: SentMessage, recipients: number): EvidenceItem {
  return {
    source: "sentItems",
    id: message.id,
    time: message.time,
    fields: {
      subject: message.subject ?? null,
      recipients,
      bcc: (message.bcc ?? []).length,
      hasAttachments: message.hasAttachments ?? null,
      internetMessageId: message.internetMessageId ?? null,
    },
  };
}

function usable(baseline: MailBaseline | undefined, minDays: number): MailBaseline | undefined {
  return baseline && baseline.activeDays >= minDays && baseline.messages > 0 ? baseline : undefined;
}

export const massMailing = defineRule<MassMailingOptions>({
  meta: {
    id: "mass-mailing",
    title: "Mass mailing from the mailbox",
    description:
      "The user sent far more mail than usual (over 3x their baseline daily average), a message to very many recipients or BCC recipients, or one subject to many colleagues: spam or internal phishing sent from a compromised account. Users whose baseline already shows that volume are not flagged.",
    severity: "high",
    attack: ["T1534", "T1566"],
    category: "sent-mail",
    requires: ["sentItems"],
    impact: IMPACT,
    remediation:
      "Check the messages with the user; if they did not send them, contain the account, warn the recipients, and run a message trace to purge the campaign from internal mailboxes.",
  },
  defaultOptions: {
    dailyRatio: 3,
    minDailyMessages: 20,
    minBaselineActiveDays: 5,
    maxRecipientsPerMessage: 50,
    maxBccPerMessage: 20,
    sameSubjectInternalRecipients: 20,
  },
  evaluate(evidence, ctx) {
    if (evidence.sentItems.status !== "ok") return [];
    const o = ctx.options;
    const bounds = windowBounds(ctx.window);
    const messages = evidence.sentItems.value.filter((m) => inWindow(m.ms, bounds));
    if (messages.length === 0) return [];
    const baseline = usable(evidence.mailBaseline.status === "ok" ? evidence.mailBaseline.value : undefined, o.minBaselineActiveDays);
    const usualMaxRecipients = baseline?.maxRecipientsPerMessage ?? 0;
    const usualMaxDaily = baseline ? Math.max(0, ...Object.values(baseline.dailyCounts)) : 0;
    const own = ownDomains(ctx.facts.acceptedDomains, evidence.user);
    const recipientsOf = new Map(messages.map((m) => [m, allRecipients(m)]));
    const facets: Facet[] = [];

    if (baseline) {
      const average = baseline.messages / baseline.activeDays;
      const byDay = new Map<string, SentMessage[]>();
      for (const m of messages) {
        const day = byDay.get(utcDay(m.time));
        if (day) day.push(m);
        else byDay.set(utcDay(m.time), [m]);
      }
      const busy = [...byDay].filter(([, list]) => list.length >= o.minDailyMessages && list.length > o.dailyRatio * average);
      if (busy.length) {
        const [day, list] = busy.reduce((a, b) => (b[1].length > a[1].length ? b : a));
        facets.push({
          points: VOLUME_POINTS,
          text: `${list.length} messages on ${day} against a usual ${average.toFixed(1)} per active day`,
          threshold: `> ${o.dailyRatio}x baseline daily average and >= ${o.minDailyMessages}`,
          observed: `${list.length} on ${day} (baseline ${average.toFixed(1)})`,
          messages: busy.flatMap(([, l]) => l),
        });
      }
    }

    const large = messages.filter((m) => {
      const n = recipientsOf.get(m)!.length;
      return n > o.maxRecipientsPerMessage && n > usualMaxRecipients;
    });
    if (large.length) {
      const most = Math.max(...large.map((m) => recipientsOf.get(m)!.length));
      facets.push({
        points: LARGE_MESSAGE_POINTS,
        text: `${large.length} message(s) to more than ${o.maxRecipientsPerMessage} recipients (up to ${most})`,
        threshold: `> ${o.maxRecipientsPerMessage} recipients per message`,
        observed: `${most} recipients`,
        messages: large,
      });
    }

    const blind = messages.filter((m) => {
      const n = (m.bcc ?? []).length;
      return n > o.maxBccPerMessage && n > usualMaxRecipients;
    });
    if (blind.length) {
      const most = Math.max(...blind.map((m) => (m.bcc ?? []).length));
      facets.push({
        points: BCC_POINTS,
        text: `${blind.length} message(s) with more than ${o.maxBccPerMessage} BCC recipients (up to ${most})`,
        threshold: `> ${o.maxBccPerMessage} BCC recipients`,
        observed: `${most} BCC recipients`,
        messages: blind,
      });
    }

    const bySubject = new Map<string, { messages: SentMessage[]; internal: Set<string> }>();
    for (const m of messages) {
      const key = subjectKey(m.subject);
      const group = bySubject.get(key) ?? { messages: [], internal: new Set<string>() };
      group.messages.push(m);
      for (const r of recipientsOf.get(m)!) if (classifyAddress(r, own, []) === "internal") group.internal.add(r);
      bySubject.set(key, group);
    }
    const campaigns = [...bySubject.values()].filter(
      (g) => g.internal.size >= o.sameSubjectInternalRecipients && g.internal.size > usualMaxRecipients && g.messages.length > usualMaxDaily,
    );
    if (campaigns.length) {
      const top = campaigns.reduce((a, b) => (b.internal.size > a.internal.size ? b : a));
      facets.push({
        points: INTERNAL_CAMPAIGN_POINTS,
        text: `subject ${quoted(top.messages[0].subject)} went to ${top.internal.size} colleagues`,
        threshold: `>= ${o.sameSubjectInternalRecipients} internal recipients of one subject`,
        observed: `${top.internal.size} internal recipients`,
        messages: campaigns.flatMap((g) => g.messages),
      });
    }

    if (facets.length === 0) return [];
    facets.sort((a, b) => b.points - a.points);
    const confidence = new Confidence(facets[0].points / IMPACT);
    for (const extra of facets.slice(1)) confidence.addPoints(EXTRA_FACET_POINTS, IMPACT, `Also: ${extra.text}.`);
    if (!baseline) confidence.scale(0.9, "No usable sending baseline: the user's usual volume is unknown.");

    const involved = [...new Set(facets.flatMap((f) => f.messages))];
    const shown = [...involved].sort((a, b) => recipientsOf.get(b)!.length - recipientsOf.get(a)!.length).slice(0, MAX_EVIDENCE);
    return [
      {
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Mass mailing: ${facets[0].text}`,
        ...timeSpan(involved),
        explanation: `The mailbox sent unusual volumes: ${facets.map((f) => f.text).join("; ")}.`,
        matched: { threshold: facets.map((f) => f.threshold).join("; "), observed: facets.map((f) => f.observed).join("; ") },
        evidence: shown.map((m) => messageItem(m, recipientsOf.get(m)!.length)),
      },
    ];
  },
});
