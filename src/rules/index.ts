import type { Config } from "../config/schema.js";
import type { RuleDescriptor } from "../report/types.js";
import { alertRules } from "./alerts/index.js";
import { appRules } from "./apps/index.js";
import { mailboxRules } from "./mailbox/index.js";
import { mfaRules } from "./mfa/index.js";
import { resolveRuleOptions, type ResolvedRule } from "./resolve-rules.js";
import { sentMailRules } from "./sent-mail/index.js";
import { signInRules } from "./sign-ins/index.js";
import { tenantRules } from "./tenant/index.js";
import type { AnyRule } from "./types.js";

export type { ResolvedRule } from "./resolve-rules.js";

/** The explicit registry (no file-system scanning), sorted by id. */
export const allRules: readonly AnyRule[] = [
  ...signInRules,
  ...mailboxRules,
  ...sentMailRules,
  ...mfaRules,
  ...appRules,
  ...alertRules,
  ...tenantRules,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

/** Enabled rules with their options merged from config.json (`file` names it in errors). */
export function resolveRules(config: Config, file = "config.json"): ResolvedRule[] {
  return resolveRuleOptions(config, allRules, file);
}

/** Rule metadata as report.json carries it, for renderers that must not import rules. */
export function describeRules(rules: readonly AnyRule[] = allRules): RuleDescriptor[] {
  return rules.map(({ meta }) => ({
    id: meta.id,
    title: meta.title,
    description: meta.description,
    severity: meta.severity,
    attack: [...meta.attack],
    category: meta.category,
    remediation: meta.remediation,
  }));
}
