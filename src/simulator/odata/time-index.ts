import type { Item } from "./filter-compile.js";

export interface TimeBound {
  time: number;
  inclusive: boolean;
}

/**
 * Items sorted newest first by one date-time property, with the instants kept in a typed array so
 * `ge`/`le` filters become two binary searches instead of a scan. Undated items sit at the end and
 * never match a range.
 */
export class TimeIndex {
  private constructor(
    readonly items: Item[],
    readonly times: Float64Array,
    /** Items [0, datedCount) have a valid time. */
    readonly datedCount: number,
  ) {}

  static build(items: readonly Item[], timeOf: (item: Item) => number): TimeIndex {
    const n = items.length;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = timeOf(items[i]);
      keys[i] = Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => keys[b] - keys[a] || a - b);
    const sorted: Item[] = new Array(n);
    const times = new Float64Array(n);
    let dated = 0;
    for (let i = 0; i < n; i++) {
      sorted[i] = items[order[i]];
      times[i] = keys[order[i]];
      if (times[i] !== Number.NEGATIVE_INFINITY) dated = i + 1;
    }
    return new TimeIndex(sorted, times, dated);
  }

  /** Splits this index by a key function (one item may carry several keys), keeping the order. */
  partition(keysOf: (item: Item) => string[]): Map<string, TimeIndex> {
    const groups = new Map<string, { items: Item[]; times: number[]; dated: number }>();
    for (let i = 0; i < this.items.length; i++) {
      for (const key of new Set(keysOf(this.items[i]))) {
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { items: [], times: [], dated: 0 }));
        group.items.push(this.items[i]);
        group.times.push(this.times[i]);
        if (i < this.datedCount) group.dated = group.items.length;
      }
    }
    const result = new Map<string, TimeIndex>();
    for (const [key, group] of groups) result.set(key, new TimeIndex(group.items, Float64Array.from(group.times), group.dated));
    return result;
  }

  /** Index range [start, end) of items inside both bounds. */
  range(lower?: TimeBound, upper?: TimeBound): [number, number] {
    let end = this.datedCount;
    if (lower) end = this.firstIndex(end, (t) => (lower.inclusive ? t < lower.time : t <= lower.time));
    let start = 0;
    if (upper) start = this.firstIndex(this.datedCount, (t) => (upper.inclusive ? t <= upper.time : t < upper.time));
    return [start, Math.max(start, end)];
  }

  /** First index in [0, limit) whose time satisfies a predicate that is monotone along the order. */
  private firstIndex(limit: number, test: (time: number) => boolean): number {
    let lo = 0;
    let hi = limit;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (test(this.times[mid])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
