import type { GraphFailure } from "../graph/graph-errors.js";
import type { GraphPage, GraphRequest } from "../graph/request.js";
import type { GraphObject } from "../snapshot/types.js";
import type { CollectContext } from "./context.js";
import type { SnapshotCollection } from "./evidence-sink.js";
import { consumePages } from "./stream.js";
import type { TargetIndex } from "./targets.js";

export type Grouped<T> = { ok: true; byTarget: Map<string, T[]>; items: number } | { ok: false; failure: GraphFailure };

export interface GroupSpec<T> {
  /** Lower-cased ids/UPNs the object concerns. */
  owners(raw: GraphObject): string[];
  normalise(raw: GraphObject): T | undefined;
  collection: SnapshotCollection;
}

/**
 * Streams a tenant-wide collection and keeps, per target, the items that concern it. Objects that
 * concern no target are dropped as they pass; those kept go to the evidence sink once.
 */
export async function groupByTarget<T>(ctx: CollectContext, source: GraphRequest | AsyncGenerator<GraphPage>, targets: TargetIndex, spec: GroupSpec<T>): Promise<Grouped<T>> {
  const byTarget = new Map<string, T[]>();
  let kept = 0;
  const pages = "path" in source ? ctx.gateway.pages(source) : source;
  const result = await consumePages(pages, (raw, wire) => {
    const owners = targets.findAll(spec.owners(raw));
    if (owners.length === 0) return;
    const item = spec.normalise(raw);
    if (item === undefined) return;
    kept++;
    ctx.evidence.add(spec.collection, raw, wire);
    for (const t of owners) {
      const list = byTarget.get(t.id) ?? [];
      list.push(item);
      byTarget.set(t.id, list);
    }
  });
  if (!result.ok) return { ok: false, failure: result.failure };
  return { ok: true, byTarget, items: kept };
}

/** A target's share of a grouped stream: its items, or the stream's failure. */
export function shareOf<T>(grouped: Grouped<T>, targetId: string): { ok: true; items: T[] } | { ok: false; failure: GraphFailure } {
  return grouped.ok ? { ok: true, items: grouped.byTarget.get(targetId) ?? [] } : grouped;
}
