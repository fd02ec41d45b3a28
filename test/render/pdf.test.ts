/**
 * Real Chromium renders (the CI installs it). A missing browser fails these tests with
 * createPdfRenderer's RuntimeError; it never skips them. One browser serves every render here.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { renderHtml } from "../../src/render/html.js";
import { reportTitle } from "../../src/render/html-view.js";
import { createPdfRenderer, type PdfRenderer } from "../../src/render/pdf.js";
import { defaultTemplatesDir } from "../../src/render/templates-dir.js";
import { externalPayloads, hostileReport } from "../fixtures/reports/hostile.js";
import { singleUserIncident } from "../fixtures/reports/single-user-incident.js";

const PDFTOTEXT = "/usr/bin/pdftotext";
const templatesDir = defaultTemplatesDir();
const scratch = mkdtempSync(join(tmpdir(), "phishtrail-pdf-test-"));

let renderer: PdfRenderer;
let server: Server;
let serverHits: string[] = [];
let externalBase: string;

before(async () => {
  server = createServer((request, response) => {
    serverHits.push(request.url ?? "");
    response.end("x");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  externalBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  renderer = await createPdfRenderer({ paper: "A4", timeoutMs: 30_000 });
});

after(async () => {
  await renderer?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

/** Text of a PDF, or undefined (with a diagnostic) when poppler's pdftotext is not installed. */
function pdfText(t: TestContext, pdf: Uint8Array, name: string): string | undefined {
  if (!existsSync(PDFTOTEXT)) {
    t.diagnostic(`${PDFTOTEXT} is missing (apt-get install poppler-utils): PDF text assertions skipped`);
    return undefined;
  }
  const path = join(scratch, name);
  writeFileSync(path, pdf);
  return execFileSync(PDFTOTEXT, ["-layout", path, "-"], { encoding: "utf8" });
}

function assertPdf(pdf: Uint8Array): void {
  assert.ok(pdf instanceof Uint8Array);
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString("latin1"), "%PDF-");
}

test("single-user incident PDF: findings, classification label on every page, page X of Y", async (t) => {
  const report = singleUserIncident();
  const html = renderHtml(report, { templatesDir });
  const blockedBefore = renderer.blockedRequests;
  const pdf = await renderer.render(html, { classification: report.presentation.classification, title: reportTitle(report) });
  assertPdf(pdf);
  assert.equal(renderer.blockedRequests, blockedBefore, "our own page asks for nothing");
  const text = pdfText(t, pdf, "incident.pdf");
  if (text === undefined) return;
  assert.match(text, /Incident report: Grace Hopper \(grace@contoso\.example\)/);
  assert.match(text, /Device-code sign-in from an unfamiliar network/);
  assert.match(text, /First device-code sign-in for this user, from 185\.220\.101\.4/);
  assert.match(text, /phishtrail contain --user grace@contoso\.example --revoke-sessions --reset-password/);
  const pages = text.split("\f").filter((page) => page.trim().length > 0);
  assert.ok(pages.length >= 2, `several pages (${pages.length})`);
  pages.forEach((page, i) => {
    assert.match(page, /CONFIDENTIAL - security incident/, `label on page ${i + 1}`);
    assert.match(page, new RegExp(`page ${i + 1} of ${pages.length}`), `page number on page ${i + 1}`);
  });
});

test("a report full of external URLs and markup makes no network request; payloads print as text", async (t) => {
  serverHits = [];
  const report = hostileReport(externalBase);
  const html = renderHtml(report, { templatesDir });
  const blockedBefore = renderer.blockedRequests;
  const pdf = await renderer.render(html, { classification: report.presentation.classification, title: reportTitle(report) });
  assertPdf(pdf);
  assert.equal(renderer.blockedRequests - blockedBefore, 0, "escaped payloads never become requests");
  assert.deepEqual(serverHits, [], "the local server saw no request");
  const text = pdfText(t, pdf, "hostile.pdf");
  if (text === undefined) return;
  const flat = text.replace(/\s+/g, " ");
  assert.ok(flat.includes("<script>alert(1)</script>"), "markup shown as text");
  assert.ok(flat.includes(`<img src="${externalBase}/pixel.png">`));
  assert.ok(flat.includes("U+202E"), "bidi override shown as a marker");
  assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(text), "no raw bidi control in the PDF text");
  assert.match(text, /SECRET <script>alert\(1\)<\/script>/, "classification label printed as text");
});

test("even raw HTML that tries to load from the network is blocked at the request level", async () => {
  serverHits = [];
  const blockedBefore = renderer.blockedRequests;
  const raw = `<!DOCTYPE html><html><head>${externalPayloads(externalBase).join("")}</head><body><p>raw</p>${externalPayloads(externalBase).join("")}<script>fetch("${externalBase}/js")</script></body></html>`;
  assertPdf(await renderer.render(raw, { classification: "TEST", title: "raw" }));
  assert.ok(renderer.blockedRequests - blockedBefore >= 3, `requests were attempted and blocked (${renderer.blockedRequests - blockedBefore})`);
  assert.deepEqual(serverHits, [], "none reached the local server");
});
