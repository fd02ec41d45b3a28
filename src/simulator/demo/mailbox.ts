/**
 * Mailboxes: folders with ids, settings, benign inbox rules (newsletters to a folder, notifications,
 * forwarding to a colleague inside the organisation), sent mail and a little received mail.
 */
import type { GraphObject } from "../../snapshot/types.js";
import { BULK_MAIL, NEWSLETTER_SENDERS, PARTNERS, WORK_MAIL, type MailTemplate } from "./catalog/mail.js";
import { exchangeCmdlet } from "./audit.js";
import { rngFor, type DemoContext } from "./context.js";
import type { DemoUser } from "./model.js";
import type { Rng } from "./random.js";
import { DAY, HOUR, isoSeconds, utcDayStart, utcWeekday } from "./time.js";

const FOLDERS: readonly (readonly [key: string, displayName: string])[] = [
  ["inbox", "Inbox"],
  ["drafts", "Drafts"],
  ["sentitems", "Sent Items"],
  ["deleteditems", "Deleted Items"],
  ["junkemail", "Junk Email"],
  ["outbox", "Outbox"],
  ["archive", "Archive"],
  ["conversationhistory", "Conversation History"],
  ["rss", "RSS Subscriptions"],
];

const LOCALE = {
  GB: { timeZone: "GMT Standard Time", language: { locale: "en-GB", displayName: "English (United Kingdom)" }, dateFormat: "dd/MM/yyyy" },
  DE: { timeZone: "W. Europe Standard Time", language: { locale: "de-DE", displayName: "German (Germany)" }, dateFormat: "dd.MM.yyyy" },
} as const;
const WORKING_HOURS = {
  GB: { daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "08:30:00.0000000", endTime: "17:30:00.0000000", timeZone: { name: LOCALE.GB.timeZone } },
  DE: { daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "08:00:00.0000000", endTime: "17:00:00.0000000", timeZone: { name: LOCALE.DE.timeZone } },
};

const NONE: GraphObject[] = [];
const NO_CATEGORIES: string[] = [];
const NOT_FLAGGED = { flagStatus: "notFlagged" };

/** Exchange-style ids: a per-mailbox prefix plus a per-item part. */
function itemId(rng: Rng, mailboxKey: string, kind: string): string {
  return `${mailboxKey}${kind}${rng.base64(21, "url")}AAA=`;
}

export function createMailbox(ctx: DemoContext, user: DemoUser): void {
  const rng = rngFor(ctx, "mailbox", user.index);
  const mailboxKey = `AAMkAG${rng.base64(27, "url")}`;
  const rootId = itemId(rng, mailboxKey, "AAuAAAAAAA");
  const folderIds: Record<string, string> = {};
  const mailFolders: GraphObject[] = [];
  const addFolder = (key: string, displayName: string) => {
    const id = itemId(rng, mailboxKey, "AAuAAAAAAB");
    folderIds[key] = id;
    mailFolders.push({ id, displayName, parentFolderId: rootId, childFolderCount: 0, unreadItemCount: rng.int(0, 30), totalItemCount: rng.int(50, 4000), sizeInBytes: rng.int(1, 400) * 1_048_576, isHidden: false });
  };
  for (const [key, name] of FOLDERS) addFolder(key, name);
  const locale = LOCALE[user.country];
  const ooo = user.role === "staff" && rng.chance(0.03);
  const oooStart = utcDayStart(ctx.nowMs) + rng.int(3, 10) * DAY;
  user.mailbox = {
    key: mailboxKey,
    folderIds,
    mailFolders,
    messageRules: [],
    sentItems: [],
    inbox: [],
    mailboxSettings: {
      archiveFolder: folderIds.archive,
      timeZone: locale.timeZone,
      dateFormat: locale.dateFormat,
      timeFormat: "HH:mm",
      delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
      userPurpose: "user",
      language: locale.language,
      workingHours: WORKING_HOURS[user.country],
      automaticRepliesSetting: {
        status: ooo ? "scheduled" : "disabled",
        externalAudience: ooo ? "all" : "none",
        scheduledStartDateTime: { dateTime: `${isoSeconds(oooStart).slice(0, 19)}.0000000`, timeZone: "UTC" },
        scheduledEndDateTime: { dateTime: `${isoSeconds(oooStart + 5 * DAY).slice(0, 19)}.0000000`, timeZone: "UTC" },
        internalReplyMessage: ooo ? `<html><body><p>I'm on annual leave and back on ${isoSeconds(oooStart + 5 * DAY).slice(0, 10)}.</p></body></html>` : "",
        externalReplyMessage: ooo ? "<html><body><p>Thank you for your email. I'm out of the office with limited access to email.</p></body></html>" : "",
      },
    },
  };
}

/** A folder the user made themselves (e.g. "Newsletters"), at the top level so it lists with the rest. */
function addCustomFolder(rng: Rng, user: DemoUser, key: string, displayName: string): string {
  const mailbox = user.mailbox!;
  const existing = mailbox.folderIds[key];
  if (existing) return existing;
  const id = itemId(rng, mailbox.key, "AAuAAAAAAC");
  mailbox.folderIds[key] = id;
  mailbox.mailFolders.push({ id, displayName, parentFolderId: mailbox.mailFolders[0].parentFolderId, childFolderCount: 0, unreadItemCount: rng.int(0, 40), totalItemCount: rng.int(10, 900), sizeInBytes: rng.int(1, 60) * 1_048_576, isHidden: false });
  return id;
}

function ruleId(rng: Rng): string {
  return rng.base64(8);
}

export function messageRule(rng: Rng, user: DemoUser, displayName: string, conditions: GraphObject, actions: GraphObject): GraphObject {
  const rules = user.mailbox!.messageRules;
  return { id: ruleId(rng), displayName, sequence: rules.length + 1, isEnabled: true, hasError: false, isReadOnly: false, conditions, actions };
}

/** New-InboxRule parameters as Exchange logs them for a Graph messageRule. */
export function inboxRuleParameters(user: DemoUser, rule: GraphObject, folderNames: Record<string, string>): [string, string][] {
  const c = (rule.conditions ?? {}) as Record<string, unknown>;
  const a = (rule.actions ?? {}) as Record<string, unknown>;
  const addresses = (list: unknown) => (list as { emailAddress: { address: string } }[]).map((r) => r.emailAddress.address).join(";");
  const params: [string, string][] = [["Name", String(rule.displayName)], ["Mailbox", user.userPrincipalName]];
  if (c.subjectContains) params.push(["SubjectContainsWords", (c.subjectContains as string[]).join(";")]);
  if (c.bodyOrSubjectContains) params.push(["SubjectOrBodyContainsWords", (c.bodyOrSubjectContains as string[]).join(";")]);
  if (c.senderContains) params.push(["FromAddressContainsWords", (c.senderContains as string[]).join(";")]);
  if (c.fromAddresses) params.push(["From", addresses(c.fromAddresses)]);
  if (a.moveToFolder) params.push(["MoveToFolder", folderNames[String(a.moveToFolder)] ?? String(a.moveToFolder)]);
  if (a.forwardTo) params.push(["ForwardTo", addresses(a.forwardTo)]);
  if (a.delete) params.push(["DeleteMessage", "True"]);
  if (a.markAsRead) params.push(["MarkAsRead", "True"]);
  if (a.stopProcessingRules) params.push(["StopProcessingRules", "True"]);
  return params;
}

export function folderNames(user: DemoUser): Record<string, string> {
  const names: Record<string, string> = {};
  for (const folder of user.mailbox!.mailFolders) names[String(folder.id)] = `:\\${String(folder.displayName)}`;
  return names;
}

/** Newsletter, notification and internal-forward rules; a few were created inside the history and are in the audit log. */
export function addBenignRules(ctx: DemoContext, user: DemoUser, colleagues: DemoUser[], forwardsToColleague: boolean): void {
  const rng = rngFor(ctx, "rules", user.index);
  const rules = user.mailbox!.messageRules;
  if (rng.chance(0.15)) {
    const folder = addCustomFolder(rng, user, "newsletters", "Newsletters");
    const senders = rng.sample(NEWSLETTER_SENDERS, rng.int(1, 3)).map((s) => ({ emailAddress: s }));
    rules.push(messageRule(rng, user, "Newsletters", { fromAddresses: senders }, { moveToFolder: folder, stopProcessingRules: true }));
  }
  if (rng.chance(0.08)) {
    const folder = addCustomFolder(rng, user, "notifications", "Notifications");
    rules.push(messageRule(rng, user, "Jira notifications", { senderContains: ["jira@"] }, { moveToFolder: folder, markAsRead: true }));
  }
  if (forwardsToColleague && colleagues.length > 1) {
    let colleague = rng.pick(colleagues);
    if (colleague === user) colleague = colleagues[(colleagues.indexOf(user) + 1) % colleagues.length];
    rules.push(messageRule(rng, user, `Forward timesheets to ${colleague.givenName}`, { subjectContains: ["Timesheet"] }, { forwardTo: [colleague.recipient] }));
  }
  const ip = user.office.network.ips[0];
  for (const rule of rules) {
    if (!rng.chance(0.25)) continue;
    const timeMs = ctx.historyStartMs + rng.float() * (ctx.nowMs - ctx.historyStartMs - DAY);
    if (timeMs <= user.createdMs) continue;
    ctx.out.auditLogRecords.push(exchangeCmdlet(ctx, rng, { timeMs, user, ip }, "New-InboxRule", `${user.userPrincipalName}\\${String(rule.displayName)}`, inboxRuleParameters(user, rule, folderNames(user))));
  }
}

export interface MessageSpec {
  timeMs: number;
  template: MailTemplate;
  to: GraphObject[];
  cc?: GraphObject[];
  bcc?: GraphObject[];
  /** Full HTML body; by default the preview wrapped in a paragraph. */
  bodyHtml?: string;
  folderId: string;
  from?: GraphObject;
  isRead?: boolean;
}

const BODY_CACHE = new WeakMap<MailTemplate, GraphObject>();

function bodyFor(template: MailTemplate): GraphObject {
  let body = BODY_CACHE.get(template);
  if (!body) {
    body = { contentType: "html", content: `<html><body><p>${template.preview}</p></body></html>` };
    BODY_CACHE.set(template, body);
  }
  return body;
}

/** A message in Graph's shape (default property set minus webLink and changeKey, which nothing reads). */
export function messageObject(rng: Rng, owner: DemoUser, spec: MessageSpec): GraphObject {
  const time = isoSeconds(spec.timeMs);
  const from = spec.from ?? owner.recipient;
  return {
    id: itemId(rng, owner.mailbox!.key, "BGAAAAAA"),
    createdDateTime: time,
    lastModifiedDateTime: time,
    categories: NO_CATEGORIES,
    receivedDateTime: time,
    sentDateTime: time,
    hasAttachments: spec.template.attachments === true,
    internetMessageId: `<${rng.hex(10)}@LO2P265MB${rng.digits(4)}.GBRP265.PROD.OUTLOOK.COM>`,
    subject: spec.template.subject,
    bodyPreview: spec.template.preview,
    importance: "normal",
    parentFolderId: spec.folderId,
    conversationId: `AAQkAG${rng.base64(27, "url")}=`,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: spec.isRead ?? true,
    isDraft: false,
    inferenceClassification: "focused",
    body: spec.bodyHtml ? { contentType: "html", content: spec.bodyHtml } : bodyFor(spec.template),
    sender: from,
    from,
    toRecipients: spec.to,
    ccRecipients: spec.cc ?? NONE,
    bccRecipients: spec.bcc ?? NONE,
    replyTo: NONE,
    flag: NOT_FLAGGED,
  };
}

const PARTNER_RECIPIENTS = PARTNERS.map((p) => ({ emailAddress: p }));

/** Ordinary sent mail on working days; bulk senders also mail 40-80 colleagues a couple of times a week. */
export function generateSentItems(ctx: DemoContext, user: DemoUser, teammates: DemoUser[], everyone: DemoUser[]): void {
  const rng = rngFor(ctx, "sent", user.index);
  const mailbox = user.mailbox!;
  const folderId = mailbox.folderIds.sentitems;
  const perDay = ctx.options.sentItemsPerUserPerDay * user.activity;
  const first = utcDayStart(Math.max(ctx.historyStartMs, user.createdMs));
  const offset = user.homePlace.utcOffsetHours;
  const active = (ms: number) => ms >= ctx.historyStartMs && ms < ctx.nowMs && ms > user.createdMs + HOUR && (user.disabledMs === undefined || ms < user.disabledMs);
  const colleague = () => {
    const pool = teammates.length > 1 ? teammates : everyone;
    const pick = rng.pick(pool);
    return pick === user ? rng.pick(everyone) : pick;
  };
  for (let day = first; day < ctx.nowMs; day += DAY) {
    const weekday = utcWeekday(day);
    if (weekday === 0 || weekday === 6) continue;
    const count = Math.round(perDay * rng.between(0.4, 1.6));
    for (let i = 0; i < count; i++) {
      const timeMs = Math.round(day + (rng.between(8, 18) - offset) * HOUR);
      if (!active(timeMs)) continue;
      const to = Array.from({ length: rng.int(1, 3) }, () => colleague().recipient);
      if (rng.chance(0.15)) to.push(rng.pick(PARTNER_RECIPIENTS));
      const cc = rng.chance(0.25) ? [colleague().recipient] : undefined;
      const template = rng.pick(WORK_MAIL);
      const subject = rng.chance(0.3) ? { ...template, subject: `RE: ${template.subject}` } : template;
      mailbox.sentItems.push(messageObject(rng, user, { timeMs, template: subject, to, cc, folderId }));
    }
    if (user.bulkSender && rng.chance(0.5)) {
      const timeMs = Math.round(day + (rng.between(9, 11) - offset) * HOUR);
      if (!active(timeMs)) continue;
      const template = rng.pick(BULK_MAIL);
      const to = rng.sample(everyone, rng.int(40, 80)).filter((u) => u !== user).map((u) => u.recipient);
      const link = `https://contosodemo.sharepoint.com/sites/intranet/SitePages/${template.subject.split(":")[0].replace(/[^A-Za-z]/g, "")}.aspx`;
      mailbox.sentItems.push(messageObject(rng, user, { timeMs, template, to, folderId, bodyHtml: `<html><body><p>${template.preview}</p><p><a href="${link}">${link}</a></p></body></html>` }));
    }
  }
}

/** Copies the last day's internal mail into recipients' inboxes (a handful each), so inboxes are not empty. */
export function deliverRecentMail(ctx: DemoContext, byAddress: Map<string, DemoUser>, perInbox = 8): void {
  const since = ctx.nowMs - DAY;
  for (const sender of ctx.users) {
    for (const message of sender.mailbox?.sentItems ?? []) {
      if (Date.parse(String(message.sentDateTime)) < since) continue;
      for (const recipient of message.toRecipients as { emailAddress: { address: string } }[]) {
        const owner = byAddress.get(recipient.emailAddress.address);
        const inbox = owner?.mailbox?.inbox;
        if (!owner || !inbox || inbox.length >= perInbox) continue;
        const rng = rngFor(ctx, "inbox", owner.index, inbox.length);
        inbox.push({ ...message, id: itemId(rng, owner.mailbox!.key, "BGAAAAAA"), parentFolderId: owner.mailbox!.folderIds.inbox, isRead: rng.chance(0.6) });
      }
    }
  }
}
