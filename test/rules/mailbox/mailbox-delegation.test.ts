import { mailboxDelegation } from "../../../src/rules/mailbox/mailbox-delegation.js";
import { ok } from "../../helpers/evidence.js";
import { T0, auditRecord, makeEvidence, runCases, type Case } from "./graph-shaped.js";

type O = typeof mailboxDelegation.defaultOptions;

const cases: Case<O>[] = [
  {
    name: "Add-MailboxPermission FullAccess fires at 30",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Add-MailboxPermission", T0, { Identity: "adele", User: "svc-sync@contoso.example", AccessRights: "FullAccess", InheritanceType: "All" })]) }),
    expect: { count: 1, minConfidence: 0.49, maxConfidence: 0.51, matched: /FullAccess/ },
  },
  {
    name: "Add-RecipientPermission SendAs to an external delegate is stronger",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Add-RecipientPermission", T0, { Identity: "adele", Trustee: "helper@outlook-mail.example", AccessRights: "SendAs" })]) }),
    expect: { count: 1, minConfidence: 0.74, adjustment: /outside the organisation/ },
  },
  {
    name: "Set-Mailbox GrantSendOnBehalfTo",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Set-Mailbox", T0, { Identity: "adele", GrantSendOnBehalfTo: "megan" })]) }),
    expect: { count: 1, title: /Send on Behalf/ },
  },
  {
    name: "Add-MailboxFolderPermission on the Inbox",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Add-MailboxFolderPermission", T0, { Identity: "adele@contoso.example:\\Inbox", User: "megan", AccessRights: "Reviewer" })]) }),
    expect: { count: 1, maxConfidence: 0.41 },
  },
  {
    name: "calendar sharing for an assistant is quiet",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Add-MailboxFolderPermission", T0, { Identity: "adele@contoso.example:\\Calendar", User: "megan", AccessRights: "Editor" })]) }),
    expect: { count: 0 },
  },
  {
    name: "free/busy folder permission is quiet",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Add-MailboxFolderPermission", T0, { Identity: "adele:\\Inbox", User: "Default", AccessRights: "AvailabilityOnly" })]) }),
    expect: { count: 0 },
  },
  {
    name: "ReadPermission only is not a takeover right",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Add-MailboxPermission", T0, { User: "megan", AccessRights: "ReadPermission" })]) }),
    expect: { count: 0 },
  },
  {
    name: "Deny entry is quiet",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Add-MailboxPermission", T0, { User: "megan", AccessRights: "FullAccess", Deny: "True" })]) }),
    expect: { count: 0 },
  },
  {
    name: "granted by an administrator is discounted",
    evidence: makeEvidence({
      auditRecords: ok([auditRecord("Add-MailboxPermission", T0, { User: "megan", AccessRights: "FullAccess" }, { userPrincipalName: "admin@contoso.example", raw: { UserType: 2 } })]),
    }),
    expect: { count: 1, maxConfidence: 0.26, adjustment: /administrator/ },
  },
  {
    name: "delegation before the window is baseline",
    evidence: makeEvidence({ auditRecords: ok([auditRecord("Add-MailboxPermission", "2026-11-01T00:00:00Z", { User: "megan", AccessRights: "FullAccess" })]) }),
    expect: { count: 0 },
  },
];

runCases(mailboxDelegation, cases);
