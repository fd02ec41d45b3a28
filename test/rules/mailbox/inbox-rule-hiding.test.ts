import { inboxRuleHiding } from "../../../src/rules/mailbox/inbox-rule-hiding.js";
import { ok } from "../../helpers/evidence.js";
import { inboxRule, makeEvidence, runCases, type Case } from "./graph-shaped.js";

type O = typeof inboxRuleHiding.defaultOptions;

const cases: Case<O>[] = [
  {
    name: "Sentinel generic keyword + delete fires at 60",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "Clean", keywords: ["Suspicious sign-in"], delete: true })]) }),
    expect: { count: 1, minConfidence: 0.74, maxConfidence: 0.76, matched: /suspicious/i, entities: { ruleNames: ["Clean"] } },
  },
  {
    name: "BEC keywords + move to RSS Subscriptions fires",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ keywords: ["Wire transfer", "IBAN change"], moveToFolderId: "AAMk=", moveToFolderName: "RSS Subscriptions" })]),
    }),
    expect: { count: 1, minConfidence: 0.74, explanation: /moves to RSS Subscriptions/ },
  },
  {
    name: "phrase keyword across extra whitespace matches, well-known folder name resolves",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ keywords: ["Please DO  NOT   click"], moveToFolderName: "junkemail" })]) }),
    expect: { count: 1, matched: /do not click/ },
  },
  {
    name: "keyword only as part of a longer word does not match (whole words)",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ keywords: ["documentation", "alerting", "wireless"], delete: true })]) }),
    expect: { count: 0 },
  },
  {
    name: "PO# keyword matches with digits following",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ keywords: ["PO#4471"], permanentDelete: true })]) }),
    expect: { count: 1, matched: /PO#/ },
  },
  {
    name: "NUL character in body keywords counts as a keyword match (Elastic)",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ keywords: ["\u0000"], delete: true })]) }),
    expect: { count: 1, matched: /NUL/ },
  },
  {
    name: "keyword but move to a user folder does not fire",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ keywords: ["invoice"], moveToFolderName: "Invoices 2026" })]) }),
    expect: { count: 0 },
  },
  {
    name: "benign newsletter filter (move by sender to a user folder) is quiet",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ fromAddresses: ["news@contoso-news.example"], moveToFolderName: "Newsletters", markAsRead: true })]),
    }),
    expect: { count: 0 },
  },
  {
    name: "sender-only rule moving to Archive without keywords is quiet",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ fromAddresses: ["digest@vendor.example"], moveToFolderName: "Archive" })]) }),
    expect: { count: 0 },
  },
  {
    name: "all mail moved and marked read fires at 55 (Defender playbook)",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "..", matchesAllMail: true, moveToFolderName: "Conversation History", markAsRead: true })]) }),
    expect: { count: 1, minConfidence: 0.68, maxConfidence: 0.69, matched: /all mail/ },
  },
  {
    name: "all mail deleted fires",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ matchesAllMail: true, delete: true })]) }),
    expect: { count: 1, explanation: /every incoming message/ },
  },
  {
    name: "all mail moved without mark-as-read is quiet",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ matchesAllMail: true, moveToFolderName: "Archive" })]) }),
    expect: { count: 0 },
  },
  {
    name: "disabled hiding rule is discounted",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ isEnabled: false, keywords: ["phishing"], delete: true })]) }),
    expect: { count: 1, maxConfidence: 0.4, adjustment: /disabled/ },
  },
  {
    name: "keyword list override from config options",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ keywords: ["rechnung"], delete: true })]) }),
    options: { keywords: ["factura"] },
    expect: { count: 0 },
  },
  {
    name: "rule with missing keyword array and folder name is tolerated",
    evidence: makeEvidence({ inboxRules: ok([{ id: "AQAAAK7xQ3E=", displayName: "x", isEnabled: true, delete: true } as never]) }),
    expect: { count: 0 },
  },
];

runCases(inboxRuleHiding, cases);
