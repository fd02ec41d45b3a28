import assert from "node:assert/strict";
import { test } from "node:test";
import { sanitizeForTerminal, summaryLine } from "../../src/render/terminal.js";
import { ANSI_PAYLOAD, PAYLOADS } from "../fixtures/reports/hostile.js";
import { report, user } from "../fixtures/reports/build.js";
import { tenantReport } from "../fixtures/reports/tenant-report.js";

test("summary line: users per level from critical down, gaps, output folder", () => {
  assert.equal(
    summaryLine(tenantReport(), "output/2026-11-27T060000Z"),
    "phishtrail: 6 users scanned -> 1 critical, 1 high, 1 medium, 1 low, 2 none; 3 data gaps; reports in output/2026-11-27T060000Z",
  );
});

test("summary line says when the run was incomplete and uses the singular for one", () => {
  const one = report([user({ id: "u1", userPrincipalName: "a@b.example", displayName: "A", coverage: [{ source: "signIns", status: "error", code: "X" }] })]);
  one.run.complete = false;
  assert.equal(summaryLine(one, "out"), "phishtrail: 1 user scanned -> 0 critical, 0 high, 0 medium, 0 low, 1 none; 1 data gap (incomplete); reports in out");
  one.summary.gaps = 0;
  assert.match(summaryLine(one, "out"), /; no data gaps \(incomplete\);/);
});

test("terminal text loses escape sequences whole, controls and bidi characters", () => {
  assert.equal(sanitizeForTerminal(ANSI_PAYLOAD), "redlink");
  assert.equal(sanitizeForTerminal(`a${PAYLOADS.bidi}\u2066b\u2069\r\nc\u0007\u009b31m`), "atxt.exebc");
  assert.equal(sanitizeForTerminal("plain <script> =HYPERLINK()"), "plain <script> =HYPERLINK()");
});

test("attacker text in the output folder cannot drive the terminal", () => {
  const line = summaryLine(tenantReport(), `out/${ANSI_PAYLOAD}${PAYLOADS.bidi}\n`);
  assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  assert.ok(line.endsWith("reports in out/redlinktxt.exe"));
});

test("zero-width characters cannot disguise a name in the terminal or the report", async () => {
  const { sanitizeForTerminal } = await import("../../src/render/terminal.js");
  const { neutraliseInvisible } = await import("../../src/render/text.js");
  assert.equal(sanitizeForTerminal("pay\u200Bpal\uFEFF"), sanitizeForTerminal("paypal"));
  assert.equal(neutraliseInvisible("pay\u200Bpal"), "pay⟦U+200B⟧pal");
});
