import { FailureCode, type GraphFailure } from "../graph/graph-errors.js";
import { messageOf } from "../lib/errors.js";
import type { GraphPage, GraphRequest } from "../graph/request.js";
import type { GraphObject } from "../snapshot/types.js";
import type { CollectContext } from "./context.js";

export type StreamResult = { ok: true; items: number } | { ok: false; failure: GraphFailure; items: number };

/** `wire`: the item's bytes as Graph sent them, for the evidence sink (undefined when not at hand). */
export type OnItem = (raw: GraphObject, wire: Buffer | undefined) => void;

/** Reads every page of a collection, handing each item over as it arrives. */
export async function streamCollection(ctx: CollectContext, request: GraphRequest, onItem: OnItem): Promise<StreamResult> {
  return consumePages(ctx.gateway.pages(request), onItem);
}

export async function consumePages(pages: AsyncGenerator<GraphPage>, onItem: OnItem): Promise<StreamResult> {
  let items = 0;
  for await (const page of pages) {
    if (!page.ok) return { ok: false, failure: page.failure, items };
    items += consumePage(page, onItem);
  }
  return { ok: true, items };
}

/** Hands over the items of one page; returns how many there were. */
export function consumePage(page: Extract<GraphPage, { ok: true }>, onItem: OnItem): number {
  const wire = page.wire?.length === page.items.length ? page.wire : undefined;
  let items = 0;
  page.items.forEach((raw, index) => {
    if (raw && typeof raw === "object") {
      items++;
      onItem(raw, wire?.[index]);
    }
  });
  return items;
}

/** A licence refusal: Graph's premium code, or a 403 saying the tenant lacks the product. */
export function isLicenceRefusal(failure: GraphFailure): boolean {
  return failure.code.toLowerCase() === "authentication_requestfromnonpremiumtenantorb2ctenant" || (failure.status === 403 && /not licen[cs]ed/i.test(failure.message));
}

/** Response-level annotations are not part of the resource a snapshot stores. */
export function resourceOf(body: GraphObject): GraphObject {
  const out: GraphObject = {};
  for (const [key, value] of Object.entries(body)) if (key !== "@odata.context" && key !== "@microsoft.graph.tips") out[key] = value;
  return out;
}

/** A collector that threw (a bug, or a shape nobody foresaw) fails its source, never the run. */
export function collectorFailure(error: unknown): GraphFailure {
  return { status: 0, code: FailureCode.collector, message: messageOf(error).slice(0, 300), attempts: 1, mailbox: false };
}

/** The same stream result, with a throw turned into a failed result. */
export function settled<T>(work: Promise<T>): Promise<T | { ok: false; failure: GraphFailure }> {
  return work.catch((error: unknown) => ({ ok: false as const, failure: collectorFailure(error) }));
}
