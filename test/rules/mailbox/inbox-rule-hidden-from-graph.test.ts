import { inboxRuleHiddenFromGraph } from "../../../src/rules/mailbox/inbox-rule-hidden-from-graph.js";
import { failed, ok } from "../../helpers/evidence.js";
import { T0, at, auditRecord, inboxRule, makeEvidence, runCases, type Case } from "./graph-shaped.js";

type O = typeof inboxRuleHiddenFromGraph.defaultOptions;

const cases: Case<O>[] = [
  {
    name: "rule created in the window but absent from Graph",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ displayName: "Move newsletters" })]),
      auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "Security", SubjectContainsWords: "security;alert", DeleteMessage: "True" })]),
    }),
    expect: { count: 1, minConfidence: 0.7, entities: { ruleNames: ["Security"] }, adjustment: /deletes mail/ },
  },
  {
    name: "rule present in Graph (case and spacing differ) is quiet",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ displayName: "Security " })]),
      auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "security" })]),
    }),
    expect: { count: 0 },
  },
  {
    name: "rule removed later is not hidden",
    evidence: makeEvidence({
      inboxRules: ok([]),
      auditRecords: ok([
        auditRecord("New-InboxRule", T0, { Name: "tmp" }),
        auditRecord("Remove-InboxRule", at(T0, 60).time, { Identity: "adele@contoso.example\\tmp" }),
      ]),
    }),
    expect: { count: 0 },
  },
  {
    name: "Outlook removal through UpdateInboxRules RuleOperation",
    evidence: makeEvidence({
      inboxRules: ok([]),
      auditRecords: ok([
        auditRecord("UpdateInboxRules", T0, { RuleName: "tmp", RuleOperation: "AddMailboxRule" }),
        auditRecord("UpdateInboxRules", at(T0, 5).time, { RuleName: "tmp", RuleOperation: "RemoveMailboxRule" }),
      ]),
    }),
    expect: { count: 0 },
  },
  {
    name: "Set-InboxRule by numeric identity cannot be matched and is skipped",
    evidence: makeEvidence({ inboxRules: ok([]), auditRecords: ok([auditRecord("Set-InboxRule", T0, { Identity: "adele@contoso.example\\16287632812293967873" })]) }),
    expect: { count: 0 },
  },
  {
    name: "rule written before the window is baseline",
    evidence: makeEvidence({ inboxRules: ok([]), auditRecords: ok([auditRecord("New-InboxRule", "2026-11-01T00:00:00Z", { Name: "old" })]) }),
    expect: { count: 0 },
  },
  {
    name: "without actions the base confidence applies",
    evidence: makeEvidence({ inboxRules: ok([]), auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "Flag" })]) }),
    expect: { count: 1, maxConfidence: 0.51 },
  },
  {
    name: "Graph rules not collected: cannot compare",
    evidence: makeEvidence({ inboxRules: failed(), auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "x" })]) }),
    expect: { count: 0 },
  },
];

runCases(inboxRuleHiddenFromGraph, cases);
