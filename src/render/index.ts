import { join } from "node:path";
import type { Report } from "../report/types.js";
import { writeFileAtomic, writeFileAtomicPieces } from "../lib/atomic-write.js";
import { RuntimeError } from "../lib/errors.js";
import { renderFindingsCsv, renderTicketsCsv, type CsvOptions } from "./csv.js";
import { renderHtml } from "./html.js";
import { reportTitle } from "./html-view.js";
import { renderJsonPieces } from "./json.js";
import type { PdfRenderer } from "./pdf.js";

export type ReportFormat = "html" | "pdf" | "csv" | "json";

export interface RenderOptions {
  formats: readonly ReportFormat[];
  outDir: string;
  templatesDir: string;
  /** Launched once per run by the caller (createPdfRenderer); required when formats has "pdf". */
  pdf?: PdfRenderer;
  csv: CsvOptions;
}

export const REPORT_FILES = {
  json: "report.json",
  html: "report.html",
  pdf: "report.pdf",
  findingsCsv: "findings.csv",
  ticketsCsv: "tickets.csv",
} as const;

/**
 * Writes every requested format into outDir (owner-only files, each written atomically) and
 * returns the written paths. report.json is always written, and first: it is the canonical
 * result, so a failing renderer never loses it.
 */
export async function renderReports(report: Report, options: RenderOptions): Promise<string[]> {
  const formats = new Set(options.formats);
  if (formats.has("pdf") && !options.pdf) {
    throw new RuntimeError("PDF output was requested but no PDF renderer was started; call createPdfRenderer first or leave pdf out of --format.", "PDF_FAILED");
  }
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    const path = join(options.outDir, name);
    writeFileAtomic(path, data);
    written.push(path);
  };

  writeFileAtomicPieces(join(options.outDir, REPORT_FILES.json), renderJsonPieces(report));
  written.push(join(options.outDir, REPORT_FILES.json));
  if (formats.has("csv")) {
    write(REPORT_FILES.findingsCsv, renderFindingsCsv(report, options.csv));
    write(REPORT_FILES.ticketsCsv, renderTicketsCsv(report, options.csv));
  }
  if (formats.has("html") || formats.has("pdf")) {
    const html = renderHtml(report, { templatesDir: options.templatesDir });
    if (formats.has("html")) write(REPORT_FILES.html, html);
    if (options.pdf && formats.has("pdf")) {
      const meta = { classification: report.presentation.classification, title: reportTitle(report) };
      write(REPORT_FILES.pdf, await options.pdf.render(html, meta));
    }
  }
  return written;
}
