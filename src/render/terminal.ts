import type { Report } from "../report/types.js";
import { plural } from "./format.js";
import { LEVELS_DESCENDING } from "./risk-order.js";

/** ANSI/VT escape sequences: CSI (incl. 8-bit), OSC (title, hyperlinks) up to BEL or ST, and two-character escapes. */
const ESCAPE_SEQUENCES = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]|(?:\u001B\]|\u009D)[\s\S]*?(?:\u0007|\u001B\\|\u009C|$)|\u001B[@-Z\\-_]/g;
/** Every remaining control character (C0 incl. newline, DEL, C1) and the bidi overrides and isolates. */
const UNSAFE_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\u2060-\u2064\uFEFF]/g;

/**
 * Text safe to print on one terminal line: escape sequences removed whole (so they cannot recolour,
 * retitle or hide output), then any control or bidi character dropped.
 */
export function sanitizeForTerminal(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, "").replace(UNSAFE_CHARACTERS, "");
}

/**
 * The line printed when a scan ends, e.g.
 * `phishtrail: 300 users scanned -> 2 critical, 6 high, 1 medium, 3 low, 288 none; 4 data gaps; reports in output/...`
 */
export function summaryLine(report: Report, outDir: string): string {
  const levels = LEVELS_DESCENDING.map((level) => `${report.summary.byLevel[level] ?? 0} ${level}`).join(", ");
  const gaps = report.summary.gaps === 0 ? "no data gaps" : plural(report.summary.gaps, "data gap");
  const incomplete = report.run.complete ? "" : " (incomplete)";
  return sanitizeForTerminal(`phishtrail: ${plural(report.summary.users, "user")} scanned -> ${levels}; ${gaps}${incomplete}; reports in ${outDir}`);
}
