import type { Report } from "../report/types.js";
import { displayText, MAX_DISPLAY_CHARS } from "./text.js";

/**
 * Keys whose text must survive whole: an analyst copies the containment command, so cutting it
 * would change what runs. Bidi controls are still neutralised there (a reversed command is worse).
 */
const LONG_TEXT_LIMITS: Record<string, number> = { command: 20_000 };

function sanitizeValue(value: unknown, limit: number): unknown {
  if (typeof value === "string") return displayText(value, limit);
  if (Array.isArray(value)) return value.map((item) => sanitizeValue(item, limit));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: an evidence field named "__proto__" stays a field, not a prototype.
      Object.defineProperty(out, displayText(key), {
        value: sanitizeValue(item, Object.hasOwn(LONG_TEXT_LIMITS, key) ? LONG_TEXT_LIMITS[key] : MAX_DISPLAY_CHARS),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/**
 * A copy of the report in which every string (values and evidence field names alike) is safe to
 * show: bidi overrides and control characters made visible, absurdly long text cut. Applied once,
 * before the view is built, so no template field can be forgotten. HTML escaping stays with
 * Handlebars.
 */
export function toDisplayModel(report: Report): Report {
  return sanitizeValue(report, MAX_DISPLAY_CHARS) as Report;
}
