/**
 * The wire text of each item of a collection page. A tenant-wide scan keeps hundreds of thousands
 * of Graph objects as evidence; cutting them out of the response text it already has is several
 * times cheaper than serialising the parsed objects again.
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

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === NEWLINE || c === RETURN;
}

/** Index just past the string that opens at `start` (a quote); the search for quotes is native. */
function skipString(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Index just past the value that starts at `start` (object, array, string or literal). */
function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return skipString(text, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) return i;
      i++;
    }
  }
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return text.length;
}

function skipSpace(text: string, start: number): number {
  let i = start;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * The texts of the elements of the top-level `value` array of a page that JSON.parse accepted,
 * each an object on one line; undefined when the page has no such array, an element is not an
 * object, or an element spans lines (the evidence spill is one object per line).
 */
export function valueItemTexts(text: string): string[] | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(text, i + 1);
  while (text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(text, i);
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(text, i + 1);
    if (key === "value") return text.charCodeAt(i) === OPEN_BRACKET ? elements(text, i) : undefined;
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

function elements(text: string, open: number): string[] | undefined {
  const items: string[] = [];
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return items;
  for (;;) {
    if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
    const end = skipValue(text, i);
    const item = text.slice(i, end);
    if (item.includes("\n") || item.includes("\r")) return undefined;
    items.push(item);
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACKET) return items;
    if (c !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
}

/** A page's item texts, cut on first use; `at` answers undefined when they cannot be trusted. */
export class PageItemTexts {
  #texts: string[] | undefined | null = null;

  constructor(
    private readonly text: string,
    private readonly count: number,
  ) {}

  at(index: number): string | undefined {
    if (this.#texts === null) {
      const texts = valueItemTexts(this.text);
      this.#texts = texts && texts.length === this.count ? texts : undefined;
    }
    return this.#texts?.[index];
  }
}
