import { createHash } from "node:crypto";
import type { GraphObject, SnapshotMailbox } from "../../snapshot/types.js";
import { GraphHttpError } from "../http/wire.js";
import { notFound, notLicensed } from "../http/errors.js";
import type { TenantIndex } from "./tenant-index.js";
import type { TenantSnapshot } from "../../snapshot/types.js";

/** Outlook's well-known folder names (case-insensitive in URLs) and their display names. */
export const WELL_KNOWN_FOLDERS: Record<string, string> = {
  inbox: "Inbox",
  sentitems: "Sent Items",
  deleteditems: "Deleted Items",
  junkemail: "Junk Email",
  archive: "Archive",
  drafts: "Drafts",
  outbox: "Outbox",
  conversationhistory: "Conversation History",
};

/** A user's mailbox as the Outlook routes see it: folders (standard ones filled in) and messages. */
export interface MailboxView {
  /** The user's object id when known, else the key the request used. */
  ownerId: string;
  user: GraphObject | undefined;
  mailbox: SnapshotMailbox;
  folders: GraphObject[];
}

const synthesized = new WeakMap<SnapshotMailbox, GraphObject[]>();

/**
 * Resolves `users/{id|upn}` for Outlook: an unknown user is ErrorInvalidUser, a user without a
 * mailbox (or a tenant without Exchange Online) is MailboxNotEnabledForRESTAPI, as Graph answers.
 */
export function openMailbox(index: TenantIndex, state: TenantSnapshot, key: string): MailboxView {
  const user = index.user(key);
  const mailbox = index.mailbox(key);
  if (!user && !mailbox) throw new GraphHttpError(404, "ErrorInvalidUser", `The requested user '${key}' is invalid.`);
  if (!mailbox || state.licenses?.exchangeOnline === false) throw notLicensed.mailbox();
  const ownerId = typeof user?.id === "string" ? user.id : key;
  return { ownerId, user, mailbox, folders: foldersOf(mailbox, ownerId) };
}

function foldersOf(mailbox: SnapshotMailbox, ownerId: string): GraphObject[] {
  const cached = synthesized.get(mailbox);
  if (cached) return cached;
  const folders = [...(mailbox.mailFolders ?? [])];
  for (const [name, displayName] of Object.entries(WELL_KNOWN_FOLDERS)) {
    if (folders.some((folder) => wellKnownNameOf(folder) === name)) continue;
    const own = name === "inbox" ? mailbox.inbox : name === "sentitems" ? mailbox.sentItems : undefined;
    folders.push({
      id: folderId(ownerId, name),
      displayName,
      parentFolderId: folderId(ownerId, "msgfolderroot"),
      childFolderCount: 0,
      unreadItemCount: (own ?? []).filter((message) => message.isRead === false).length,
      totalItemCount: (own ?? []).length,
      sizeInBytes: 0,
      isHidden: false,
    });
  }
  synthesized.set(mailbox, folders);
  return folders;
}

/** The well-known name a folder stands for (beta `wellKnownName`, or its standard display name). */
export function wellKnownNameOf(folder: GraphObject): string | undefined {
  if (typeof folder.wellKnownName === "string") return folder.wellKnownName.toLowerCase();
  const display = typeof folder.displayName === "string" ? folder.displayName.toLowerCase() : "";
  return Object.keys(WELL_KNOWN_FOLDERS).find((name) => WELL_KNOWN_FOLDERS[name].toLowerCase() === display);
}

/** A folder by id or well-known name, or Outlook's ErrorItemNotFound. */
export function findFolder(view: MailboxView, key: string): GraphObject {
  const lowered = key.toLowerCase();
  const found =
    view.folders.find((folder) => typeof folder.id === "string" && folder.id === key) ??
    (lowered in WELL_KNOWN_FOLDERS ? view.folders.find((folder) => wellKnownNameOf(folder) === lowered) : undefined);
  if (!found) throw notFound("outlook", key);
  return found;
}

/**
 * Messages filed in a folder (or in the whole mailbox): inbox and sentItems hold them, and a
 * message whose parentFolderId names another folder (moved by a rule) lives there instead.
 */
export function folderMessages(view: MailboxView, folder?: GraphObject): GraphObject[] {
  const ids = new Set(view.folders.map((f) => f.id));
  const inboxId = view.folders.find((f) => wellKnownNameOf(f) === "inbox")?.id;
  const sentId = view.folders.find((f) => wellKnownNameOf(f) === "sentitems")?.id;
  const filed: GraphObject[] = [];
  const place = (messages: GraphObject[] | undefined, home: unknown) => {
    for (const message of messages ?? []) {
      const parent = ids.has(message.parentFolderId) ? message.parentFolderId : home;
      if (!folder || parent === folder.id) filed.push(message.parentFolderId === parent ? message : { ...message, parentFolderId: parent });
    }
  };
  place(view.mailbox.inbox, inboxId);
  place(view.mailbox.sentItems, sentId);
  return filed;
}

function folderId(ownerId: string, name: string): string {
  return `AAMkA${createHash("sha256").update(`${ownerId.toLowerCase()}/${name}`).digest("base64url").slice(0, 38)}AAA=`;
}
