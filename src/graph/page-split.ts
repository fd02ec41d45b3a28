import type { GraphObject } from "../snapshot/types.js";

/**
 * Reads a collection page from its bytes one item at a time. A tenant-wide scan reads hundreds of
 * thousands of sign-ins; parsing a page as one 2 MB string puts every page text in V8's large
 * object space, which only a full collection frees, and evidence would then have to serialise
 * each object again. Cut per item instead, the texts stay small and short-lived, and each item's
 * bytes go to the evidence file as Graph sent them.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

export interface SplitPage {
  /** The page with `value` parsed, as JSON.parse of the whole would give it. */
  body: GraphObject;
  /** Each item of `value` as the bytes Graph sent (one line: no raw line breaks inside). */
  items: Buffer[];
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === NEWLINE || c === RETURN;
}

function skipSpace(bytes: Buffer, start: number): number {
  let i = start;
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

/** Index just past the string that opens at `start`; UTF-8 continuation bytes are never quotes or backslashes. */
function skipString(bytes: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote === -1) return bytes.length;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Index just past the value at `start` (object, array, string or literal). */
function skipValue(bytes: Buffer, start: number): number {
  const first = bytes[start];
  if (first === QUOTE) return skipString(bytes, start);
  let i = start;
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    while (i < bytes.length) {
      const c = bytes[i];
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) return i;
      i++;
    }
    return i;
  }
  let depth = 0;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c === QUOTE) {
      i = skipString(bytes, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return bytes.length;
}

function parse(bytes: Buffer, start: number, end: number): unknown {
  return JSON.parse(bytes.toString("utf8", start, end));
}

/**
 * The page split into its items, or undefined when the bytes are not a JSON object whose `value`
 * is an array of objects (the caller then parses the whole text as usual, and reports a bad body
 * the usual way). Throws nothing: anything unexpected means undefined.
 */
export function splitPage(bytes: Buffer): SplitPage | undefined {
  try {
    const body: GraphObject = {};
    let items: Buffer[] | undefined;
    let i = skipSpace(bytes, 0);
    if (bytes[i] !== OPEN_BRACE) return undefined;
    i = skipSpace(bytes, i + 1);
    while (bytes[i] !== CLOSE_BRACE) {
      if (bytes[i] !== QUOTE) return undefined;
      const keyEnd = skipString(bytes, i);
      const key = parse(bytes, i, keyEnd) as string;
      // Assigning "__proto__" would set the prototype; such a page gets the ordinary parse.
      if (key === "__proto__") return undefined;
      i = skipSpace(bytes, keyEnd);
      if (bytes[i] !== COLON) return undefined;
      i = skipSpace(bytes, i + 1);
      if (key === "value") {
        if (bytes[i] !== OPEN_BRACKET) return undefined;
        const cut = elements(bytes, i);
        if (!cut) return undefined;
        items = cut.items;
        body.value = items.map((item) => parse(item, 0, item.length));
        i = cut.end;
      } else {
        const end = skipValue(bytes, i);
        body[key] = parse(bytes, i, end);
        i = end;
      }
      i = skipSpace(bytes, i);
      if (bytes[i] === COMMA) i = skipSpace(bytes, i + 1);
      else if (bytes[i] !== CLOSE_BRACE) return undefined;
    }
    if (skipSpace(bytes, i + 1) !== bytes.length || !items) return undefined;
    return { body, items };
  } catch {
    return undefined;
  }
}

/** The object elements of the array opening at `open`, and the index just past its `]`. */
function elements(bytes: Buffer, open: number): { items: Buffer[]; end: number } | undefined {
  const items: Buffer[] = [];
  let i = skipSpace(bytes, open + 1);
  if (bytes[i] === CLOSE_BRACKET) return { items, end: i + 1 };
  for (;;) {
    if (bytes[i] !== OPEN_BRACE) return undefined;
    const end = skipValue(bytes, i);
    const item = bytes.subarray(i, end);
    if (item.includes(NEWLINE) || item.includes(RETURN)) return undefined;
    items.push(item);
    i = skipSpace(bytes, end);
    if (bytes[i] === CLOSE_BRACKET) return { items, end: i + 1 };
    if (bytes[i] !== COMMA) return undefined;
    i = skipSpace(bytes, i + 1);
  }
}
