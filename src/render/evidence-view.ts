import type { EvidenceItem } from "../report/types.js";
import { formatTime } from "./format.js";

/** Rows shown per evidence table; report.json keeps every item. */
export const MAX_EVIDENCE_ROWS = 50;

export interface EvidenceTableView {
  source: string;
  columns: string[];
  /** `time` cells keep their date on one line. */
  rows: { text: string; time: boolean }[][];
  hiddenRows: number;
}

function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  return String(value);
}

/** One table per evidence source; the columns are the union of the items' field names, in order of first use. */
export function buildEvidenceTables(evidence: readonly EvidenceItem[]): EvidenceTableView[] {
  const bySource = new Map<string, EvidenceItem[]>();
  for (const item of evidence) {
    const items = bySource.get(item.source) ?? [];
    items.push(item);
    bySource.set(item.source, items);
  }
  return [...bySource].map(([source, items]) => {
    const fieldNames: string[] = [];
    for (const item of items) {
      for (const name of Object.keys(item.fields)) if (!fieldNames.includes(name)) fieldNames.push(name);
    }
    const hasTime = items.some((item) => item.time);
    const hasId = items.some((item) => item.id);
    const columns = [...(hasTime ? ["time"] : []), ...(hasId ? ["id"] : []), ...fieldNames];
    const shown = items.slice(0, MAX_EVIDENCE_ROWS);
    return {
      source,
      columns,
      rows: shown.map((item) => [
        ...(hasTime ? [{ text: formatTime(item.time), time: true }] : []),
        ...(hasId ? [{ text: item.id ?? "", time: false }] : []),
        ...fieldNames.map((name) => ({ text: Object.hasOwn(item.fields, name) ? cellText(item.fields[name]) : "", time: false })),
      ]),
      hiddenRows: items.length - shown.length,
    };
  });
}
