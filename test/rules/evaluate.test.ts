import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { UserEvidence } from "../../src/collect/evidence.js";
import { parseConfig } from "../../src/config/load-config.js";
import { InputError } from "../../src/lib/errors.js";
import { evaluateTenant, evaluateUser, type RuleRunBase } from "../../src/rules/evaluate.js";
import { resolveRuleOptions } from "../../src/rules/resolve-rules.js";
import { defineRule, defineTenantRule, type AnyRule, type Detection, type RuleMeta } from "../../src/rules/types.js";
import { NOW, TEST_USER, WINDOW, emptyFacts, failed, makeEvidence, makeTenantEvidence, TEST_ORGANIZATION } from "../helpers/evidence.js";

const base: RuleRunBase = {
  now: NOW,
  window: WINDOW,
  config: parseConfig({}, "(test)"),
  facts: emptyFacts(),
  organization: TEST_ORGANIZATION,
};

function meta(id: string, extra: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    title: `Title of ${id}`,
    description: "A test rule.",
    severity: "medium",
    attack: ["T1078.004"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 60,
    remediation: "Fix it.",
    ...extra,
  };
}

function detection(extra: Partial<Detection> = {}): Detection {
  return {
    confidence: 0.5,
    firstSeen: "2026-11-25T10:00:00Z",
    lastSeen: "2026-11-25T11:00:00Z",
    explanation: "Something happened.",
    evidence: [{ source: "signIns", id: "s1", time: "2026-11-25T10:00:00Z", fields: { ipAddress: "203.0.113.9" } }],
    ...extra,
  };
}

function fixedRule(id: string, detections: Detection[], extra: Partial<RuleMeta> = {}) {
  return defineRule<Record<string, unknown>>({ meta: meta(id, extra), defaultOptions: {}, evaluate: () => detections });
}

function resolved(rules: AnyRule[], configInput: unknown = {}) {
  return resolveRuleOptions(parseConfig(configInput, "(test)"), rules);
}

describe("evaluateUser", () => {
  test("turns detections into findings: ids, meta fallbacks, overrides, clamping and extras", () => {
    const rule = fixedRule(
      "risky-thing",
      [
        detection(),
        detection({
          confidence: 1.7,
          impact: 90,
          title: "Override title",
          severity: "critical",
          attack: ["T1557"],
          matched: { threshold: ">= 5" },
          adjustments: [{ factor: 0.5, reason: "VPN" }],
          floor: { level: "high", reason: "decisive" },
          entities: { ips: ["203.0.113.9"] },
        }),
      ],
      { persistence: true, context: true },
    );
    const { findings, errors, skipped } = evaluateUser(makeEvidence(), resolved([rule]), base);
    assert.deepEqual(errors, []);
    assert.deepEqual(skipped, []);
    assert.equal(findings.length, 2);
    const [first, second] = findings;
    assert.equal(first.id, `risky-thing:${TEST_USER.id}:1`);
    assert.equal(second.id, `risky-thing:${TEST_USER.id}:2`);
    assert.equal(first.title, "Title of risky-thing");
    assert.equal(first.severity, "medium");
    assert.equal(first.impact, 60);
    assert.equal(first.score, 30);
    assert.deepEqual(first.attack, ["T1078.004"]);
    assert.deepEqual(first.adjustments, []);
    assert.equal(first.persistence, true);
    assert.equal(first.context, true);
    assert.equal(first.category, "sign-ins");
    assert.equal(first.floor, undefined);
    assert.equal(second.title, "Override title");
    assert.equal(second.severity, "critical");
    assert.equal(second.confidence, 1);
    assert.equal(second.score, 90);
    assert.deepEqual(second.attack, ["T1557"]);
    assert.deepEqual(second.matched, { threshold: ">= 5" });
    assert.deepEqual(second.floor, { level: "high", reason: "decisive" });
    assert.deepEqual(second.entities, { ips: ["203.0.113.9"] });
    assert.equal(second.firstSeen, "2026-11-25T10:00:00Z");
  });

  test("score is impact x confidence, rounded", () => {
    const rule = fixedRule("rounding", [detection({ confidence: 0.333, impact: 85 })]);
    const [finding] = evaluateUser(makeEvidence(), resolved([rule]), base).findings;
    assert.equal(finding.score, 28);
  });

  test("a rule whose required evidence was not collected is skipped, not an error or a finding", () => {
    let called = false;
    const rule = defineRule({
      meta: meta("needs-mail", { requires: ["signIns", "inboxRules", "authMethods"] }),
      defaultOptions: {},
      evaluate: () => {
        called = true;
        return [detection()];
      },
    });
    const evidence = makeEvidence({ inboxRules: failed(), authMethods: failed("LICENSE_REQUIRED", "unavailable") });
    const result = evaluateUser(evidence, resolved([rule]), base);
    assert.equal(called, false);
    assert.deepEqual(result.skipped, [{ ruleId: "needs-mail", missing: ["inboxRules", "authMethods"] }]);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.errors, []);
  });

  test("a throwing rule becomes an error naming the rule and the user; the others still run", () => {
    const broken = defineRule({
      meta: meta("broken-rule"),
      defaultOptions: {},
      evaluate: () => {
        throw new TypeError("cannot read properties of undefined");
      },
    });
    const fine = fixedRule("fine-rule", [detection()]);
    const result = evaluateUser(makeEvidence(), resolved([broken, fine]), base);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].ruleId, "broken-rule");
    assert.match(result.errors[0].message, /broken-rule/);
    assert.match(result.errors[0].message, /adele@contoso\.example/);
    assert.match(result.errors[0].message, /cannot read properties of undefined/);
    assert.deepEqual(result.findings.map((f) => f.ruleId), ["fine-rule"]);
  });

  test("a detection that cannot be reported is an error, not a broken finding", () => {
    const rule = fixedRule("nan-rule", [detection(), detection({ confidence: Number.NaN })]);
    const result = evaluateUser(makeEvidence(), resolved([rule]), base);
    assert.deepEqual(result.findings, []);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /nan-rule.*numeric confidence.*adele@contoso\.example/);
  });

  test("the rule receives the merged options and the shared context", () => {
    let seen: unknown;
    let seenNow: Date | undefined;
    const rule = defineRule({
      meta: meta("with-options"),
      defaultOptions: { threshold: 5, keywords: ["invoice"], strict: false },
      evaluate: (_evidence, ctx) => {
        seen = ctx.options;
        seenNow = ctx.now;
        return [];
      },
    });
    evaluateUser(makeEvidence(), resolved([rule], { rules: { "with-options": { options: { threshold: 9 } } } }), base);
    assert.deepEqual(seen, { threshold: 9, keywords: ["invoice"], strict: false });
    assert.equal(seenNow, NOW);
  });

  test("tenant rules are not run per user", () => {
    const tenantRule = defineTenantRule({
      meta: { ...meta("tenant-thing", { category: "tenant" }), scope: "tenant" },
      defaultOptions: {},
      evaluate: () => [detection()],
    });
    assert.deepEqual(evaluateUser(makeEvidence(), resolved([tenantRule]), base).findings, []);
  });
});

describe("evaluateTenant", () => {
  const other: UserEvidence = makeEvidence({ user: { ...TEST_USER, id: "u2", userPrincipalName: "bob@contoso.example" }, signIns: failed() });

  test("runs tenant rules once with the users whose required evidence is ok", () => {
    let users: readonly UserEvidence[] = [];
    const rule = defineTenantRule({
      meta: { ...meta("shared-destination", { category: "tenant" }), scope: "tenant" },
      defaultOptions: {},
      evaluate: (_tenant, given) => {
        users = given;
        return [detection()];
      },
    });
    const userRule = fixedRule("user-only", [detection()]);
    const result = evaluateTenant(makeTenantEvidence(), [makeEvidence(), other], resolved([rule, userRule]), base);
    assert.deepEqual(users.map((u) => u.user.id), [TEST_USER.id]);
    assert.deepEqual(result.findings.map((f) => f.id), ["shared-destination:tenant:1"]);
    assert.deepEqual(result.errors, []);
  });

  test("a throwing tenant rule is an error naming the rule and the tenant", () => {
    const rule = defineTenantRule({
      meta: { ...meta("tenant-broken", { category: "tenant" }), scope: "tenant" },
      defaultOptions: {},
      evaluate: () => {
        throw new Error("boom");
      },
    });
    const result = evaluateTenant(makeTenantEvidence(), [makeEvidence()], resolved([rule]), base);
    assert.deepEqual(result.findings, []);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /tenant-broken.*the tenant.*boom/);
  });
});

describe("resolveRuleOptions", () => {
  const rule = defineRule({
    meta: meta("configurable-rule"),
    defaultOptions: { threshold: 5, keywords: ["invoice", "wire"], strict: false },
    evaluate: () => [],
  });
  const plain = fixedRule("plain-rule", []);

  test("merges config options over defaults once, shallowly, and freezes them", () => {
    const [first, second] = resolved([rule, plain], { rules: { "configurable-rule": { options: { keywords: ["payroll"] } } } });
    assert.deepEqual(first.options, { threshold: 5, keywords: ["payroll"], strict: false });
    assert.ok(Object.isFrozen(first.options));
    assert.deepEqual(second.options, {});
    assert.equal(rule.defaultOptions.keywords.length, 2, "defaults are not mutated");
  });

  test("drops disabled rules", () => {
    const result = resolved([rule, plain], { rules: { "plain-rule": { enabled: false } } });
    assert.deepEqual(result.map((r) => r.rule.meta.id), ["configurable-rule"]);
  });

  const refuses = (configInput: unknown, pattern: RegExp) => {
    assert.throws(
      () => resolved([rule, plain], configInput),
      (error: unknown) => error instanceof InputError && error.exitCode === 2 && pattern.test(error.message),
    );
  };

  test("an unknown rule id names config.json rules.<id> and suggests the nearest id", () => {
    refuses({ rules: { "configurable-rul": { enabled: false } } }, /^config\.json: rules\.configurable-rul: .*did you mean "configurable-rule"/);
    refuses({ rules: { "no-such-rule": {} } }, /^config\.json: rules\.no-such-rule: there is no rule/);
  });

  test("an unknown option key names rules.<id>.options.<key>", () => {
    refuses({ rules: { "configurable-rule": { options: { treshold: 3 } } } }, /config\.json: rules\.configurable-rule\.options\.treshold: .*did you mean "threshold"/);
    refuses({ rules: { "plain-rule": { options: { x: 1 } } } }, /rules\.plain-rule\.options\.x: .*takes no options/);
  });

  test("an option of the wrong type names the key and the expected type", () => {
    refuses({ rules: { "configurable-rule": { options: { threshold: "5" } } } }, /rules\.configurable-rule\.options\.threshold: expected a number/);
    refuses({ rules: { "configurable-rule": { options: { keywords: "payroll" } } } }, /options\.keywords: expected an array like the default \["invoice","wire"\], got a string/);
    refuses({ rules: { "configurable-rule": { options: { keywords: ["ok", 3] } } } }, /options\.keywords\[1\]: expected a string, got a number/);
  });

  test("options of a disabled rule are still checked, and the file name is the one given", () => {
    assert.throws(
      () => resolveRuleOptions(parseConfig({ rules: { "plain-rule": { enabled: false, options: { x: 1 } } } }, "(test)"), [plain], "prod.json"),
      /prod\.json: rules\.plain-rule\.options\.x/,
    );
  });
});
