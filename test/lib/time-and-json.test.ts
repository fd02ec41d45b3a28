import assert from "node:assert/strict";
import { test } from "node:test";
import { InputError } from "../../src/lib/errors.js";
import { lineColumnAt, parseJsonText } from "../../src/lib/json-file.js";
import { parseDuration, resolveSince } from "../../src/lib/time.js";
import { redact, registerSecret } from "../../src/lib/log.js";

test("durations", () => {
  assert.equal(parseDuration("24h"), 86_400_000);
  assert.equal(parseDuration("7d"), 7 * 86_400_000);
  assert.equal(parseDuration("30m"), 1_800_000);
  assert.equal(parseDuration("7x"), undefined);
});

test("since: duration back from now, or ISO date; anything else is bad input", () => {
  const now = new Date("2026-11-27T06:00:00Z");
  assert.equal(resolveSince("24h", now, "--since").toISOString(), "2026-11-26T06:00:00.000Z");
  assert.equal(resolveSince("2026-11-01", now, "--since").toISOString(), "2026-11-01T00:00:00.000Z");
  assert.throws(() => resolveSince("yesterday", now, "--since"), /--since: "yesterday" is neither/);
});

test("JSON errors carry line and column", () => {
  assert.deepEqual(lineColumnAt("ab\ncd", 4), { line: 2, column: 2 });
  assert.throws(() => parseJsonText('{\n "a": 1,\n}', "snap.json"), (e: unknown) => e instanceof InputError && /snap\.json: invalid JSON at line 3, column 1/.test(e.message));
});

test("redaction removes registered secrets and bearer tokens", () => {
  registerSecret("s3cr3t-value-123");
  const text = redact("secret=s3cr3t-value-123 Authorization: Bearer abc.def.ghi eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig");
  assert.ok(!text.includes("s3cr3t-value-123"));
  assert.ok(!text.includes("abc.def.ghi"));
  assert.ok(!text.includes("eyJhbGciOiJIUzI1NiJ9"));
});
