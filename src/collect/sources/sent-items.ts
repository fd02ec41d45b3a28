import { odataDate, pathSegment, type GraphRequest } from "../../graph/request.js";
import type { SentMessage } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { bool, compact, path, recipients, str, time } from "../fields.js";

/** Only what the rules need; bodyPreview carries the URLs (Mail.ReadBasic.All omits it, which is fine). */
const SENT_SELECT = "id,subject,sentDateTime,createdDateTime,toRecipients,ccRecipients,bccRecipients,hasAttachments,internetMessageId,bodyPreview";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'()[\]{}]+/gi;

function extractUrls(text: string | undefined): string[] {
  if (!text) return [];
  const found = (text.match(URL_PATTERN) ?? []).map((u) => u.replace(/[.,;:!?]+$/, ""));
  return [...new Set(found)];
}

export function normaliseSentMessage(raw: GraphObject): SentMessage | undefined {
  const id = str(raw.id);
  const at = time(raw.sentDateTime) ?? time(raw.createdDateTime);
  if (!id || !at) return undefined;
  const preview = str(raw.bodyPreview);
  const body = str(path(raw, "body", "content"));
  return compact({
    id,
    time: at.iso,
    ms: at.ms,
    subject: str(raw.subject) ?? "",
    to: recipients(raw.toRecipients),
    cc: recipients(raw.ccRecipients),
    bcc: recipients(raw.bccRecipients),
    hasAttachments: bool(raw.hasAttachments) ?? false,
    bodyPreview: preview,
    urls: [...new Set([...extractUrls(preview), ...extractUrls(body)])],
    internetMessageId: str(raw.internetMessageId),
  });
}

/** Sent mail from the baseline start to the window end, newest first (so a cap keeps the window). */
export function sentItemsRequest(userId: string, range: { from: string; to: string }, pageSize: number): GraphRequest {
  return {
    path: `/users/${pathSegment(userId)}/mailFolders/SentItems/messages`,
    query: {
      $filter: `sentDateTime ge ${odataDate(range.from)} and sentDateTime le ${odataDate(range.to)}`,
      $orderby: "sentDateTime desc",
      $select: SENT_SELECT,
      $top: Math.max(1, Math.min(pageSize, 1000)),
    },
  };
}
