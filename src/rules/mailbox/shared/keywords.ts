/**
 * Whole-word, case-insensitive keyword matching. A keyword ending in "*" is a prefix
 * ("password expir*" matches "password expires"). Phrases match across any run of whitespace.
 * Matchers are compiled once per distinct list and reused, so rules can call this per item.
 */
export type KeywordMatcher = (text: string) => string[];

const WORD_CHAR = "[\\p{L}\\p{N}_]";
const cache = new Map<string, KeywordMatcher>();

function keywordPattern(keyword: string): string | undefined {
  const prefix = keyword.endsWith("*");
  const body = (prefix ? keyword.slice(0, -1) : keyword).trim();
  if (!body) return undefined;
  const escaped = body
    .split(/\s+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  const lead = /^[\p{L}\p{N}_]/u.test(body) ? `(?<!${WORD_CHAR})` : "";
  const trail = !prefix && /[\p{L}\p{N}_]$/u.test(body) ? `(?!${WORD_CHAR})` : "";
  return `${lead}${escaped}${trail}`;
}

export function keywordMatcher(keywords: readonly string[]): KeywordMatcher {
  const key = keywords.join("\u0000");
  const cached = cache.get(key);
  if (cached) return cached;

  const compiled: { keyword: string; regex: RegExp }[] = [];
  for (const keyword of new Set(keywords.map((k) => k.trim()))) {
    const pattern = keywordPattern(keyword);
    if (pattern) compiled.push({ keyword, regex: new RegExp(pattern, "iu") });
  }
  const any = compiled.length ? new RegExp(compiled.map((c) => c.regex.source).join("|"), "iu") : undefined;
  const matcher: KeywordMatcher = (text) => {
    if (!any || !text || !any.test(text)) return [];
    return compiled.filter((c) => c.regex.test(text)).map((c) => c.keyword);
  };
  cache.set(key, matcher);
  return matcher;
}
