import type { GraphFailure } from "../graph/graph-errors.js";
import type { GraphRequest } from "../graph/request.js";
import type { GraphObject } from "../snapshot/types.js";
import type { CollectContext } from "./context.js";
import { consumePage, type OnItem, type StreamResult } from "./stream.js";

/** A query for the items of a time range, both ends inclusive (Graph's `ge` and `le`). */
export type RangeRequest = (range: { from: string; to: string }) => GraphRequest;

/** One query of the split stream and the part of the range whose items it keeps: [from, below). */
interface Chain {
  from: number;
  /** Upper end of the chain's query (ms, inclusive). */
  to: number;
  /** Items at or after this belong to the chain it was split from (Infinity for the first chain). */
  below: number;
  /** Oldest item time seen so far: the chain has everything in [reached, below) already. */
  reached: number;
  kept: number;
}

/** Split only what still needs this many full pages: each split costs about one partly filled page. */
const MIN_PAGES_TO_SPLIT = 8;
const SECOND = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Streams a collection that Graph returns newest first (sign-ins) over [from, to] as up to
 * `parallel` concurrent queries, so a throttle budget that allows several requests at once is
 * not spent one page at a time. It starts with one query (a small collection costs no more than
 * before); whenever a query has a page in hand and fewer than `parallel` run, the query with the
 * most left to read gives up the older half of what it has not reached yet to a new query. The queries' kept ranges always
 * partition [from, to], so every item is handed over exactly once; a query stops as soon as its
 * pages pass below its range.
 */
export async function streamTimeSplit(
  ctx: CollectContext,
  requestFor: RangeRequest,
  range: { from: string; to: string },
  timeOf: (raw: GraphObject) => number | undefined,
  parallel: number,
  onItem: OnItem,
): Promise<StreamResult> {
  const chains: Chain[] = [];
  const running: Promise<void>[] = [];
  let items = 0;
  let failure: GraphFailure | undefined;
  let pageSize = 1;
  // Splitting relies on newest-first order; a page that breaks it turns early stops off.
  let ordered = true;

  /** Items a chain still has to read, from the density of what it has read so far. */
  const remaining = (c: Chain) => (c.kept === 0 ? 0 : (c.kept / Math.max(Math.min(c.below, c.to) - c.reached, SECOND)) * (c.reached - c.from));

  const split = () => {
    while (ordered && failure === undefined && chains.length < parallel) {
      let widest: Chain | undefined;
      for (const c of chains) if (!widest || remaining(c) > remaining(widest)) widest = c;
      if (!widest || remaining(widest) < MIN_PAGES_TO_SPLIT * pageSize) return;
      const middle = Math.floor((widest.from + widest.reached) / 2 / SECOND) * SECOND;
      if (middle <= widest.from || middle >= widest.reached) return;
      const older: Chain = { from: widest.from, to: middle, below: middle, reached: middle, kept: 0 };
      widest.from = middle;
      start(older);
    }
  };

  const run = async (chain: Chain) => {
    for await (const page of ctx.gateway.pages(requestFor({ from: iso(chain.from), to: iso(chain.to) }))) {
      if (!page.ok) {
        failure ??= page.failure;
        return;
      }
      pageSize = Math.max(pageSize, page.items.length);
      let oldest = chain.reached;
      consumePage(page, (raw, wire) => {
        const ms = timeOf(raw);
        if (ms === undefined) {
          if (chain.below !== Infinity) return;
        } else {
          if (ms > oldest) ordered = false;
          oldest = Math.min(oldest, ms);
          if (ms < chain.from || ms >= chain.below) return;
        }
        chain.kept++;
        items++;
        onItem(raw, wire);
      });
      chain.reached = oldest;
      if (failure !== undefined || (ordered && chain.reached < chain.from)) return;
      split();
    }
  };

  const start = (chain: Chain) => {
    chains.push(chain);
    running.push(
      run(chain).finally(() => {
        chains.splice(chains.indexOf(chain), 1);
        split();
      }),
    );
  };

  const to = Date.parse(range.to);
  start({ from: Date.parse(range.from), to, below: Infinity, reached: to, kept: 0 });
  // Chains started while waiting join `running`: wait again until no new ones appear.
  for (let awaited = 0; awaited < running.length; ) {
    const batch = running.slice(awaited);
    awaited += batch.length;
    await Promise.all(batch);
  }
  return failure === undefined ? { ok: true, items } : { ok: false, failure, items };
}
