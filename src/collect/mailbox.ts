import type { BatchItem, GraphResponse } from "../graph/request.js";
import type { GraphObject, SnapshotMailbox } from "../snapshot/types.js";
import { addToMailBaseline, newMailBaseline } from "./baseline.js";
import { byTime, windowMs, type CollectContext } from "./context.js";
import type { SentMessage } from "./evidence.js";
import { str } from "./fields.js";
import { folderName, inboxRulesRequest, mailFolderRequest, mailFoldersRequest, normaliseInboxRule, ruleFolderIds } from "./sources/inbox-rules.js";
import { mailboxSettingsRequest, normaliseMailboxSettings } from "./sources/mailbox-settings.js";
import { normaliseSentMessage, sentItemsRequest } from "./sources/sent-items.js";
import { collectorFailure, consumePages, resourceOf } from "./stream.js";
import type { Target } from "./targets.js";
import { failed, ok, type UserParts } from "./user-parts.js";

/** Sends a set of GETs: one by one (per-user strategy) or packed into $batch (bulk). */
export type FetchMany = (items: BatchItem[]) => Promise<Map<string, GraphResponse>>;

export type MailboxParts = Pick<UserParts, "inboxRules" | "sentItems" | "mailboxSettings">;

function sentRequest(ctx: CollectContext, userId: string) {
  return sentItemsRequest(userId, { from: ctx.window.baselineFrom, to: ctx.window.to }, ctx.config.scan.maxSentItemsPerUser);
}

/**
 * Folder names for the ids rules move or copy to: the top-level list (hidden folders included),
 * then single reads for ids that live deeper. Unresolved ids simply stay without a name.
 */
async function resolveFolders(ctx: CollectContext, fetchMany: FetchMany, needs: Map<string, string[]>, raw: Map<string, GraphObject[]>): Promise<Map<string, Map<string, string>>> {
  const names = new Map<string, Map<string, string>>();
  const lists = await fetchMany([...needs.keys()].map((userId) => ({ key: userId, ...mailFoldersRequest(userId) })));
  const misses: BatchItem[] = [];
  for (const [userId, folderIds] of needs) {
    const map = new Map<string, string>();
    names.set(userId, map);
    const list = lists.get(userId);
    const folders = list?.ok && Array.isArray(list.body.value) ? (list.body.value as GraphObject[]) : [];
    raw.set(userId, [...folders]);
    for (const folder of folders) {
      const id = str(folder.id);
      const name = folderName(folder);
      if (id && name) map.set(id, name);
    }
    for (const folderId of folderIds) if (!map.has(folderId)) misses.push({ key: `${userId}\n${folderId}`, ...mailFolderRequest(userId, folderId) });
  }
  if (misses.length > 0) {
    const single = await fetchMany(misses);
    for (const item of misses) {
      const [userId, folderId] = item.key.split("\n");
      const answer = single.get(item.key);
      if (!answer?.ok) continue;
      const name = folderName(answer.body);
      if (name) names.get(userId)!.set(folderId, name);
      raw.get(userId)!.push(resourceOf(answer.body));
    }
  }
  return names;
}

/** Sent items from the first page on, capped at scan.maxSentItemsPerUser; history condensed. */
async function finishSentItems(ctx: CollectContext, target: Target, first: GraphResponse, keep: GraphObject[]): Promise<MailboxParts["sentItems"]> {
  if (!first.ok) return failed("sentItems", first.failure);
  const cap = ctx.config.scan.maxSentItemsPerUser;
  const fromMs = windowMs(ctx.window).from;
  const window: SentMessage[] = [];
  const baseline = newMailBaseline(ctx.window.baselineFrom, ctx.window.from);
  let kept = 0;
  let truncated = false;
  const pages = ctx.gateway.pagesFrom(first.body, sentRequest(ctx, target.id));
  const result = await consumePages(
    (async function* () {
      for await (const page of pages) {
        yield page;
        if (kept >= cap && page.ok) {
          truncated = typeof page.body["@odata.nextLink"] === "string";
          return;
        }
      }
    })(),
    (raw) => {
      if (kept >= cap) {
        truncated = true;
        return;
      }
      const message = normaliseSentMessage(raw);
      if (!message) return;
      kept++;
      keep.push(raw);
      if (message.ms >= fromMs) window.push(message);
      else addToMailBaseline(baseline, message);
    },
  );
  if (!result.ok) return failed("sentItems", result.failure);
  const capped = truncated;
  if (capped) ctx.warnings.push(`${target.upn}: sent items capped at ${cap} messages (scan.maxSentItemsPerUser); older mail is not in the baseline`);
  return ok({ window: window.sort(byTime), baseline }, kept, capped ? `capped at ${cap} messages (scan.maxSentItemsPerUser)` : undefined);
}

/** Mailbox parts for users whose collection threw: each part is that error. */
function mailboxesFailed(targets: Target[], error: unknown): Map<string, MailboxParts> {
  const failure = collectorFailure(error);
  return new Map(targets.map((t) => [t.id, { inboxRules: failed("inboxRules", failure), sentItems: failed("sentItems", failure), mailboxSettings: failed("mailboxSettings", failure) }]));
}

/**
 * Inbox rules (with folder names), sent items and mailbox settings for some users: first pages
 * through `fetchMany`, then sent-item paging and folder lookups. Each mailbox goes to the evidence
 * sink once complete.
 */
export async function collectMailboxes(ctx: CollectContext, targets: Target[], fetchMany: FetchMany): Promise<Map<string, MailboxParts>> {
  return readMailboxes(ctx, targets, fetchMany).catch((error: unknown) => mailboxesFailed(targets, error));
}

async function readMailboxes(ctx: CollectContext, targets: Target[], fetchMany: FetchMany): Promise<Map<string, MailboxParts>> {
  const readSent = ctx.config.scan.maxSentItemsPerUser > 0;
  const requests: BatchItem[] = [];
  for (const t of targets) {
    requests.push({ key: `${t.id}\nrules`, ...inboxRulesRequest(t.id) }, { key: `${t.id}\nsettings`, ...mailboxSettingsRequest(t.id) });
    if (readSent) requests.push({ key: `${t.id}\nsent`, ...sentRequest(ctx, t.id) });
  }
  const answers = await fetchMany(requests);
  const rulesOf = (t: Target): GraphObject[] => {
    const answer = answers.get(`${t.id}\nrules`);
    return answer?.ok && Array.isArray(answer.body.value) ? (answer.body.value as GraphObject[]) : [];
  };

  const folderNeeds = new Map<string, string[]>();
  for (const t of targets) {
    const ids = ruleFolderIds(rulesOf(t));
    if (ids.length > 0) folderNeeds.set(t.id, ids);
  }
  const rawFolders = new Map<string, GraphObject[]>();
  const folderNames = folderNeeds.size > 0 ? await resolveFolders(ctx, fetchMany, folderNeeds, rawFolders) : new Map<string, Map<string, string>>();

  const results = new Map<string, MailboxParts>();
  await Promise.all(
    targets.map(async (t) => {
      const snapshot: SnapshotMailbox = {};
      const rulesAnswer = answers.get(`${t.id}\nrules`)!;
      let inboxRules: MailboxParts["inboxRules"];
      if (rulesAnswer.ok) {
        const raws = rulesOf(t);
        const names = folderNames.get(t.id) ?? new Map<string, string>();
        const rules = raws.map((raw) => normaliseInboxRule(raw, names)).filter((r) => r !== undefined);
        const unresolved = rules.filter((r) => (r.moveToFolderId && !r.moveToFolderName) || (r.copyToFolderId && !r.copyToFolderName)).length;
        inboxRules = ok(rules, rules.length, unresolved ? `${unresolved} rule target folder(s) could not be named` : undefined);
        snapshot.messageRules = raws;
        if (rawFolders.has(t.id)) snapshot.mailFolders = rawFolders.get(t.id);
      } else inboxRules = failed("inboxRules", rulesAnswer.failure);

      const settingsAnswer = answers.get(`${t.id}\nsettings`)!;
      const mailboxSettings: MailboxParts["mailboxSettings"] = settingsAnswer.ok ? ok(normaliseMailboxSettings(settingsAnswer.body), 1) : failed("mailboxSettings", settingsAnswer.failure);
      if (settingsAnswer.ok) snapshot.mailboxSettings = resourceOf(settingsAnswer.body);

      let sentItems: MailboxParts["sentItems"];
      if (readSent) {
        const keep: GraphObject[] = [];
        sentItems = await finishSentItems(ctx, t, answers.get(`${t.id}\nsent`)!, keep);
        if (sentItems.ok) snapshot.sentItems = keep;
      } else {
        sentItems = ok({ window: [], baseline: newMailBaseline(ctx.window.baselineFrom, ctx.window.from) }, 0, "not read: scan.maxSentItemsPerUser is 0");
      }
      if (Object.keys(snapshot).length > 0) ctx.evidence.mailbox(t.id, snapshot);
      results.set(t.id, { inboxRules, sentItems, mailboxSettings });
    }),
  );
  return results;
}
