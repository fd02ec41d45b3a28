import type { Report } from "../report/types.js";

/**
 * report.json: the canonical output, keys in the order the builder created them, 2-space
 * indentation and a final newline so the file diffs cleanly between runs.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Nesting down to which renderJsonPieces cuts: the report, its lists, their items. */
const CUT_DEPTH = 3;

/**
 * renderJson's exact text in pieces (one per member down to CUT_DEPTH), so a 10,000-user report
 * is written without ever being one string.
 */
export function* renderJsonPieces(report: Report): Generator<string> {
  yield* pieces(report, "", 0);
  yield "\n";
}

function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  if (depth >= CUT_DEPTH || value === null || typeof value !== "object" || typeof (value as { toJSON?: unknown }).toJSON === "function") {
    yield JSON.stringify(value, null, 2).replaceAll("\n", `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? "[" : ","}\n${inner}`;
      const item: unknown = value[i];
      if (item === undefined || typeof item === "function" || typeof item === "symbol") yield "null";
      else yield* pieces(item, inner, depth + 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined && typeof record[key] !== "function" && typeof record[key] !== "symbol");
  if (keys.length === 0) {
    yield "{}";
    return;
  }
  for (let i = 0; i < keys.length; i++) {
    yield `${i === 0 ? "{" : ","}\n${inner}${JSON.stringify(keys[i])}: `;
    yield* pieces(record[keys[i]], inner, depth + 1);
  }
  yield `\n${indent}}`;
}
