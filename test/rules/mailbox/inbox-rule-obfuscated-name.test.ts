import { inboxRuleObfuscatedName } from "../../../src/rules/mailbox/inbox-rule-obfuscated-name.js";
import { failed, ok } from "../../helpers/evidence.js";
import { T0, auditRecord, inboxRule, makeEvidence, runCases, type Case } from "./graph-shaped.js";

type O = typeof inboxRuleObfuscatedName.defaultOptions;

const cases: Case<O>[] = [
  { name: "single dot (Elastic regex)", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "." })]) }), expect: { count: 1, minConfidence: 0.49, maxConfidence: 0.51, explanation: /no letter or digit/ } },
  { name: "punctuation run", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "..,;--" })]) }), expect: { count: 1 } },
  { name: "whitespace only", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "   " })]) }), expect: { count: 1 } },
  { name: "zero-width space is made visible in the title", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "\u200b" })]) }), expect: { count: 1, title: /\\u200b/ } },
  { name: "empty name", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "" })]) }), expect: { count: 1, explanation: /is empty/ } },
  { name: "two-letter name counts less", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "ab" })]) }), expect: { count: 1, maxConfidence: 0.41, explanation: /2 character/ } },
  { name: "ordinary name is quiet", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "Move newsletters" })]) }), expect: { count: 0 } },
  { name: "three letters with option 2 is quiet", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "VIP" })]) }), expect: { count: 0 } },
  { name: "option widens short names", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "VIP" })]) }), options: { maxShortNameLength: 3 }, expect: { count: 1 } },
  { name: "non-Latin name is not 'special characters'", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "Счета клиентов" })]) }), expect: { count: 0 } },
  { name: "disabled rule discounted", evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: ".", isEnabled: false })]) }), expect: { count: 1, adjustment: /disabled/ } },
  {
    name: "audit-log-only rule with evasive name (not returned by Graph) fires once",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ displayName: "Move newsletters" })]),
      auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "..", DeleteMessage: "True" })]),
    }),
    expect: { count: 1, explanation: /audit log/, firstSeen: "2026-11-25T09:00:00.000Z" },
  },
  {
    name: "audit record of a Graph-listed rule is not counted twice",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ displayName: "." })]),
      auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "." })]),
    }),
    expect: { count: 1, explanation: /^((?!audit log).)*$/ },
  },
  { name: "missing displayName is not read as empty", evidence: makeEvidence({ inboxRules: ok([{ id: "x", isEnabled: true } as never]) }), expect: { count: 0 } },
  { name: "rules not collected", evidence: makeEvidence({ inboxRules: failed() }), expect: { count: 0 } },
];

runCases(inboxRuleObfuscatedName, cases);
