import type { GraphObject } from "../../snapshot/types.js";
import { anyOf, satisfies } from "../auth/permissions.js";
import type { GraphCall } from "../http/call.js";
import { rejectOptionsExcept, serveCollection, type CollectionSpec } from "../odata/collection.js";
import { rule, type FilterSchema, type PropertyRule } from "../odata/filter-schema.js";
import { SliceResult } from "../odata/result-set.js";
import { TimeIndex } from "../odata/time-index.js";
import { parseSelect, projectItem } from "../odata/select.js";
import { parseGraphDate } from "../clock.js";
import { findFolder, folderMessages, openMailbox, wellKnownNameOf, type MailboxView } from "../tenant/mailbox.js";
import type { RouteContext, RouteDefinition } from "./route-kit.js";

const address = (): PropertyRule => rule.string("startswith");
const recipients = { quantifiers: ["any" as const], element: { "emailAddress/address": address(), "emailAddress/name": address() } };

const MESSAGE_FILTER: FilterSchema = {
  entityType: "microsoft.graph.message",
  properties: {
    id: rule.string(),
    receivedDateTime: rule.datetime(),
    sentDateTime: rule.datetime(),
    createdDateTime: rule.datetime(),
    lastModifiedDateTime: rule.datetime(),
    subject: rule.string("startswith", "contains", "ne"),
    isRead: rule.boolean(),
    isDraft: rule.boolean(),
    hasAttachments: rule.boolean(),
    importance: rule.enum("ne"),
    inferenceClassification: rule.enum("ne"),
    internetMessageId: rule.string(),
    conversationId: rule.string(),
    parentFolderId: rule.string(),
    "from/emailAddress/address": address(),
    "from/emailAddress/name": address(),
    "sender/emailAddress/address": address(),
  },
  lambdas: {
    toRecipients: recipients,
    ccRecipients: recipients,
    bccRecipients: recipients,
    replyTo: recipients,
    categories: { quantifiers: ["any"], element: { "": rule.string() } },
  },
  or: true,
  not: true,
};

const MAIL_READ = anyOf("Mail.ReadBasic.All", "Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite");
const SETTINGS_READ = anyOf("MailboxSettings.Read", "MailboxSettings.ReadWrite");
/** Mail.ReadBasic.All reads everything but these members. */
const BODY_MEMBERS = ["body", "bodyPreview", "uniqueBody"];

function messageTime(message: GraphObject): number {
  const received = parseGraphDate(message.receivedDateTime);
  return Number.isNaN(received) ? parseGraphDate(message.sentDateTime ?? message.createdDateTime) : received;
}

function withoutBody(message: GraphObject): GraphObject {
  const out: GraphObject = {};
  for (const key of Object.keys(message)) if (!BODY_MEMBERS.includes(key)) out[key] = message[key];
  return out;
}

function serveMessages(call: GraphCall, ctx: RouteContext, view: MailboxView, folder: GraphObject | undefined, folderKey: string | undefined): ReturnType<RouteDefinition["handle"]> {
  const spec: CollectionSpec = {
    context: `users('${view.ownerId}')/${folderKey ? `mailFolders('${folderKey}')/` : ""}messages`,
    flavour: "outlook",
    options: ["$filter", "$select", "$top", "$skip", "$orderby", "$count"],
    filter: MESSAGE_FILTER,
    pageSize: { default: 10, max: 1000, overMax: "clamp" },
    paging: "skip",
    orderBy: ["receivedDateTime", "sentDateTime", "createdDateTime", "lastModifiedDateTime", "subject", "importance"],
    naturalOrder: "receivedDateTime",
    orderByMustLeadFilter: true,
    selectKeeps: ["id"],
  };
  const fullBody = satisfies(ctx.roles, anyOf("Mail.Read", "Mail.ReadWrite"));
  return serveCollection(
    call,
    spec,
    {
      query: (_filter, predicate) => {
        const sorted = TimeIndex.build(folderMessages(view, folder), messageTime).items;
        return new SliceResult(predicate ? sorted.filter(predicate) : sorted);
      },
      shape: fullBody ? undefined : withoutBody,
    },
    ctx.serve,
    "messages.list",
  );
}

const defaultSettings = (): GraphObject => ({
  archiveFolder: null,
  timeZone: "UTC",
  dateFormat: "yyyy-MM-dd",
  timeFormat: "HH:mm",
  delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
  userPurpose: "user",
  automaticRepliesSetting: { status: "disabled", externalAudience: "all", internalReplyMessage: "", externalReplyMessage: "" },
  language: { locale: "en-US", displayName: "English (United States)" },
  workingHours: { daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "08:00:00.0000000", endTime: "17:00:00.0000000", timeZone: { name: "UTC" } },
});

export const mailRoutes: RouteDefinition[] = [
  {
    id: "mailFolders.list",
    method: "GET",
    pattern: "users/:user/mailFolders",
    flavour: "outlook",
    throttle: "outlook",
    permissions: MAIL_READ,
    handle(call, params, ctx) {
      const view = openMailbox(ctx.index, ctx.state, params.user);
      const spec: CollectionSpec = {
        context: `users('${view.ownerId}')/mailFolders`,
        flavour: "outlook",
        options: ["$select", "$top", "$skip", "$filter"],
        filter: { entityType: "microsoft.graph.mailFolder", properties: { displayName: rule.string("startswith") } },
        pageSize: { default: 10, max: 1000, overMax: "clamp" },
        paging: "skip",
        selectKeeps: ["id"],
      };
      return serveCollection(call, spec, { query: (_filter, predicate) => new SliceResult(predicate ? view.folders.filter(predicate) : view.folders) }, ctx.serve, "mailFolders.list");
    },
  },
  {
    id: "mailFolders.get",
    method: "GET",
    pattern: "users/:user/mailFolders/:folder",
    flavour: "outlook",
    throttle: "outlook",
    permissions: MAIL_READ,
    handle(call, params, ctx) {
      rejectOptionsExcept(call, ["$select"], "outlook");
      const view = openMailbox(ctx.index, ctx.state, params.user);
      const folder = findFolder(view, params.folder);
      const select = parseSelect(call.query.get("$select"));
      return {
        status: 200,
        body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#users('${view.ownerId}')/mailFolders/$entity`, ...projectItem(folder, select, ["id"]) },
      };
    },
  },
  {
    id: "messages.list",
    method: "GET",
    pattern: "users/:user/mailFolders/:folder/messages",
    flavour: "outlook",
    throttle: "outlook",
    permissions: MAIL_READ,
    handle(call, params, ctx) {
      const view = openMailbox(ctx.index, ctx.state, params.user);
      return serveMessages(call, ctx, view, findFolder(view, params.folder), params.folder);
    },
  },
  {
    id: "messages.list",
    method: "GET",
    pattern: "users/:user/messages",
    flavour: "outlook",
    throttle: "outlook",
    permissions: MAIL_READ,
    handle(call, params, ctx) {
      return serveMessages(call, ctx, openMailbox(ctx.index, ctx.state, params.user), undefined, undefined);
    },
  },
  {
    id: "messageRules.list",
    method: "GET",
    pattern: "users/:user/mailFolders/:folder/messageRules",
    flavour: "outlook",
    throttle: "outlook",
    permissions: SETTINGS_READ,
    handle(call, params, ctx) {
      const view = openMailbox(ctx.index, ctx.state, params.user);
      const folder = findFolder(view, params.folder);
      // Rules belong to the inbox; other folders have none.
      const rules = wellKnownNameOf(folder) === "inbox" ? (view.mailbox.messageRules ?? []) : [];
      const spec: CollectionSpec = {
        context: `users('${view.ownerId}')/mailFolders('${params.folder}')/messageRules`,
        flavour: "outlook",
        options: ["$select"],
        pageSize: { default: 1000, max: 1000, overMax: "clamp" },
        paging: "skip",
        selectKeeps: ["id"],
      };
      return serveCollection(call, spec, { query: () => new SliceResult(rules) }, ctx.serve, "messageRules.list");
    },
  },
  {
    id: "mailboxSettings.get",
    method: "GET",
    pattern: "users/:user/mailboxSettings",
    flavour: "outlook",
    throttle: "outlook",
    permissions: SETTINGS_READ,
    handle(call, params, ctx) {
      rejectOptionsExcept(call, ["$select"], "outlook");
      const view = openMailbox(ctx.index, ctx.state, params.user);
      const select = parseSelect(call.query.get("$select"));
      const settings = view.mailbox.mailboxSettings ?? defaultSettings();
      return {
        status: 200,
        body: { "@odata.context": `${ctx.serve.baseUrl}/${call.version}/$metadata#users('${view.ownerId}')/mailboxSettings`, ...projectItem(settings, select) },
      };
    },
  },
];
