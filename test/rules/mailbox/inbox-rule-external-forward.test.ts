import { inboxRuleExternalForward } from "../../../src/rules/mailbox/inbox-rule-external-forward.js";
import { emptyFacts, failed, ok } from "../../helpers/evidence.js";
import { auditRecord, inboxRule, makeEvidence, runCases, type Case } from "./graph-shaped.js";

type O = typeof inboxRuleExternalForward.defaultOptions;
const external = { emailAddress: "acct-team@outlook-mail.example" };

const cases: Case<O>[] = [
  {
    name: "forward to an external domain fires at the base confidence, no floor",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ displayName: "Accounts", forwardTo: [external.emailAddress] })]) }),
    expect: {
      count: 1,
      minConfidence: 0.64,
      maxConfidence: 0.66,
      floor: null,
      matched: /outlook-mail\.example/,
      entities: { forwardTo: ["acct-team@outlook-mail.example"], ruleNames: ["Accounts"] },
    },
  },
  {
    name: "forward plus move to RSS Feeds and mark as read raises confidence and floors at high",
    evidence: makeEvidence({
      inboxRules: ok([
        inboxRule({
          displayName: ".",
          keywords: ["invoice", "payment", "wire"],
          redirectTo: ["SMTP:Acct-Team@Outlook-Mail.example"],
          moveToFolderId: "AAMkADRm...AAA=",
          moveToFolderName: "RSS Feeds",
          markAsRead: true,
        }),
      ]),
    }),
    expect: { count: 1, minConfidence: 0.8, floor: "high", adjustment: /moves to RSS Feeds, marks as read/, entities: { forwardTo: ["acct-team@outlook-mail.example"], ruleNames: ["."] } },
  },
  {
    name: "forward as attachment with permanent delete counts as hiding",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ forwardAsAttachmentTo: ["x@evil.example"], permanentDelete: true })]) }),
    expect: { count: 1, floor: "high", explanation: /permanently deletes/ },
  },
  {
    name: "internal forward to a colleague is quiet",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ forwardTo: ["megan@contoso.example", "lee@mail.contoso-mail.example"] })]) }),
    expect: { count: 0 },
  },
  {
    name: "partner domain from config is quiet",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ forwardTo: ["ap@fabrikam-partner.example"] })]) }),
    context: { configInput: { allowLists: { partnerDomains: ["fabrikam-partner.example"] } } },
    expect: { count: 0 },
  },
  {
    name: "disabled rule is quiet",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ isEnabled: false, forwardTo: ["x@evil.example"] })]) }),
    expect: { count: 0 },
  },
  {
    name: "without accepted domains the user's own UPN domain still counts as internal",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ forwardTo: ["megan@contoso.example"] })]) }),
    context: { facts: emptyFacts({ acceptedDomains: new Set() }) },
    expect: { count: 0 },
  },
  {
    name: "X.500 address without a domain is not treated as external",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ forwardTo: ["/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=megan"] })]) }),
    expect: { count: 0 },
  },
  {
    name: "rule last written before the window is discounted",
    evidence: makeEvidence({
      inboxRules: ok([inboxRule({ displayName: "To my gmail", forwardTo: ["adele.home@gmail.example"] })]),
      auditRecords: ok([auditRecord("New-InboxRule", "2026-10-25T10:00:00Z", { Name: "To my gmail", ForwardTo: "adele.home@gmail.example" })]),
    }),
    expect: { count: 1, maxConfidence: 0.5, adjustment: /before the investigation window/, firstSeen: "2026-10-25T10:00:00.000Z" },
  },
  {
    name: "destination shared with other investigated users is named in the explanation",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ forwardTo: ["drop@evil.example"] })]) }),
    context: { facts: emptyFacts({ forwardingOwners: new Map([["drop@evil.example", ["u1", "u2"]]]) }) },
    expect: { count: 1, explanation: /also receives mail forwarded from other investigated users/ },
  },
  {
    name: "missing optional arrays and recipient lists are tolerated",
    evidence: makeEvidence({
      inboxRules: ok([{ id: "AQAAAK7xQ3E=", displayName: "x", isEnabled: true, forwardTo: ["x@evil.example"] } as never]),
    }),
    expect: { count: 1 },
  },
  {
    name: "Graph recipient objects without a name are read too",
    evidence: makeEvidence({ inboxRules: ok([inboxRule({ forwardTo: [{ emailAddress: { address: "x@evil.example" } }] as never })]) }),
    expect: { count: 1, entities: { forwardTo: ["x@evil.example"], ruleNames: ["Move newsletters"] } },
  },
  {
    name: "inbox rules not collected: nothing",
    evidence: makeEvidence({ inboxRules: failed("ErrorAccessDenied") }),
    expect: { count: 0 },
  },
];

runCases(inboxRuleExternalForward, cases);
