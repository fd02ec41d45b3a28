/**
 * Catalogue checks as ordinary tests (ESLint checkRuleFiles, typescript-eslint docs/index tests,
 * Prowler's CheckMetadata validators): every rule registered once under its file name, tested,
 * declaring only real evidence, with metadata fit for the report.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import { allRules } from "../../src/rules/index.js";
import type { RuleCategory } from "../../src/rules/types.js";
import { makeEvidence } from "../helpers/evidence.js";

// dist/test/rules/ -> repository root
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const RULES_DIR = join(ROOT, "src", "rules");
const TESTS_DIR = join(ROOT, "test", "rules");

const CATEGORIES: readonly RuleCategory[] = ["sign-ins", "mailbox", "sent-mail", "mfa", "apps", "alerts", "tenant"];
const SEVERITIES = ["info", "low", "medium", "high", "critical"];
const EVIDENCE_KEYS = new Set(Object.keys(makeEvidence()).filter((key) => key !== "user" && key !== "coverage"));
const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ATTACK_ID = /^T\d{4}(\.\d{3})?$/;
const DEFINES_RULE = /\bdefine(Tenant)?Rule\s*[<(]/;

/** Top-level .ts files of each category folder that define a rule (helpers live beside or below them). */
function ruleFiles(): { category: string; id: string; path: string }[] {
  const files: { category: string; id: string; path: string }[] = [];
  for (const category of CATEGORIES) {
    const dir = join(RULES_DIR, category);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!name.endsWith(".ts") || name === "index.ts" || !statSync(path).isFile()) continue;
      if (DEFINES_RULE.test(readFileSync(path, "utf8"))) files.push({ category, id: basename(name, ".ts"), path });
    }
  }
  return files;
}

const ids = allRules.map((rule) => rule.meta.id);

describe("rule catalogue", () => {
  test("the source tree is where the test expects it", () => {
    assert.ok(existsSync(join(RULES_DIR, "types.ts")), `no src/rules/types.ts under ${ROOT}`);
  });

  test("has at least 24 rules", () => {
    assert.ok(allRules.length >= 24, `only ${allRules.length} rules registered`);
  });

  test("every checklist area has rules", () => {
    const covered = new Set(allRules.map((rule) => rule.meta.category));
    assert.deepEqual(CATEGORIES.filter((category) => !covered.has(category)), []);
  });

  test("every rule is registered once, sorted by id, with a unique kebab-case id", () => {
    assert.equal(new Set(allRules).size, allRules.length, "a rule object is registered twice");
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], "duplicate ids");
    assert.deepEqual(ids.filter((id) => !KEBAB_CASE.test(id)), [], "ids that are not kebab-case");
    assert.deepEqual(ids, [...ids].sort(), "allRules is not sorted by id");
  });

  test("every rule file is registered, and meta.id equals its file name in its category folder", () => {
    const files = ruleFiles();
    const unregistered = files.filter((file) => !ids.includes(file.id)).map((file) => file.path);
    assert.deepEqual(unregistered, [], "rule files whose name is not a registered id");
    const misplaced = allRules
      .filter((rule) => {
        const path = join(RULES_DIR, rule.meta.category, `${rule.meta.id}.ts`);
        return !existsSync(path) || !readFileSync(path, "utf8").includes(`"${rule.meta.id}"`);
      })
      .map((rule) => `${rule.meta.category}/${rule.meta.id}.ts`);
    assert.deepEqual(misplaced, [], "registered rules without src/rules/<category>/<id>.ts declaring that id");
  });

  test("every rule has a test file test/rules/<category>/<id>.test.ts", () => {
    const missing = allRules
      .map((rule) => join(rule.meta.category, `${rule.meta.id}.test.ts`))
      .filter((path) => !existsSync(join(TESTS_DIR, path)));
    assert.deepEqual(missing, []);
  });

  for (const rule of allRules) {
    test(`${rule.meta.id}: metadata is complete and valid`, () => {
      const { meta } = rule;
      const problems: string[] = [];
      if (!CATEGORIES.includes(meta.category)) problems.push(`unknown category ${meta.category}`);
      if (!SEVERITIES.includes(meta.severity)) problems.push(`unknown severity ${meta.severity}`);
      const badKeys = meta.requires.filter((key) => !EVIDENCE_KEYS.has(key));
      if (badKeys.length) problems.push(`requires unknown evidence ${badKeys.join(", ")}`);
      const badAttack = meta.attack.filter((id) => !ATTACK_ID.test(id));
      if (badAttack.length) problems.push(`ATT&CK ids not like T1234 or T1234.001: ${badAttack.join(", ")}`);
      if (!meta.title.trim() || meta.title.length > 150) problems.push(`title must be 1..150 characters (${meta.title.length})`);
      if (/^ensure\b/i.test(meta.title)) problems.push('title starts with "Ensure"');
      if (!meta.description.trim() || meta.description.length > 400) problems.push(`description must be 1..400 characters (${meta.description.length})`);
      if (!meta.remediation?.trim()) problems.push("no remediation");
      if (!Number.isFinite(meta.impact) || meta.impact < 0 || meta.impact > 100) problems.push(`impact ${meta.impact} outside 0..100`);
      if (meta.context && meta.persistence) problems.push("both context and persistence");
      if (typeof rule.defaultOptions !== "object" || rule.defaultOptions === null || Array.isArray(rule.defaultOptions)) {
        problems.push("defaultOptions is not an object");
      }
      if (typeof rule.evaluate !== "function") problems.push("no evaluate()");
      assert.deepEqual(problems, []);
    });
  }
});
