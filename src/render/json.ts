import type { Report } from "../report/types.js";

/**
 * report.json: the canonical output, keys in the order the builder created them, 2-space
 * indentation and a final newline so the file diffs cleanly between runs.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
