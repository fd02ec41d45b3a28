import type { GraphObject } from "../snapshot/types.js";
import { BUDGETS, throttleScopeOf } from "./throttle-scopes.js";
import { relativeUrl, type BatchItem } from "./request.js";

/** Graph's limit on requests in one $batch. */
const MAX_BATCH = 20;

/**
 * Packs GETs into $batch groups: one version and one throttle scope per batch (so a batch never
 * needs more budget than its scope has: reports calls go 5 to a batch), and at most
 * `perMailbox` calls for any one mailbox, which is what Outlook runs concurrently.
 */
export function packBatches(items: BatchItem[], perMailbox: number): BatchItem[][] {
  const groups = new Map<string, BatchItem[]>();
  for (const item of items) {
    const key = `${item.version ?? "v1.0"}|${throttleScopeOf(item.path).name}`;
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  }
  const batches: BatchItem[][] = [];
  for (const [key, group] of groups) {
    const scope = key.split("|")[1] as keyof typeof BUDGETS;
    const size = Math.min(MAX_BATCH, BUDGETS[scope].limit);
    const open: Array<{ items: BatchItem[]; perBox: Map<string, number> }> = [];
    for (const item of group) {
      const mailbox = throttleScopeOf(item.path).mailbox;
      let target = open.find((b) => b.items.length < size && (!mailbox || (b.perBox.get(mailbox) ?? 0) < perMailbox));
      if (!target) {
        target = { items: [], perBox: new Map() };
        open.push(target);
      }
      target.items.push(item);
      if (mailbox) target.perBox.set(mailbox, (target.perBox.get(mailbox) ?? 0) + 1);
    }
    batches.push(...open.map((b) => b.items));
  }
  return batches;
}

/** The JSON body of POST /$batch; sub-request ids are positions ("1".."20"). */
export function batchBody(items: BatchItem[]): { requests: GraphObject[] } {
  return {
    requests: items.map((item, index) => ({
      id: String(index + 1),
      method: "GET",
      url: relativeUrl(item),
      ...(item.headers && Object.keys(item.headers).length ? { headers: item.headers } : {}),
    })),
  };
}

export interface SubResponse {
  status: number;
  header: (name: string) => string | undefined;
  body: unknown;
}

/** Sub-responses by position; header names are matched case-insensitively. */
export function readBatchResponses(body: GraphObject): Map<number, SubResponse> | undefined {
  const responses = body.responses;
  if (!Array.isArray(responses)) return undefined;
  const byIndex = new Map<number, SubResponse>();
  for (const raw of responses) {
    if (!raw || typeof raw !== "object") continue;
    const r = raw as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
    const index = Number(r.id);
    if (!Number.isInteger(index)) continue;
    const headers = r.headers && typeof r.headers === "object" ? (r.headers as Record<string, unknown>) : {};
    const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    byIndex.set(index, { status: Number(r.status) || 0, header: (name) => lower.get(name.toLowerCase()), body: r.body ?? "" });
  }
  return byIndex;
}
