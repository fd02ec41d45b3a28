import { FilterError, type ComparisonOp, type FilterNode, type FunctionName, type Literal, type Operand } from "./filter-ast.js";
import { tokenize, type Token } from "./filter-lexer.js";

const COMPARISONS = new Set<string>(["eq", "ne", "gt", "ge", "lt", "le"]);
const FUNCTIONS = new Set<string>(["startswith", "endswith", "contains"]);

/**
 * Recursive-descent parser for the OData $filter subset Graph accepts:
 *   expr    := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" unary | primary
 *   primary := "(" expr ")" | call | path "/" ("any"|"all") "(" [var ":" expr] ")"
 *            | operand cmp operand | operand "in" "(" literal ("," literal)* ")"
 * Operators and keywords are lower-case as OData requires; function names are case-insensitive
 * (Graph accepts `startsWith`).
 */
export function parseFilter(text: string): FilterNode {
  if (text.trim() === "") throw new FilterError("syntax", "The $filter expression is empty.");
  const parser = new Parser(tokenize(text), text);
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  expression(): FilterNode {
    let left = this.conjunction();
    while (this.keyword("or")) left = { kind: "or", left, right: this.conjunction() };
    return left;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token) throw this.syntax(`unexpected '${describe(token)}'`, token);
  }

  private conjunction(): FilterNode {
    let left = this.unary();
    while (this.keyword("and")) left = { kind: "and", left, right: this.unary() };
    return left;
  }

  private unary(): FilterNode {
    if (this.keyword("not")) return { kind: "not", operand: this.unary() };
    return this.primary();
  }

  private primary(): FilterNode {
    const token = this.peek();
    if (!token) throw this.syntax("expression expected at the end");
    if (token.kind === "punct" && token.value === "(") {
      this.index++;
      const inner = this.expression();
      this.expectPunct(")");
      return inner;
    }
    if (token.kind === "ident" && FUNCTIONS.has(token.value.toLowerCase()) && this.peekAt(1)?.kind === "punct" && (this.peekAt(1) as Token).value === "(") {
      return this.call();
    }
    const left = this.operand();
    if (left.kind === "property") {
      const lambda = this.lambdaAfter(left.path);
      if (lambda) return lambda;
    }
    const next = this.peek();
    if (next?.kind === "ident" && COMPARISONS.has(next.value)) {
      this.index++;
      return { kind: "compare", op: next.value as ComparisonOp, left, right: this.operand() };
    }
    if (next?.kind === "ident" && next.value === "in") {
      this.index++;
      return { kind: "in", left, values: this.literalList() };
    }
    throw this.syntax("a comparison operator (eq, ne, gt, ge, lt, le, in) was expected", next);
  }

  private call(): FilterNode {
    const name = (this.next() as Token & { value: string }).value.toLowerCase() as FunctionName;
    this.expectPunct("(");
    const args: Operand[] = [this.operand()];
    while (this.punct(",")) args.push(this.operand());
    this.expectPunct(")");
    if (args.length !== 2) throw this.syntax(`the function '${name}' takes two arguments`);
    return { kind: "call", name, args };
  }

  /** After `path/`, `any(` or `all(` starts a lambda; the path parser stops before it. */
  private lambdaAfter(path: string[]): FilterNode | null {
    const last = path[path.length - 1].toLowerCase();
    if ((last !== "any" && last !== "all") || !this.punct("(")) return null;
    const collection = path.slice(0, -1);
    if (collection.length === 0) throw this.syntax(`'${last}' needs a collection before it`);
    if (this.punct(")")) {
      if (last === "all") throw this.syntax("'all' needs a lambda expression");
      return { kind: "lambda", path: collection, quantifier: "any", variable: null, body: null };
    }
    const variable = this.next();
    if (!variable || variable.kind !== "ident") throw this.syntax("a range variable was expected", variable);
    this.expectPunct(":");
    const body = this.expression();
    this.expectPunct(")");
    return { kind: "lambda", path: collection, quantifier: last, variable: variable.value, body };
  }

  private operand(): Operand {
    const token = this.next();
    if (!token) throw this.syntax("an operand was expected at the end");
    switch (token.kind) {
      case "string":
        return { kind: "literal", type: "string", value: token.value };
      case "number":
        return { kind: "literal", type: "number", value: token.value };
      case "datetime":
        return { kind: "literal", type: "datetime", value: token.value, time: token.time };
      case "guid":
        return { kind: "literal", type: "guid", value: token.value };
      case "ident": {
        if (token.value === "true" || token.value === "false") return { kind: "literal", type: "boolean", value: token.value === "true" };
        if (token.value === "null") return { kind: "literal", type: "null", value: null };
        if (COMPARISONS.has(token.value) || token.value === "and" || token.value === "or" || token.value === "not") {
          throw this.syntax(`'${token.value}' cannot start an operand`, token);
        }
        const path = [token.value];
        while (this.punct("/")) {
          const segment = this.next();
          if (!segment || segment.kind !== "ident") throw this.syntax("a property name was expected after '/'", segment);
          path.push(segment.value);
          const lowered = segment.value.toLowerCase();
          if (lowered === "any" || lowered === "all") break;
        }
        return { kind: "property", path };
      }
      default:
        throw this.syntax(`'${describe(token)}' cannot start an operand`, token);
    }
  }

  private literalList(): Literal[] {
    this.expectPunct("(");
    const values: Literal[] = [];
    do {
      const operand = this.operand();
      if (operand.kind !== "literal") throw this.syntax("'in' takes a list of literals");
      values.push(operand);
    } while (this.punct(","));
    this.expectPunct(")");
    return values;
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === "ident" && token.value === word) {
      this.index++;
      return true;
    }
    return false;
  }

  private punct(value: string): boolean {
    const token = this.peek();
    if (token?.kind === "punct" && token.value === value) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectPunct(value: string): void {
    if (!this.punct(value)) throw this.syntax(`'${value}' was expected`, this.peek());
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private peekAt(offset: number): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private next(): Token | undefined {
    return this.tokens[this.index++];
  }

  private syntax(problem: string, token?: Token): FilterError {
    const where = token ? ` at position ${token.at}` : "";
    return new FilterError("syntax", `Invalid filter clause: ${problem}${where} in '${this.text}'.`);
  }
}

function describe(token: Token): string {
  return String(token.value);
}
