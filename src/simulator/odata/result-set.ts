import type { Item } from "./filter-compile.js";

/** A query result that pages can be cut from without copying the collection. */
export interface ResultSet {
  readonly length: number;
  at(index: number): Item;
}

/** A window [start, end) of an array, optionally read back to front. */
export class SliceResult implements ResultSet {
  readonly length: number;

  constructor(
    private readonly items: readonly Item[],
    private readonly start = 0,
    end = items.length,
    private readonly reversed = false,
  ) {
    this.length = Math.max(0, end - start);
  }

  at(index: number): Item {
    return this.reversed ? this.items[this.start + this.length - 1 - index] : this.items[this.start + index];
  }

  reverse(): SliceResult {
    return new SliceResult(this.items, this.start, this.start + this.length, !this.reversed);
  }
}

export function materialize(result: ResultSet): Item[] {
  const items: Item[] = new Array(result.length);
  for (let i = 0; i < result.length; i++) items[i] = result.at(i);
  return items;
}
