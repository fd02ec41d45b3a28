import { phishingLikeSentContent } from "../../../src/rules/sent-mail/phishing-like-sent-content.js";
import { emptyMailBaseline, ok } from "../../helpers/evidence.js";
import { T0, at, makeEvidence, runCases, sentMessage, type Case } from "../mailbox/graph-shaped.js";

type O = typeof phishingLikeSentContent.defaultOptions;

const lure = (minutes: number, extra = {}) =>
  sentMessage(at(T0, minutes).time, { subject: "Adele shared a document with you", bodyPreview: "Review and sign the document", to: ["megan@contoso.example"], ...extra });

const cases: Case<O>[] = [
  {
    name: "single lure message is low confidence",
    evidence: makeEvidence({ sentItems: ok([lure(0)]) }),
    expect: { count: 1, maxConfidence: 0.31, matched: /shared a document/ },
  },
  {
    name: "prefix phrase 'password expir*' matches 'expires'",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "Your password expires today" })]) }),
    expect: { count: 1, matched: /password expir/ },
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
    evidence: makeEvidence({ sentItems: ok([lure(0), lure(1), lure(2), lure(3)]) }),
    expect: { count: 1, minConfidence: 0.5, adjustment: /4 messages/ },
  },
  {
    name: "invoices to the usual customers are discounted",
    evidence: makeEvidence({
      sentItems: ok([0, 1, 2].map((i) => sentMessage(at(T0, i).time, { subject: `Invoice 2026-${i}`, to: ["ap@fabrikam.example"] }))),
      mailBaseline: ok({ ...emptyMailBaseline(), messages: 50, activeDays: 10, recipientDomains: { "fabrikam.example": 40 } }),
    }),
    expect: { count: 1, maxConfidence: 0.31, adjustment: /already mailed/ },
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
