import { FilterError, type ComparisonOp, type FilterNode, type FilterOp, type Literal, type Operand, type PropertyRef } from "./filter-ast.js";
import { findRule, type FilterSchema, type PropertyRule, type ValueType } from "./filter-schema.js";
import { parseGraphDate } from "../clock.js";

export type Item = Record<string, unknown>;
export type Predicate = (item: Item) => boolean;
type Scoped = (root: Item, vars: Record<string, unknown>) => boolean;

export interface CompileOptions {
  /** The request qualifies as an advanced query (ConsistencyLevel: eventual and $count=true). */
  advanced: boolean;
}

const LITERAL_EDM: Record<Literal["type"], string> = {
  string: "Edm.String",
  number: "Edm.Int32",
  boolean: "Edm.Boolean",
  null: "null",
  datetime: "Edm.DateTimeOffset",
  guid: "Edm.Guid",
};
const VALUE_EDM: Record<ValueType, string> = {
  string: "Edm.String",
  enum: "Edm.String",
  guid: "Edm.String",
  number: "Edm.Int32",
  boolean: "Edm.Boolean",
  datetime: "Edm.DateTimeOffset",
};
const OP_KIND: Record<ComparisonOp, string> = {
  eq: "Equal",
  ne: "NotEqual",
  gt: "GreaterThan",
  ge: "GreaterThanOrEqual",
  lt: "LessThan",
  le: "LessThanOrEqual",
};

/**
 * Validates a parsed $filter against an endpoint's schema and turns it into a predicate. Anything
 * the endpoint does not document (unknown property, operator, function, lambda, or a literal of
 * the wrong type such as a quoted date) throws a FilterError.
 */
export function compileFilter(node: FilterNode, schema: FilterSchema, options: CompileOptions): Predicate {
  const compiled = new Compiler(schema, options).node(node, new Map());
  return (item) => compiled(item, {});
}

/** Reads a path from an object, honouring a schema's virtual members at the top level. */
export function readPath(item: unknown, path: string[], virtual?: FilterSchema["virtual"]): unknown {
  let value: unknown = item;
  for (let i = 0; i < path.length; i++) {
    if (value === null || typeof value !== "object") return undefined;
    const record = value as Item;
    const segment = path[i];
    if (i === 0 && virtual && record[segment] === undefined && virtual[segment]) value = virtual[segment](record);
    else value = record[segment];
  }
  return value;
}

interface Resolved {
  key: string;
  rule: PropertyRule;
  /** Range variable the path starts from, if any. */
  variable: string | null;
  /** Path read from the root object or from the variable's element. */
  path: string[];
}

class Compiler {
  constructor(
    private readonly schema: FilterSchema,
    private readonly options: CompileOptions,
  ) {}

  node(node: FilterNode, scope: Map<string, Record<string, PropertyRule>>): Scoped {
    switch (node.kind) {
      case "and": {
        const left = this.node(node.left, scope);
        const right = this.node(node.right, scope);
        return (root, vars) => left(root, vars) && right(root, vars);
      }
      case "or": {
        if (this.schema.or === false) throw new FilterError("unsupported", "The 'or' operator is not supported for this resource.");
        const left = this.node(node.left, scope);
        const right = this.node(node.right, scope);
        return (root, vars) => left(root, vars) || right(root, vars);
      }
      case "not": {
        const allowed = this.schema.not ?? false;
        if (allowed === false) throw new FilterError("unsupported", "The 'not' operator is not supported for this resource.");
        if (allowed === "advanced" && !this.options.advanced) throw advancedError("not");
        const operand = this.node(node.operand, scope);
        return (root, vars) => !operand(root, vars);
      }
      case "compare":
        return this.compare(node.op, node.left, node.right, scope);
      case "in": {
        const target = this.property(node.left, scope, "in");
        const tests = node.values.map((value) => this.matcher(target, "eq", value));
        return (root, vars) => {
          const value = this.read(target, root, vars);
          return tests.some((test) => anyValue(value, target.rule, test));
        };
      }
      case "call": {
        const [subject, argument] = node.args;
        const target = this.property(subject, scope, node.name);
        if (argument.kind !== "literal" || argument.type !== "string") {
          throw new FilterError("unsupported", `The function '${node.name}' needs a string literal as its second argument.`, target.key);
        }
        const needle = String(argument.value).toLowerCase();
        const test =
          node.name === "startswith"
            ? (text: string) => text.startsWith(needle)
            : node.name === "endswith"
              ? (text: string) => text.endsWith(needle)
              : (text: string) => text.includes(needle);
        return (root, vars) => anyValue(this.read(target, root, vars), target.rule, (value) => typeof value === "string" && test(value.toLowerCase()));
      }
      case "lambda":
        return this.lambda(node, scope);
    }
  }

  private lambda(node: Extract<FilterNode, { kind: "lambda" }>, scope: Map<string, Record<string, PropertyRule>>): Scoped {
    const pathText = node.path.join("/");
    const found = findRule(this.schema.lambdas, pathText);
    if (!found || !found.rule.quantifiers.includes(node.quantifier)) {
      throw new FilterError("unsupported", `Lambda '${node.quantifier}' is not supported on '${pathText}' of type '${this.schema.entityType}'.`, pathText);
    }
    const path = found.key.split("/");
    if (node.variable === null || node.body === null) {
      return (root) => {
        const collection = readPath(root, path, this.schema.virtual);
        return Array.isArray(collection) && collection.length > 0;
      };
    }
    const variable = node.variable;
    const inner = new Map(scope);
    inner.set(variable, found.rule.element);
    const body = this.node(node.body, inner);
    const quantifier = node.quantifier;
    return (root, vars) => {
      const collection = readPath(root, path, this.schema.virtual);
      if (!Array.isArray(collection)) return quantifier === "all";
      const test = (element: unknown) => body(root, { ...vars, [variable]: element });
      return quantifier === "any" ? collection.some(test) : collection.every(test);
    };
  }

  private compare(op: ComparisonOp, left: Operand, right: Operand, scope: Map<string, Record<string, PropertyRule>>): Scoped {
    if (left.kind !== "property") {
      throw new FilterError("unsupported", "The left side of a comparison must be a property of the resource.");
    }
    const target = this.property(left, scope, op);
    if (right.kind !== "literal") {
      throw new FilterError("unsupported", `Comparing '${target.key}' with another property is not supported.`, target.key);
    }
    const test = this.matcher(target, op, right);
    return (root, vars) => anyValue(this.read(target, root, vars), target.rule, test);
  }

  /** A test for one stored value against one literal, after checking the literal's type. */
  private matcher(target: Resolved, op: ComparisonOp, literal: Literal): (value: unknown) => boolean {
    const { rule, key } = target;
    if (literal.type === "null") {
      if (op !== "eq" && op !== "ne") throw new FilterError("unsupported", `null can only be compared with eq or ne ('${key}').`, key);
      return op === "eq" ? (value) => value === null || value === undefined : (value) => value !== null && value !== undefined;
    }
    const compatible =
      (rule.type === "datetime" && literal.type === "datetime") ||
      ((rule.type === "string" || rule.type === "enum" || rule.type === "guid") && (literal.type === "string" || (rule.type === "guid" && literal.type === "guid"))) ||
      (rule.type === "number" && literal.type === "number") ||
      (rule.type === "boolean" && literal.type === "boolean");
    if (!compatible) {
      throw new FilterError(
        "unsupported",
        `A binary operator with incompatible types was detected. Found operand types '${VALUE_EDM[rule.type]}' and '${LITERAL_EDM[literal.type]}' for operator kind '${OP_KIND[op]}'.`,
        key,
      );
    }
    switch (rule.type) {
      case "datetime": {
        const time = literal.time as number;
        return (value) => {
          const t = parseGraphDate(value);
          return !Number.isNaN(t) && order(op, t, time);
        };
      }
      case "number": {
        const expected = literal.value as number;
        return (value) => typeof value === "number" && order(op, value, expected);
      }
      case "boolean":
        return op === "eq" ? (value) => value === literal.value : (value) => value !== literal.value;
      default: {
        const expected = String(literal.value).toLowerCase();
        return (value) => {
          if (value === null || value === undefined) return op === "ne";
          const text = String(value).toLowerCase();
          return op === "eq" ? text === expected : op === "ne" ? text !== expected : order(op, text, expected);
        };
      }
    }
  }

  private property(operand: Operand, scope: Map<string, Record<string, PropertyRule>>, op: FilterOp): Resolved {
    if (operand.kind !== "property") throw new FilterError("unsupported", "A property was expected as the first operand.");
    const resolved = this.resolve(operand, scope);
    const { rule, key } = resolved;
    const advanced = rule.advancedOps?.includes(op) ?? false;
    if (!rule.ops.includes(op) && !advanced) {
      throw new FilterError("unsupported", `Unsupported or invalid query filter clause specified for property '${key}' of resource '${shortName(this.schema.entityType)}'.`, key);
    }
    if (advanced && !rule.ops.includes(op) && !this.options.advanced) throw advancedError(op);
    return resolved;
  }

  private resolve(operand: PropertyRef, scope: Map<string, Record<string, PropertyRule>>): Resolved {
    const [head, ...rest] = operand.path;
    const elementRules = scope.get(head);
    if (elementRules) {
      const found = findRule(elementRules, rest.join("/"));
      if (!found) throw unknownProperty(rest.join("/") || head, this.schema.entityType);
      return { key: found.key || head, rule: found.rule, variable: head, path: found.key === "" ? [] : found.key.split("/") };
    }
    const text = operand.path.join("/");
    const found = findRule(this.schema.properties, text);
    if (!found) throw unknownProperty(text, this.schema.entityType);
    return { key: found.key, rule: found.rule, variable: null, path: found.key.split("/") };
  }

  private read(target: Resolved, root: Item, vars: Record<string, unknown>): unknown {
    if (target.variable !== null) return readPath(vars[target.variable], target.path);
    return readPath(root, target.path, this.schema.virtual);
  }
}

function anyValue(value: unknown, rule: PropertyRule, test: (value: unknown) => boolean): boolean {
  if (rule.collection && Array.isArray(value)) return value.some(test);
  return test(value);
}

function order(op: ComparisonOp, a: number | string, b: number | string): boolean {
  switch (op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
  }
}

function unknownProperty(name: string, entityType: string): FilterError {
  return new FilterError("unsupported", `Could not find a property named '${name}' on type '${entityType}'.`, name);
}

function advancedError(op: string): FilterError {
  return new FilterError(
    "advanced",
    `Operator '${op}' is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
  );
}

function shortName(entityType: string): string {
  const name = entityType.split(".").pop() ?? entityType;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
