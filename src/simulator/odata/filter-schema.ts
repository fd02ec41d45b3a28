import type { FilterOp } from "./filter-ast.js";

/** How a property's values compare: datetimes as instants, strings and enums case-insensitively. */
export type ValueType = "string" | "enum" | "datetime" | "number" | "boolean" | "guid";

export interface PropertyRule {
  type: ValueType;
  ops: FilterOp[];
  /** Operators that Graph accepts only as an "advanced query" (ConsistencyLevel: eventual + $count). */
  advancedOps?: FilterOp[];
  /** The property holds a collection of primitives; a comparison matches if any element does. */
  collection?: boolean;
}

export interface LambdaRule {
  quantifiers: Array<"any" | "all">;
  /** Rules for the range variable: "" is the element itself, "id" or "emailAddress/address" a member. */
  element: Record<string, PropertyRule>;
}

/** What $filter an endpoint accepts, per Graph's documentation of that endpoint. */
export interface FilterSchema {
  /** OData type name used in error messages, e.g. "microsoft.graph.signIn". */
  entityType: string;
  properties: Record<string, PropertyRule>;
  lambdas?: Record<string, LambdaRule>;
  or?: boolean;
  /** false: `not` is refused; "advanced": only as an advanced query. */
  not?: boolean | "advanced";
  /** Computed members read instead of the stored object's (e.g. beta signInEventTypes). */
  virtual?: Record<string, (item: Record<string, unknown>) => unknown>;
}

const DATETIME_OPS: FilterOp[] = ["eq", "ge", "le", "gt", "lt"];

export const rule = {
  string: (...extra: FilterOp[]): PropertyRule => ({ type: "string", ops: ["eq", ...extra] }),
  enum: (...extra: FilterOp[]): PropertyRule => ({ type: "enum", ops: ["eq", ...extra] }),
  guid: (...extra: FilterOp[]): PropertyRule => ({ type: "guid", ops: ["eq", ...extra] }),
  datetime: (): PropertyRule => ({ type: "datetime", ops: DATETIME_OPS }),
  number: (...extra: FilterOp[]): PropertyRule => ({ type: "number", ops: ["eq", ...extra] }),
  boolean: (): PropertyRule => ({ type: "boolean", ops: ["eq"] }),
};

/** Case-insensitive lookup returning the canonical (schema) spelling of a property path. */
export function findRule<T>(table: Record<string, T> | undefined, path: string): { key: string; rule: T } | undefined {
  if (!table) return undefined;
  if (Object.prototype.hasOwnProperty.call(table, path)) return { key: path, rule: table[path] };
  const lowered = path.toLowerCase();
  for (const key of Object.keys(table)) {
    if (key.toLowerCase() === lowered) return { key, rule: table[key] };
  }
  return undefined;
}
