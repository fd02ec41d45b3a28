import type { GraphFailure } from "../graph/graph-errors.js";
import type { GraphRequest } from "../graph/request.js";
import type { GraphObject } from "../snapshot/types.js";
import type { CollectContext } from "./context.js";

export type StreamResult = { ok: true; items: number } | { ok: false; failure: GraphFailure; items: number };

/** Reads every page of a collection, handing each item over as it arrives. */
export async function streamCollection(ctx: CollectContext, request: GraphRequest, onItem: (raw: GraphObject) => void): Promise<StreamResult> {
  return consumePages(ctx.gateway.pages(request), onItem);
}

export async function consumePages(pages: AsyncGenerator<import("../graph/request.js").GraphPage>, onItem: (raw: GraphObject) => void): Promise<StreamResult> {
  let items = 0;
  for await (const page of pages) {
    if (!page.ok) return { ok: false, failure: page.failure, items };
    for (const raw of page.items) {
      if (raw && typeof raw === "object") {
        items++;
        onItem(raw);
      }
    }
  }
  return { ok: true, items };
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
