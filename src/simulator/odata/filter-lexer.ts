import { FilterError } from "./filter-ast.js";
import { parseGraphDate } from "../clock.js";

export type Token =
  | { kind: "punct"; value: "(" | ")" | "," | "/" | ":"; at: number }
  | { kind: "ident"; value: string; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "number"; value: number; at: number }
  | { kind: "datetime"; value: string; time: number; at: number }
  | { kind: "guid"; value: string; at: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z_.-])/i;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![0-9a-z_.])/i;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_.]*/;

/** Tokenises an OData $filter expression (string literals use '' to escape a quote). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "," || ch === "/" || ch === ":") {
      tokens.push({ kind: "punct", value: ch, at: i });
      i++;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError("syntax", `There is an unterminated string literal at position ${start} in '${text}'.`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ kind: "string", value, at: start });
      continue;
    }
    const rest = text.slice(i);
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ kind: "guid", value: guid[0], at: i });
      i += guid[0].length;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      const time = parseGraphDate(datetime[0]);
      if (Number.isNaN(time)) throw new FilterError("syntax", `Invalid date-time literal '${datetime[0]}' at position ${i}.`);
      tokens.push({ kind: "datetime", value: datetime[0], time, at: i });
      i += datetime[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: "ident", value: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    throw new FilterError("syntax", `Syntax error: character '${ch}' is not valid at position ${i} in '${text}'.`);
  }
  return tokens;
}
