import assert from "node:assert/strict";
import { test } from "node:test";
import { renderJson } from "../../src/render/json.js";
import { tenantReport } from "../fixtures/reports/tenant-report.js";

test("report.json is 2-space JSON in the builder's key order, ending in a newline", () => {
  const report = tenantReport();
  const text = renderJson(report);
  assert.deepEqual(JSON.parse(text), report);
  assert.ok(text.endsWith("}\n"));
  assert.match(text, /^\{\n {2}"schemaVersion": "1",\n {2}"tool": \{\n {4}"name": "phishtrail"/);
  assert.deepEqual(Object.keys(JSON.parse(text)), Object.keys(report));
});

test("the same model always gives the same bytes", () => {
  assert.equal(renderJson(tenantReport()), renderJson(tenantReport()));
});
