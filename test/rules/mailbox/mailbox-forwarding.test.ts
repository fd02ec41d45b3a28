import { mailboxForwarding } from "../../../src/rules/mailbox/mailbox-forwarding.js";
import { failed, ok } from "../../helpers/evidence.js";
import { T0, at, auditRecord, inboxRule, makeEvidence, runCases, type Case } from "./graph-shaped.js";

type O = typeof mailboxForwarding.defaultOptions;

const cases: Case<O>[] = [
  {
    name: "Set-Mailbox external ForwardingSmtpAddress fires at 60",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Set-Mailbox", T0, { Identity: "adele", ForwardingSmtpAddress: "smtp:drop@protonmail.example" })]) }),
    expect: { count: 1, minConfidence: 0.74, maxConfidence: 0.76, floor: null, entities: { forwardTo: ["drop@protonmail.example"] } },
  },
  {
    name: "external forwarding without keeping a copy adds 10 and floors at high",
    evidence: makeEvidence({
      auditRecords: ok([auditRecord("Set-Mailbox", T0, { ForwardingSmtpAddress: "SMTP:Drop@Protonmail.example", DeliverToMailboxAndForward: "False" })]),
    }),
    expect: { count: 1, minConfidence: 0.87, floor: "high", adjustment: /DeliverToMailboxAndForward/ },
  },
  {
    name: "internal ForwardingAddress (recipient object) scores 20",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Set-Mailbox", T0, { ForwardingAddress: "Megan Bowen" })]) }),
    expect: { count: 1, maxConfidence: 0.26, explanation: /inside the organisation/ },
  },
  {
    name: "clearing forwarding ($null) is quiet",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Set-Mailbox", T0, { ForwardingSmtpAddress: "$null" })]) }),
    expect: { count: 0 },
  },
  {
    name: "forwarding cleared later is discounted",
    evidence: makeEvidence({
      auditRecords: ok([
        auditRecord("Set-Mailbox", T0, { ForwardingSmtpAddress: "drop@protonmail.example" }),
        auditRecord("Set-Mailbox", at(T0, 120).time, { ForwardingSmtpAddress: "" }),
      ]),
    }),
    expect: { count: 1, adjustment: /cleared later/ },
  },
  {
    name: "Set-Mailbox outside the window is history, not a finding",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Set-Mailbox", "2026-11-01T00:00:00Z", { ForwardingSmtpAddress: "drop@protonmail.example" })]) }),
    expect: { count: 0 },
  },
  {
    name: "failed cmdlet is ignored",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Set-Mailbox", T0, { ForwardingSmtpAddress: "drop@protonmail.example" }, { resultStatus: "False" })]) }),
    expect: { count: 0 },
  },
  {
    name: "UAL Parameters as raw [{Name, Value}] array are read",
    evidence: makeEvidence({
      auditRecords: ok([
        auditRecord("Set-Mailbox", T0, {}, {
          raw: { auditData: { "@odata.type": "#microsoft.graph.security.exchangeAdminAuditRecord", Parameters: [{ Name: "ForwardingSmtpAddress", Value: "smtp:drop@protonmail.example" }] } },
        }),
      ]),
    }),
    expect: { count: 1, entities: { forwardTo: ["drop@protonmail.example"] } },
  },
  {
    name: "Parameters under dynamicProperties with lower-case names are read",
    evidence: makeEvidence({
      auditRecords: ok([
        auditRecord("set-mailbox", T0, {}, { raw: { auditData: { dynamicProperties: { parameters: [{ name: "forwardingsmtpaddress", value: "drop@protonmail.example" }] } } } }),
      ]),
    }),
    expect: { count: 1 },
  },
  {
    name: "audit-only inbox rule forwarding externally (hidden from Graph) fires with MBX-01's impact",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ displayName: "Move newsletters" })]),
      auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "sync", ForwardTo: "drop@protonmail.example;megan@contoso.example", MoveToFolder: "RSS Feeds" })]),
    }),
    expect: { count: 1, impact: 85, floor: "high", entities: { forwardTo: ["drop@protonmail.example"], ruleNames: ["sync"] } },
  },
  {
    name: "inbox rule that Graph returns is left to inbox-rule-external-forward",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ displayName: "sync", forwardTo: ["drop@protonmail.example"] })]),
      auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "sync", ForwardTo: "drop@protonmail.example" })]),
    }),
    expect: { count: 0 },
  },
  {
    name: "Outlook UpdateInboxRules with a forward action in RuleActions",
    evidence: makeEvidence({
      auditRecords: ok([
        auditRecord("UpdateInboxRules", T0, {}, {
          raw: {
            OperationProperties: [
              { Name: "RuleName", Value: "x" },
              { Name: "RuleActions", Value: '[{"ActionType":"Forward","Recipients":["drop@protonmail.example"]}]' },
            ],
          },
        }),
      ]),
    }),
    expect: { count: 1, entities: { forwardTo: ["drop@protonmail.example"], ruleNames: ["x"] } },
  },
  {
    name: "inbox rule forwarding internally is quiet",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("New-InboxRule", T0, { Name: "team", RedirectTo: "megan@contoso.example" })]) }),
    expect: { count: 0 },
  },
  { name: "audit log not collected", evidence: makeEvidence({ auditRecords: failed("LICENSE_REQUIRED", "unavailable") }), expect: { count: 0 } },
];

runCases(mailboxForwarding, cases);
