import Handlebars from "handlebars";

/**
 * Characters that reorder or hide displayed text: bidi embeddings/overrides/isolates and marks
 * (LRE..RLO, LRI..PDI, LRM, RLM, ALM), and zero-width characters that make "pay\u200Bpal" look
 * like "paypal" (ZWSP, ZWNJ, ZWJ, word joiner, invisible operators, BOM).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\u2060-\u2064\uFEFF]/g;
/** C0 (except tab, LF, CR), DEL and C1 controls: invisible, and some break renderers. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Longest attacker-influenced string shown in HTML/PDF before it is cut. */
export const MAX_DISPLAY_CHARS = 500;

function codePointLabel(character: string): string {
  return `⟦U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟧`;
}

/**
 * Replaces bidi overrides and control characters with a visible marker such as `⟦U+202E⟧`, so
 * a rule named "\u202Etxt.exe" cannot display as "exe.txt" and the analyst sees the trick.
 */
export function neutraliseInvisible(text: string): string {
  return text.replace(BIDI_CONTROLS, codePointLabel).replace(CONTROL_CHARACTERS, codePointLabel);
}

/** Cuts text longer than `max` characters (never inside a surrogate pair) and says so. */
export function truncateForDisplay(text: string, max: number = MAX_DISPLAY_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… [truncated: ${text.length.toLocaleString("en-US")} characters in full, see report.json]`;
}

/** What HTML/PDF show for any string from the report model. */
export function displayText(text: string, max: number = MAX_DISPLAY_CHARS): string {
  return truncateForDisplay(neutraliseInvisible(text), max);
}

/** HTML escaping for the few fixed fragments not produced by a template (PDF header/footer). */
export function escapeHtml(text: string): string {
  return Handlebars.Utils.escapeExpression(text);
}
