/** The $filter syntax tree shared by the parser, the validator, the planner and the evaluator. */

export type ComparisonOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
export type FunctionName = "startswith" | "endswith" | "contains";
/** Operators a schema can allow on a property (comparisons, `in`, and the string functions). */
export type FilterOp = ComparisonOp | "in" | FunctionName;

export type LiteralType = "string" | "number" | "boolean" | "null" | "datetime" | "guid";

export interface Literal {
  kind: "literal";
  type: LiteralType;
  value: string | number | boolean | null;
  /** Epoch ms for datetime literals. */
  time?: number;
}

/** A property path; inside a lambda the first segment is the range variable. */
export interface PropertyRef {
  kind: "property";
  path: string[];
}

export type Operand = Literal | PropertyRef;

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; operand: FilterNode }
  | { kind: "compare"; op: ComparisonOp; left: Operand; right: Operand }
  | { kind: "in"; left: Operand; values: Literal[] }
  | { kind: "call"; name: FunctionName; args: Operand[] }
  | { kind: "lambda"; path: string[]; quantifier: "any" | "all"; variable: string | null; body: FilterNode | null };

/** Why a $filter was refused: bad syntax, or valid OData that this endpoint does not support. */
export class FilterError extends Error {
  constructor(
    readonly reason: "syntax" | "unsupported" | "advanced",
    message: string,
    readonly property?: string,
  ) {
    super(message);
    this.name = "FilterError";
  }
}

/** Splits a tree into its top-level `and` terms. */
export function conjuncts(node: FilterNode): FilterNode[] {
  if (node.kind === "and") return [...conjuncts(node.left), ...conjuncts(node.right)];
  return [node];
}
