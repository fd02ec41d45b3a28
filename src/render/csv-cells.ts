import { neutraliseInvisible, truncateForDisplay } from "./text.js";

/** Excel refuses longer cells (32,767); stay under it with room for the truncation note. */
const MAX_CELL_CHARS = 32_000;

/**
 * Characters that make Excel, LibreOffice or Sheets treat a cell as a formula (OWASP "CSV
 * injection"); leading whitespace does not stop some of them, so it is skipped when checking.
 */
const FORMULA_START = /^(?:[\t\r]|[\s]*[=+\-@])/;

export type CellValue = string | number | boolean | null | undefined;

/**
 * Every string cell: bidi overrides made visible, cut below Excel's limit, and prefixed with `'`
 * when a spreadsheet would run it as a formula. Numbers we produce stay numbers.
 */
export function safeCell(value: CellValue): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? value : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = truncateForDisplay(neutraliseInvisible(value), MAX_CELL_CHARS);
  return FORMULA_START.test(text) ? `'${text}` : text;
}
