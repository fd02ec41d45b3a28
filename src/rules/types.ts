import type { Config } from "../config/schema.js";
import type {
  InvestigationWindow,
  Organization,
  TenantEvidence,
  UserEvidence,
} from "../collect/evidence.js";
import type { TenantFacts } from "../derive/tenant-facts.js";
import type { Adjustment, EvidenceItem, Severity } from "../report/types.js";

/** Evidence keys a rule may declare; the runner checks each is `ok` before evaluating. */
export type EvidenceKey = Exclude<keyof UserEvidence, "user" | "coverage">;

export type RuleCategory = "sign-ins" | "mailbox" | "sent-mail" | "mfa" | "apps" | "alerts" | "tenant";

export interface RuleMeta {
  /** kebab-case noun of the bad state; equals the file name. */
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** MITRE ATT&CK technique ids. */
  attack: string[];
  category: RuleCategory;
  /**
   * Evidence the rule needs. All must be `ok` for the rule to run; a missing one makes the
   * rule "not evaluated" for that user (visible through coverage), never a silent pass.
   */
  requires: EvidenceKey[];
  /** What it means if true, 0..100 (score = impact x confidence). */
  impact: number;
  /** Context-only detections (new country, new method...): their total contribution is capped. */
  context?: boolean;
  /** Persistence (rules, forwarding, methods, consents): never discounted by a reset/revocation. */
  persistence?: boolean;
  remediation: string;
}

/** What a rule returns per detection; the runner turns it into a report Finding. */
export interface Detection {
  /** 0..1: how sure the evidence is, after adjustments. */
  confidence: number;
  /** Overrides meta.impact for this detection (e.g. success vs interrupt). */
  impact?: number;
  severity?: Severity;
  /** Overrides meta.title (e.g. naming the rule or IP). */
  title?: string;
  attack?: string[];
  firstSeen: string;
  lastSeen: string;
  explanation: string;
  matched?: { keyword?: string; threshold?: string; observed?: string };
  adjustments?: Adjustment[];
  evidence: EvidenceItem[];
  /**
   * Overrides meta.context for this detection: e.g. a method change is context only while no
   * risky sign-in correlates it (detections.md §8.3 "MFA-03 base").
   */
  context?: boolean;
  /** Decisive evidence: sets a floor on the user's level (detections.md §8 bands and floors). */
  floor?: { level: "high" | "critical"; reason: string };
  /** Values other users may share (cross-user patterns). */
  entities?: { ips?: string[]; forwardTo?: string[]; ruleNames?: string[]; appIds?: string[]; phones?: string[] };
}

export interface RuleContext<O> {
  now: Date;
  window: InvestigationWindow;
  options: Readonly<O>;
  config: Config;
  facts: TenantFacts;
  organization: Organization | null;
}

export interface UserRule<O = Record<string, unknown>> {
  meta: RuleMeta & { scope?: "user" };
  defaultOptions: O;
  evaluate(evidence: UserEvidence, ctx: RuleContext<O>): Detection[];
}

export interface TenantRule<O = Record<string, unknown>> {
  meta: RuleMeta & { scope: "tenant" };
  defaultOptions: O;
  evaluate(tenant: TenantEvidence, users: readonly UserEvidence[], ctx: RuleContext<O>): Detection[];
}

export type AnyRule = UserRule<any> | TenantRule<any>;

/** Identity helper that fixes the option type (typescript-eslint's RuleCreator idea). */
export function defineRule<O>(rule: UserRule<O>): UserRule<O> {
  return rule;
}
export function defineTenantRule<O>(rule: TenantRule<O>): TenantRule<O> {
  return rule;
}
