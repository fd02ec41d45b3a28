import { conjuncts, type FilterNode, type Literal, type Operand } from "./filter-ast.js";
import type { Item, Predicate } from "./filter-compile.js";
import { findRule, type FilterSchema } from "./filter-schema.js";
import { SliceResult, type ResultSet } from "./result-set.js";
import { TimeIndex, type TimeBound } from "./time-index.js";
import { parseGraphDate } from "../clock.js";

/** Extracts the (lower-cased) keys an item is filed under, e.g. its userId. */
export type KeyExtractor = (item: Item) => string[];

/**
 * A time-ordered collection with equality indexes, built lazily on first use. Index names are the
 * filter paths they serve: "userId", or "targetResources/any/id" for `targetResources/any(t: t/id eq ...)`.
 */
export class IndexedCollection {
  private baseIndex: TimeIndex | undefined;
  private readonly keyed = new Map<string, Map<string, TimeIndex>>();

  constructor(
    private readonly items: () => readonly Item[],
    readonly timeProperty: string,
    private readonly extractors: Record<string, KeyExtractor> = {},
  ) {}

  base(): TimeIndex {
    if (!this.baseIndex) this.baseIndex = TimeIndex.build(this.items(), (item) => parseGraphDate(item[this.timeProperty]));
    return this.baseIndex;
  }

  index(name: string): Map<string, TimeIndex> | undefined {
    const extractor = this.extractors[name];
    if (!extractor) return undefined;
    let built = this.keyed.get(name);
    if (!built) this.keyed.set(name, (built = this.base().partition(extractor)));
    return built;
  }

  /** Builds the time index and every keyed partition now rather than on first use. */
  prepare(): void {
    this.base();
    for (const name of Object.keys(this.extractors)) this.index(name);
  }

  hasIndex(name: string): boolean {
    return name in this.extractors;
  }

  /**
   * Answers a filter newest first: the most selective indexed equality term picks the partition,
   * date-time bounds on the time property narrow it by binary search, and only what remains is
   * scanned (with the whole predicate) when some term is neither.
   */
  query(filter: FilterNode | null, predicate: Predicate | null, schema: FilterSchema): ResultSet {
    if (!filter || !predicate) return new SliceResult(this.base().items);
    let source: TimeIndex | undefined;
    let lower: TimeBound | undefined;
    let upper: TimeBound | undefined;
    let consumed = true;
    for (const term of conjuncts(filter)) {
      const keyed = this.keyedTerm(term, schema);
      if (keyed) {
        const partition = this.index(keyed.name)?.get(keyed.key) ?? EMPTY;
        // Two indexed terms: the smaller partition is scanned for the other.
        if (source) consumed = false;
        if (!source || partition.items.length < source.items.length) source = partition;
        continue;
      }
      const bound = this.timeTerm(term, schema);
      if (bound) {
        if (bound.lower && (!lower || bound.lower.time > lower.time || (bound.lower.time === lower.time && !bound.lower.inclusive))) lower = bound.lower;
        if (bound.upper && (!upper || bound.upper.time < upper.time || (bound.upper.time === upper.time && !bound.upper.inclusive))) upper = bound.upper;
        continue;
      }
      consumed = false;
    }
    const index = source ?? this.base();
    const [start, end] = index.range(lower, upper);
    if (consumed) return new SliceResult(index.items, start, end);
    const matches: Item[] = [];
    for (let i = start; i < end; i++) if (predicate(index.items[i])) matches.push(index.items[i]);
    // Items without a time are outside every range but can still match other filters.
    if (!lower && !upper) for (let i = index.datedCount; i < index.items.length; i++) if (predicate(index.items[i])) matches.push(index.items[i]);
    return new SliceResult(matches);
  }

  private keyedTerm(term: FilterNode, schema: FilterSchema): { name: string; key: string } | undefined {
    if (term.kind === "compare" && term.op === "eq" && term.left.kind === "property" && isText(term.right)) {
      const name = findRule(schema.properties, term.left.path.join("/"))?.key;
      if (name && this.hasIndex(name)) return { name, key: String(term.right.value).toLowerCase() };
    }
    if (term.kind === "lambda" && term.quantifier === "any" && term.variable && term.body?.kind === "compare") {
      const body = term.body;
      if (body.op !== "eq" || body.left.kind !== "property" || body.left.path[0] !== term.variable || !isText(body.right)) return undefined;
      const lambda = findRule(schema.lambdas, term.path.join("/"));
      const member = lambda && findRule(lambda.rule.element, body.left.path.slice(1).join("/"));
      if (!lambda || !member) return undefined;
      const name = `${lambda.key}/any/${member.key}`;
      if (this.hasIndex(name)) return { name, key: String(body.right.value).toLowerCase() };
    }
    return undefined;
  }

  private timeTerm(term: FilterNode, schema: FilterSchema): { lower?: TimeBound; upper?: TimeBound } | undefined {
    if (term.kind !== "compare" || term.left.kind !== "property" || term.right.kind !== "literal" || term.right.type !== "datetime") return undefined;
    if (findRule(schema.properties, term.left.path.join("/"))?.key !== this.timeProperty) return undefined;
    const time = term.right.time as number;
    switch (term.op) {
      case "ge":
        return { lower: { time, inclusive: true } };
      case "gt":
        return { lower: { time, inclusive: false } };
      case "le":
        return { upper: { time, inclusive: true } };
      case "lt":
        return { upper: { time, inclusive: false } };
      case "eq":
        return { lower: { time, inclusive: true }, upper: { time, inclusive: true } };
      default:
        return undefined;
    }
  }
}

const EMPTY = TimeIndex.build([], () => Number.NaN);

function isText(operand: Operand): operand is Literal {
  return operand.kind === "literal" && (operand.type === "string" || operand.type === "guid");
}
