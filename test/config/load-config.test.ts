import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig, parseConfig } from "../../src/config/load-config.js";
import { InputError } from "../../src/lib/errors.js";

function writeTemp(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pt-config-"));
  const path = join(dir, "config.json");
  writeFileSync(path, text);
  return path;
}

test("defaults fill every section", () => {
  const config = parseConfig({}, "x.json");
  assert.equal(config.scan.since, "7d");
  assert.equal(config.scan.baselineDays, 30);
  assert.equal(config.scoring.ticketThreshold, "medium");
  assert.deepEqual(config.scan.formats, ["html", "pdf", "csv", "json"]);
});

test("the shipped config.json is valid and equals the defaults", () => {
  const shipped = loadConfig("config.json").config;
  assert.deepEqual(shipped, parseConfig({}, "(defaults)"));
  assert.ok(readFileSync("config.json", "utf8").length > 0);
});

const badCases: { name: string; text: string; expect: RegExp }[] = [
  { name: "unknown top-level key", text: `{"scann": {}}`, expect: /config\.json: unknown key "scann"/ },
  { name: "unknown nested key", text: `{"scan": {"sinse": "7d"}}`, expect: /unknown key "scan\.sinse"/ },
  { name: "wrong type", text: `{"scan": {"baselineDays": "30"}}`, expect: /scan\.baselineDays: Expected number, received string/ },
  { name: "bad enum", text: `{"scoring": {"ticketThreshold": "severe"}}`, expect: /scoring\.ticketThreshold/ },
  { name: "trailing comma", text: `{\n  "scan": {"since": "7d",}\n}`, expect: /config\.json: invalid JSON at line 2, column \d+/ },
];

for (const c of badCases) {
  test(`bad config: ${c.name} -> InputError naming file and key`, () => {
    const path = writeTemp(c.text);
    assert.throws(
      () => loadConfig(path),
      (error: unknown) => error instanceof InputError && error.exitCode === 2 && c.expect.test(error.message),
    );
  });
}

test("an explicitly named missing config is an error; the default missing one is not", () => {
  assert.throws(() => loadConfig("/nonexistent/phishtrail.json"), InputError);
});

test("allow-list entries are validated: a typo in a range must not silently stop matching", () => {
  assert.throws(() => parseConfig({ allowLists: { ipRanges: ["203.0.113.0/24", "10.0.0.0/33"] } }, "c.json"), /c\.json: allowLists\.ipRanges\.1: not an IP address or CIDR range/);
  assert.throws(() => parseConfig({ allowLists: { countries: ["GBR"] } }, "c.json"), /allowLists\.countries\.0: expected an ISO 3166 alpha-2/);
  assert.deepEqual(parseConfig({ allowLists: { ipRanges: ["2001:db8::/32", "198.51.100.7"] } }, "c.json").allowLists.ipRanges, ["2001:db8::/32", "198.51.100.7"]);
});
