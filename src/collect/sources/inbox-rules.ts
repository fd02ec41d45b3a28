import { pathSegment, type GraphRequest } from "../../graph/request.js";
import type { InboxRule } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { bool, compact, field, num, obj, recipients, str, strings } from "../fields.js";

const KEYWORD_PREDICATES = ["subjectContains", "bodyContains", "bodyOrSubjectContains", "senderContains", "headerContains"];

/** Well-known folder names in the English spelling analysts expect, whatever the mailbox language. */
const WELL_KNOWN: Record<string, string> = {
  inbox: "Inbox",
  deleteditems: "Deleted Items",
  junkemail: "Junk Email",
  archive: "Archive",
  rssfeeds: "RSS Feeds",
  rssfeedfolder: "RSS Feeds",
  conversationhistory: "Conversation History",
  sentitems: "Sent Items",
  drafts: "Drafts",
  outbox: "Outbox",
  notes: "Notes",
  clutter: "Clutter",
  recoverableitemsdeletions: "Recoverable Items Deletions",
  scheduled: "Scheduled",
  syncissues: "Sync Issues",
  conflicts: "Conflicts",
  localfailures: "Local Failures",
  serverfailures: "Server Failures",
};

/** A mailFolder's name for reports: its well-known name when Graph gives one, else displayName. */
export function folderName(folder: GraphObject): string | undefined {
  const wellKnown = str(folder.wellKnownName)?.toLowerCase();
  if (wellKnown && WELL_KNOWN[wellKnown]) return WELL_KNOWN[wellKnown];
  return str(folder.displayName);
}

/** True when no condition is set: the rule applies to every message. */
function noConditions(conditions: Record<string, unknown> | undefined): boolean {
  if (!conditions) return true;
  return Object.entries(conditions).every(([key, value]) => {
    if (key.startsWith("@odata")) return true;
    if (value === null || value === undefined || value === false) return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  });
}

export function normaliseInboxRule(raw: GraphObject, folderNames: ReadonlyMap<string, string>): InboxRule | undefined {
  const id = str(raw.id);
  if (!id) return undefined;
  const conditions = obj(raw.conditions);
  const actions = obj(raw.actions);
  const keywords = KEYWORD_PREDICATES.flatMap((name) => strings(field(conditions, name)));
  const moveTo = str(field(actions, "moveToFolder"));
  const copyTo = str(field(actions, "copyToFolder"));
  return compact({
    id,
    displayName: str(raw.displayName) ?? "",
    sequence: num(raw.sequence),
    isEnabled: bool(raw.isEnabled) ?? true,
    hasError: bool(raw.hasError),
    keywords: [...new Set(keywords)],
    fromAddresses: recipients(field(conditions, "fromAddresses")),
    matchesAllMail: noConditions(conditions),
    forwardTo: recipients(field(actions, "forwardTo")),
    forwardAsAttachmentTo: recipients(field(actions, "forwardAsAttachmentTo")),
    redirectTo: recipients(field(actions, "redirectTo")),
    delete: bool(field(actions, "delete")) ?? false,
    permanentDelete: bool(field(actions, "permanentDelete")) ?? false,
    markAsRead: bool(field(actions, "markAsRead")) ?? false,
    stopProcessingRules: bool(field(actions, "stopProcessingRules")) ?? false,
    moveToFolderId: moveTo,
    moveToFolderName: moveTo ? folderNames.get(moveTo) : undefined,
    copyToFolderId: copyTo,
    copyToFolderName: copyTo ? folderNames.get(copyTo) : undefined,
  });
}

/** Folder ids the raw rules move or copy mail to (the only reason to read mailFolders). */
export function ruleFolderIds(rules: GraphObject[]): string[] {
  const ids = new Set<string>();
  for (const rule of rules) {
    const actions = obj(rule.actions);
    for (const key of ["moveToFolder", "copyToFolder"]) {
      const id = str(field(actions, key));
      if (id) ids.add(id);
    }
  }
  return [...ids];
}

export function inboxRulesRequest(userId: string): GraphRequest {
  return { path: `/users/${pathSegment(userId)}/mailFolders/inbox/messageRules` };
}

/** Top-level folders, hidden ones included (rules like to hide mail in RSS Feeds). */
export function mailFoldersRequest(userId: string): GraphRequest {
  return { path: `/users/${pathSegment(userId)}/mailFolders`, query: { includeHiddenFolders: "true", $top: 250 } };
}

/** One folder by id (nested folders are not in the top-level list). */
export function mailFolderRequest(userId: string, folderId: string): GraphRequest {
  return { path: `/users/${pathSegment(userId)}/mailFolders/${pathSegment(folderId)}` };
}
