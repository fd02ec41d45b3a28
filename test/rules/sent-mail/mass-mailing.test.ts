import { massMailing } from "../../../src/rules/sent-mail/mass-mailing.js";
import { emptyMailBaseline, failed, ok } from "../../helpers/evidence.js";
import { T0, at, makeEvidence, runCases, sentMessage, type Case } from "../mailbox/graph-shaped.js";

type O = typeof massMailing.defaultOptions;

const quietBaseline = { ...emptyMailBaseline(), messages: 60, activeDays: 20, dailyCounts: { "2026-11-02": 3, "2026-11-03": 4 }, maxRecipientsPerMessage: 6 };
const bulkBaseline = { ...emptyMailBaseline(), messages: 2400, activeDays: 20, dailyCounts: { "2026-11-02": 130, "2026-11-03": 110 }, maxRecipientsPerMessage: 400 };
const burst = (count: number, subject = (i: number) => `Quote ${i}`, to = (i: number) => [`buyer${i}@client${i}.example`]) =>
  Array.from({ length: count }, (_, i) => sentMessage(at(T0, i).time, { subject: subject(i), to: to(i) }));
const colleagues = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@contoso.example`);
const outsiders = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@list${i}.example`);

const cases: Case<O>[] = [
  {
    name: "a day far above the baseline average fires",
    evidence: makeEvidence({ sentItems: ok(burst(45)), mailBaseline: ok(quietBaseline) }),
    expect: { count: 1, minConfidence: 0.49, matched: /45 on 2026-11-25 \(baseline 3\.0\)/ },
  },
  {
    name: "bulk sender whose baseline already shows the volume stays quiet",
    evidence: makeEvidence({ sentItems: ok([...burst(150), sentMessage(T0, { to: outsiders(300) })]), mailBaseline: ok(bulkBaseline) }),
    expect: { count: 0 },
  },
  {
    name: "few messages above ratio but under the daily minimum are quiet",
    evidence: makeEvidence({ sentItems: ok(burst(12)), mailBaseline: ok(quietBaseline) }),
    expect: { count: 0 },
  },
  {
    name: "no usable baseline: ratio not applied, volume alone is quiet",
    evidence: makeEvidence({ sentItems: ok(burst(45)), mailBaseline: ok({ ...emptyMailBaseline(), messages: 3, activeDays: 2 }) }),
    expect: { count: 0 },
  },
  {
    name: "one message to more than 50 recipients",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { to: outsiders(30), cc: outsiders(40).map((a) => a.replace("p", "q")) })]), mailBaseline: ok(quietBaseline) }),
    expect: { count: 1, matched: /70 recipients/ },
  },
  {
    name: "many BCC recipients, no baseline, is discounted a little",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { to: [], bcc: outsiders(25) })]), mailBaseline: failed() }),
    expect: { count: 1, matched: /25 BCC/, adjustment: /No usable sending baseline/ },
  },
  {
    name: "same subject to many colleagues (internal phish), with extra facets adding",
    evidence: makeEvidence({
      sentItems: ok(burst(30, () => "RE: Updated payroll portal", (i) => [colleagues(30)[i]])),
      mailBaseline: ok(quietBaseline),
    }),
    expect: { count: 1, minConfidence: 0.69, title: /colleagues/, adjustment: /Also: 30 messages/ },
  },
  {
    name: "a few colleagues on one subject is normal",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { subject: "Lunch", to: colleagues(8) })]), mailBaseline: ok(quietBaseline) }),
    expect: { count: 0 },
  },
  {
    name: "messages before the window are baseline",
    evidence: makeEvidence({ sentItems: ok([sentMessage("2026-11-10T00:00:00Z", { to: outsiders(80) })]), mailBaseline: ok(quietBaseline) }),
    expect: { count: 0 },
  },
  {
    name: "recipient objects ({emailAddress}) count like addresses",
    evidence: makeEvidence({ sentItems: ok([sentMessage(T0, { to: outsiders(60).map((address) => ({ emailAddress: { address } })) as never })]), mailBaseline: ok(quietBaseline) }),
    expect: { count: 1, matched: /60 recipients/ },
  },
  {
    name: "missing recipient lists are tolerated",
    evidence: makeEvidence({ sentItems: ok([{ id: "m1", ...at(T0), subject: "x" } as never]) }),
    expect: { count: 0 },
  },
];

runCases(massMailing, cases);
