import type { Config } from "../config/schema.js";
import { InputError } from "../lib/errors.js";
import type { AnyRule } from "./types.js";

/** A rule ready to run: its options merged once from defaults and config.json. */
export interface ResolvedRule {
  rule: AnyRule;
  options: Readonly<Record<string, unknown>>;
}

type ValueKind = "string" | "number" | "boolean" | "array" | "object" | "null";

function kindOf(value: unknown): ValueKind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" ? type : "object";
}

const withArticle = (kind: ValueKind) => `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function didYouMean(name: string, candidates: readonly string[]): string {
  const suggestion = closest(name, candidates);
  return suggestion ? ` (did you mean "${suggestion}"?)` : "";
}

/**
 * Checks one configured option against the rule's default: same key, same JSON kind, and for a
 * non-empty default array, elements of the default's element kind.
 */
function checkOption(file: string, ruleId: string, key: string, value: unknown, defaults: Record<string, unknown>): void {
  const where = `${file}: rules.${ruleId}.options.${key}`;
  if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
    const known = Object.keys(defaults);
    const list = known.length ? `its options are ${known.join(", ")}` : "it takes no options";
    throw new InputError(`${where}: rule "${ruleId}" has no option "${key}"${didYouMean(key, known)}; ${list}.`, "BAD_CONFIG");
  }
  const expected = kindOf(defaults[key]);
  const actual = kindOf(value);
  if (expected !== actual) {
    throw new InputError(`${where}: expected ${withArticle(expected)} like the default ${JSON.stringify(defaults[key])}, got ${withArticle(actual)}.`, "BAD_CONFIG");
  }
  const sample = Array.isArray(defaults[key]) ? (defaults[key] as unknown[])[0] : undefined;
  if (sample !== undefined && Array.isArray(value)) {
    const elementKind = kindOf(sample);
    const index = value.findIndex((element) => kindOf(element) !== elementKind);
    if (index >= 0) {
      throw new InputError(`${where}[${index}]: expected ${withArticle(elementKind)}, got ${withArticle(kindOf(value[index]))}.`, "BAD_CONFIG");
    }
  }
}

/**
 * Merges each rule's `defaultOptions` with `config.rules[id].options` once, outside the rule
 * (shallow: a configured key replaces the default), and drops disabled rules. A config entry
 * for an unknown rule, an unknown option or an option of the wrong type is an InputError naming
 * the key, so a typo never silently falls back to a default.
 */
export function resolveRuleOptions(config: Config, rules: readonly AnyRule[], file = "config.json"): ResolvedRule[] {
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));
  const ids = [...byId.keys()];
  for (const id of Object.keys(config.rules)) {
    if (!byId.has(id)) {
      throw new InputError(
        `${file}: rules.${id}: there is no rule "${id}"${didYouMean(id, ids)}; remove the key or use a rule id listed in report.json "rules".`,
        "BAD_CONFIG",
      );
    }
  }
  const resolved: ResolvedRule[] = [];
  for (const rule of rules) {
    const entry = config.rules[rule.meta.id];
    const defaults = rule.defaultOptions as Record<string, unknown>;
    for (const [key, value] of Object.entries(entry?.options ?? {})) checkOption(file, rule.meta.id, key, value, defaults);
    if (entry && !entry.enabled) continue;
    resolved.push({ rule, options: Object.freeze({ ...defaults, ...entry?.options }) });
  }
  return resolved;
}
