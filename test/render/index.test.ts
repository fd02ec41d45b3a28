import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { RuntimeError } from "../../src/lib/errors.js";
import { renderReports } from "../../src/render/index.js";
import type { PdfMeta, PdfRenderer } from "../../src/render/pdf.js";
import { defaultTemplatesDir } from "../../src/render/templates-dir.js";
import { singleUserIncident } from "../fixtures/reports/single-user-incident.js";
import { tenantReport } from "../fixtures/reports/tenant-report.js";

const root = mkdtempSync(join(tmpdir(), "phishtrail-render-test-"));
after(() => rmSync(root, { recursive: true, force: true }));
const templatesDir = defaultTemplatesDir();
const csv = { bom: false, delimiter: "," };

/** Records what it was asked to print; the real browser is covered by pdf.test.ts. */
function recordingPdf(): PdfRenderer & { calls: { html: string; meta: PdfMeta }[] } {
  const calls: { html: string; meta: PdfMeta }[] = [];
  return {
    calls,
    blockedRequests: 0,
    executablePath: "/fake/chromium",
    async render(html, meta) {
      calls.push({ html, meta });
      return new TextEncoder().encode("%PDF-1.7 fake");
    },
    async close() {},
  };
}

test("writes every requested format, owner-only, and returns the paths", async () => {
  const outDir = join(root, "all");
  const pdf = recordingPdf();
  const report = tenantReport();
  const written = await renderReports(report, { formats: ["html", "pdf", "csv", "json"], outDir, templatesDir, pdf, csv });
  assert.deepEqual(written, ["report.json", "findings.csv", "tickets.csv", "report.html", "report.pdf"].map((name) => join(outDir, name)));
  assert.deepEqual(readdirSync(outDir).sort(), ["findings.csv", "report.html", "report.json", "report.pdf", "tickets.csv"], "no temporary files left");
  for (const path of written) assert.equal(statSync(path).mode & 0o777, 0o600, path);
  assert.deepEqual(JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")), report);
  assert.equal(pdf.calls.length, 1);
  assert.equal(pdf.calls[0].html, readFileSync(join(outDir, "report.html"), "utf8"), "the PDF is the HTML report printed");
  assert.deepEqual(pdf.calls[0].meta, { classification: "CONFIDENTIAL - security incident", title: "phishtrail investigation report" });
});

test("report.json is always written; a single-user PDF is titled as the user's incident report", async () => {
  const outDir = join(root, "single");
  const pdf = recordingPdf();
  const written = await renderReports(singleUserIncident(), { formats: ["pdf"], outDir, templatesDir, pdf, csv });
  assert.deepEqual(written, [join(outDir, "report.json"), join(outDir, "report.pdf")]);
  assert.equal(pdf.calls[0].meta.title, "Incident report: Grace Hopper (grace@contoso.example)");
});

test("pdf without a renderer is refused before anything is written", async () => {
  const outDir = join(root, "refused");
  await assert.rejects(
    renderReports(tenantReport(), { formats: ["pdf", "json"], outDir, templatesDir, csv }),
    (error: unknown) => error instanceof RuntimeError && /no PDF renderer was started/.test(error.message),
  );
  assert.throws(() => readdirSync(outDir), /ENOENT/);
});
