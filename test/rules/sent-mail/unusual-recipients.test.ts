import { unusualRecipients } from "../../../src/rules/sent-mail/unusual-recipients.js";
import { emptyMailBaseline, failed, ok } from "../../helpers/evidence.js";
import { T0, at, makeEvidence, runCases, sentMessage, type Case } from "../mailbox/graph-shaped.js";

type O = typeof unusualRecipients.defaultOptions;

const baseline = { ...emptyMailBaseline(), messages: 120, activeDays: 20, recipientDomains: { "contoso.example": 80, "fabrikam.example": 30, "northwind.example": 10 } };
const toDomains = (domains: string[]) => domains.map((d, i) => sentMessage(at(T0, i).time, { to: [`someone@${d}`] }));
const fresh = (n: number) => Array.from({ length: n }, (_, i) => `target${i}.example`);

const cases: Case<O>[] = [
  {
    name: "twelve never-seen domains making up most external mail fire",
    evidence: makeEvidence({ sentItems: ok(toDomains([...fresh(12), "fabrikam.example"])), mailBaseline: ok(baseline) }),
    expect: { count: 1, minConfidence: 0.39, maxConfidence: 0.41, matched: /12 new \(92%\)/ },
  },
  {
    name: "many more new domains raise confidence",
    evidence: makeEvidence({ sentItems: ok(toDomains(fresh(35))), mailBaseline: ok(baseline) }),
    expect: { count: 1, minConfidence: 0.55 },
  },
  {
    name: "new domains as a minority of a busy external correspondence are quiet",
    evidence: makeEvidence({
      sentItems: ok(toDomains([...fresh(10), ...Array.from({ length: 15 }, (_, i) => `known${i}.example`)])),
      mailBaseline: ok({ ...baseline, recipientDomains: { ...baseline.recipientDomains, ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`known${i}.example`, 3])) } }),
    }),
    expect: { count: 0 },
  },
  {
    name: "internal and partner domains never count as new",
    evidence: makeEvidence({
      sentItems: ok(toDomains(["contoso.example", "sub.contoso-mail.example", ...fresh(12).map((_, i) => `x${i}.partner.example`), ...fresh(2)])),
      mailBaseline: ok(baseline),
    }),
    context: { configInput: { allowLists: { partnerDomains: ["partner.example"] } } },
    expect: { count: 0 },
  },
  {
    name: "thin baseline: cannot judge",
    evidence: makeEvidence({ sentItems: ok(toDomains(fresh(20))), mailBaseline: ok({ ...baseline, messages: 5 }) }),
    expect: { count: 0 },
  },
  { name: "baseline not collected", evidence: makeEvidence({ sentItems: ok(toDomains(fresh(20))), mailBaseline: failed() }), expect: { count: 0 } },
  {
    name: "option lowers the threshold",
    evidence: makeEvidence({ sentItems: ok(toDomains(fresh(4))), mailBaseline: ok(baseline) }),
    options: { minNewDomains: 3 },
    expect: { count: 1 },
  },
];

runCases(unusualRecipients, cases);
