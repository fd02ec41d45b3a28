/**
 * One real scan (all formats, evidence, PHISHTRAIL_DEBUG on) of a tenant whose every
 * attacker-controlled field holds hostile text, then: the HTML is inert, the PDF is inert and
 * rendering it fetched nothing, no CSV cell is a formula, the terminal shows no escape or bidi
 * character from the data, no secret or token reached any file or stream, and everything written
 * is readable only by its owner.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import dc from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { ScanBench, type ScanRun } from "../reliability/support/cli.js";
import { smallTenant, UPN, type TextField } from "../reliability/support/small-tenant.js";
import { startCanary, type Canary } from "./support/canary.js";
import { filesAsText, walk } from "./support/outputs.js";
import { ANSI_OR_CONTROL, BIDI, hostileText, markerOf } from "./support/payloads.js";

const CLIENT_SECRET = "sim-SECRET-7f3c9a1e-canary~value_0123456789";
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
/** Fields an analyst must see (escaped) in the HTML report. */
const SHOWN_IN_HTML: TextField[] = ["user.displayName", "rule.displayName", "message.subject", "app.displayName", "alert.title", "signIn.city", "signIn.appDisplayName"];
/** Elements that load, navigate or run something: the template uses none, so any is from data. */
const ACTIVE_ELEMENTS = /^(script|img|iframe|frame|link|object|embed|base|form|video|audio|source|input|button)$/;

describe("hostile tenant data through a real scan", () => {
  let canary: Canary;
  let bench: ScanBench;
  let run: ScanRun;
  let html: string;
  let pdfText: string;
  const tokens = new Set<string>();
  const captureToken = (message: unknown) => {
    const found = /authorization: Bearer (\S+)/i.exec(String((message as { headers?: unknown }).headers ?? ""));
    if (found) tokens.add(found[1]);
  };

  before(async () => {
    canary = await startCanary();
    bench = new ScanBench(smallTenant({ text: hostileText(canary.origin) }), { scan: { formats: ["html", "pdf", "csv", "json"] }, demo: { timeScale: 0.001 } }, "phishtrail-hostile-");
    dc.subscribe("undici:client:sendHeaders", captureToken);
    process.env.PHISHTRAIL_DEBUG = "1";
    try {
      run = await bench.scan(["--user", UPN.alex, "--user", UPN.blair, "--user", UPN.casey], { clientSecret: CLIENT_SECRET });
    } finally {
      delete process.env.PHISHTRAIL_DEBUG;
      dc.unsubscribe("undici:client:sendHeaders", captureToken);
    }
    assert.equal(run.exitCode, 0, run.stderr);
    html = readFileSync(join(run.outDir, "report.html"), "utf8");
    pdfText = execFileSync("pdftotext", ["-enc", "UTF-8", join(run.outDir, "report.pdf"), "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  });

  after(async () => {
    await canary?.close();
    bench?.close();
  });

  it("the payloads reached the report (the checks below are not vacuous)", () => {
    for (const field of SHOWN_IN_HTML) assert.ok(html.includes(markerOf(field)), `${field} is not shown in report.html`);
    assert.ok(pdfText.includes(markerOf("rule.displayName")), "the hostile rule name is not in the PDF text");
    assert.ok(html.includes("&lt;script&gt;"), "markup from data is shown escaped");
  });

  it("report.html: no element, attribute or stylesheet from the data, no raw bidi or control character", () => {
    for (const [tag, name] of html.matchAll(/<([a-zA-Z][\w:-]*)[^>]*>/g)) {
      assert.doesNotMatch(name, ACTIVE_ELEMENTS, `element from data: ${tag.slice(0, 160)}`);
      // The template's own head: charset, named metadata, the CSP; and its one inline stylesheet.
      if (/^(meta|style)$/i.test(name)) assert.match(tag, /^<(meta charset="utf-8"|meta name="[a-z-]+" content="[^"<>]*"|meta http-equiv="Content-Security-Policy"[^>]*|style)>$/i, `element from data: ${tag.slice(0, 160)}`);
      assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, `event handler: ${tag.slice(0, 160)}`);
      assert.doesNotMatch(tag, /\b(src|href|action|srcset)\s*=\s*["']?\s*(https?:|\/\/|javascript:)/i, `remote or script reference: ${tag.slice(0, 160)}`);
    }
    for (const [, css] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) assert.doesNotMatch(css, /url\s*\(|@import/i, "the stylesheet loads nothing");
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(html, BIDI, "raw bidi control");
    assert.doesNotMatch(html, ANSI_OR_CONTROL, "raw control character (ANSI escape, NUL)");
    // Handlebars never evaluates data: the template syntax from the data is shown as it was.
    assert.ok(html.includes("{{constructor.constructor("), "template syntax from data was evaluated or dropped");
  });

  it("report.pdf: rendering fetched nothing, the file carries no script, action or link to the data's URLs, its text no bidi or control character", () => {
    assert.deepEqual(canary.hits, [], "the PDF renderer fetched a URL from the data");
    const raw = readFileSync(join(run.outDir, "report.pdf")).toString("latin1");
    assert.doesNotMatch(raw, /\/(JavaScript|JS|Launch|SubmitForm|ImportData)\b/, "PDF action");
    assert.ok(!raw.includes(canary.origin.replace("http://", "")), "a link annotation to a URL from the data");
    assert.doesNotMatch(pdfText, BIDI, "raw bidi control in the PDF text");
    assert.doesNotMatch(pdfText.replace(/\f/g, ""), ANSI_OR_CONTROL, "control character in the PDF text");
  });

  it("findings.csv and tickets.csv: no cell a spreadsheet would run as a formula, no raw bidi or control character", () => {
    for (const name of ["findings.csv", "tickets.csv"]) {
      const text = readFileSync(join(run.outDir, name), "utf8");
      const rows = parse(text, { relax_column_count: true }) as string[][];
      assert.ok(rows.length > 1, `${name} has rows`);
      for (const row of rows) {
        for (const cell of row) {
          assert.doesNotMatch(cell, /^[\t\r]|^\s*[=+\-@]/, `${name}: formula cell ${JSON.stringify(cell.slice(0, 60))}`);
          assert.doesNotMatch(cell, BIDI, `${name}: raw bidi control`);
          assert.doesNotMatch(cell, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/, `${name}: control character`);
        }
      }
    }
    assert.ok(readFileSync(join(run.outDir, "findings.csv"), "utf8").includes(markerOf("rule.displayName")), "the hostile rule name is in findings.csv");
  });

  it("terminal output: no escape sequence, control or bidi character from the data", () => {
    for (const [stream, text] of [["stdout", run.stdout], ["stderr", run.stderr]] as const) {
      assert.doesNotMatch(text, BIDI, `${stream}: bidi control`);
      assert.doesNotMatch(text.replace(/\n/g, ""), ANSI_OR_CONTROL, `${stream}: escape or control character`);
    }
    assert.match(run.stdout, /users? scanned/);
  });

  it("no client secret or access token in any file written, in stdout or in stderr", () => {
    assert.ok(tokens.size > 0, "no access token was captured: the check would be vacuous");
    const texts = [...filesAsText(run.outDir), { name: "report.pdf (text)", text: pdfText }, { name: "stdout", text: run.stdout }, { name: "stderr", text: run.stderr }];
    for (const { name, text } of texts) {
      assert.ok(!text.includes(CLIENT_SECRET), `${name} holds the client secret`);
      for (const token of tokens) assert.ok(!text.includes(token), `${name} holds an access token`);
      assert.doesNotMatch(text, JWT, `${name} holds a JWT`);
    }
  });

  it("every folder the scan wrote is 0700 and every file 0600, evidence included", () => {
    const entries = walk(run.outDir);
    assert.ok(entries.some((e) => e.name === join("evidence", "tenant-snapshot.json")), "the evidence snapshot was written");
    for (const e of entries) {
      assert.notEqual(e.kind, "other", `${e.name}: not a file or folder`);
      assert.equal(e.mode, e.kind === "dir" ? 0o700 : 0o600, `${e.name || "(out)"} has mode ${e.mode.toString(8)}`);
    }
  });
});
