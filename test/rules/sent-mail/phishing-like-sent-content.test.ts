import { phishingLikeSentContent } from "../../../src/rules/sent-mail/phishing-like-sent-content.js";
import { emptyMailBaseline, ok } from "../../helpers/evidence.js";
import { T0, at, makeEvidence, runCases, sentMessage, type Case } from "../mailbox/graph-shaped.js";

type O = typeof phishingLikeSentContent.defaultOptions;

const lure = (minutes: number, extra = {}) =>
  sentMessage(at(T0, minutes).time, { subject: "Adele shared a document with you", bodyPreview: "Review and sign the document", to: ["megan@contoso.example"], ...extra });

/** `n` distinct colleagues, starting at `from`. */
const colleagues = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `colleague${from + i}@contoso.example`);

const withTenant = { facts: { sprayIps: new Map(), phoneOwners: new Map(), forwardingOwners: new Map(), acceptedDomains: new Set(["contoso.example", "contoso.onmicrosoft.com"]) } };

const cases: Case<O>[] = [
  {
    name: "a single lure word without a link is ordinary business mail (MAIL-01 needs URLs or mass sending)",
    evidence: makeEvidence({ sentItems: ok([lure(0), sentMessage(T0, { subject: "Invoice query from Northwind", to: ["megan@contoso.example", "sam@contoso.example"] })]) }),
    expect: { count: 0 },
  },
  {
    name: "a lure to a few colleagues, below the campaign size, is not flagged",
    evidence: makeEvidence({ sentItems: ok([lure(0, { to: colleagues(4) }), lure(1, { to: colleagues(4, 4) })]) }),
    expect: { count: 0 },
  },
  {
    name: "the same lure subject reaching 12 colleagues over a week is a recurring topic, not a campaign",
    evidence: makeEvidence({ sentItems: ok([0, 1, 2, 3].map((day) => lure((day - 3) * 24 * 60, { to: colleagues(3, day * 3) }))) }),
    expect: { count: 0 },
  },
  {
    name: "a lure sent to 10 colleagues without a link is an internal campaign; 'password expir*' matches 'expires'",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "Your password expires today", bcc: colleagues(10) })]) }),
    expect: { count: 1, maxConfidence: 0.31, matched: /password expir/ },
  },
  {
    name: "a lure campaign no larger than the user's usual mailings is not flagged",
    evidence: makeEvidence({
      sentItems: ok([sentMessage(T0, { subject: "Your password expires today", to: colleagues(12) })]),
      mailBaseline: ok({ ...emptyMailBaseline(), messages: 80, activeDays: 20, maxRecipientsPerMessage: 40 }),
    }),
    expect: { count: 0 },
  },
  {
    name: "lure plus raw-IP link",
    evidence: makeEvidence({ sentItems: ok([lure(0, { urls: ["http://185.220.101.47/login.php"] })]) }),
    expect: { count: 1, minConfidence: 0.55, explanation: /raw IP/ },
  },
  {
    name: "look-alike of the accepted domain",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "Re: the files", urls: ["https://contoso-sso.example/auth"] })]) }),
    expect: { count: 1, explanation: /imitates the organisation's domain/ },
  },
  {
    name: "one-letter typo of a long brand counts as a look-alike",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "hi", urls: ["https://c0ntoso.example/x"] })]) }),
    expect: { count: 1 },
  },
  {
    name: "link text showing another domain than the href",
    evidence: makeEvidence({
      sentItems: ok([sentMessage(T0, { subject: "Voicemail received", links: [{ url: "https://evil-host.example/vm", text: "https://portal.office.com/voicemail" }] })]),
    }),
    expect: { count: 1, minConfidence: 0.55, explanation: /shows portal\.office\.com but it points to evil-host\.example/ },
  },
  {
    name: "URL shortener",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "see this", urls: ["https://bit.ly/3xYz"] })]) }),
    expect: { count: 1, explanation: /shortener bit\.ly/ },
  },
  {
    name: "several lure messages to colleagues form a campaign",
    evidence: makeEvidence({ sentItems: ok([0, 1, 2, 3].map((i) => lure(i, { to: colleagues(4, i * 4) }))) }),
    expect: { count: 1, minConfidence: 0.5, adjustment: /4 messages/ },
  },
  {
    name: "linked invoices to the usual customers are discounted",
    evidence: makeEvidence({
      sentItems: ok([0, 1, 2].map((i) => sentMessage(at(T0, i).time, { subject: `Invoice 2026-${i}`, to: ["ap@fabrikam.example"], urls: ["https://bit.ly/inv"] }))),
      mailBaseline: ok({ ...emptyMailBaseline(), messages: 50, activeDays: 10, recipientDomains: { "fabrikam.example": 40 } }),
    }),
    expect: { count: 1, maxConfidence: 0.47, adjustment: /already mailed/ },
  },
  {
    name: "links to the tenant's own SharePoint and OneDrive are not look-alikes",
    evidence: makeEvidence({
      sentItems: ok([sentMessage(T0, { subject: "Shared a file", urls: ["https://contoso.sharepoint.com/sites/x", "https://contoso-my.sharepoint.com/personal/a"] })]),
    }),
    context: withTenant,
    expect: { count: 0 },
  },
  {
    name: "another tenant's SharePoint one letter from the brand is still a look-alike",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "Shared a file", urls: ["https://c0ntoso.sharepoint.com/sites/x"] })]) }),
    context: withTenant,
    expect: { count: 1, explanation: /c0ntoso\.sharepoint\.com imitates/ },
  },
  {
    name: "word inside a longer word is not a lure (whole words)",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "Invoiced amounts and voicemails policy" })]) }),
    expect: { count: 0 },
  },
  {
    name: "ordinary links to own and well-known domains are quiet",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "Agenda", urls: ["https://contoso.example/wiki", "https://www.wikipedia.org/"], links: [{ url: "https://contoso.example/wiki", text: "contoso.example/wiki" }] })]) }),
    expect: { count: 0 },
  },
  {
    name: "short brand does not match a word one letter away",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "x", urls: ["https://acne-care.example"] })]) }),
    context: { facts: { sprayIps: new Map(), phoneOwners: new Map(), forwardingOwners: new Map(), acceptedDomains: new Set(["acme.example"]) } },
    expect: { count: 0 },
  },
  {
    name: "malformed URL and missing fields are tolerated",
    evidence: makeEvidence({ sentItems: ok([{ id: "m", ...at(T0), urls: ["http://"] } as never]) }),
    expect: { count: 0 },
  },
];

runCases(phishingLikeSentContent, cases);
