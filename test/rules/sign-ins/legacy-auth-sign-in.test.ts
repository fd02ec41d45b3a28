import { describe } from "node:test";
import { legacyAuthSignIn } from "../../../src/rules/sign-ins/legacy-auth-sign-in.js";
import { TEST_USER, failed, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_IP, HOME_IP, PLACES, T0, at, baselineOf, failedStatus, runCases, series, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof legacyAuthSignIn.defaultOptions;

const baseline = ok(baselineOf({ beta: false }));
const imapAbroad = signIn({ clientAppUsed: "IMAP4", ipAddress: ATTACKER_IP, location: PLACES.lagos, deviceDetail: { operatingSystem: null, browser: null } });
const printerHistory = series(12, "2026-11-01T07:00:00Z", 86_400, { clientAppUsed: "Authenticated SMTP", isInteractive: false });
const printerBaseline = ok(baselineOf({ beta: false, extra: printerHistory }));
const printerNow = signIn({ clientAppUsed: "Authenticated SMTP", isInteractive: false, createdDateTime: at(T0, 30) });

const cases: Case<O>[] = [
  {
    name: "IMAP success from a new country, client never used: high",
    evidence: makeEvidence({ signIns: ok([signIn(), imapAbroad]), signInBaseline: baseline }),
    expect: {
      count: 1,
      minConfidence: 0.84,
      maxConfidence: 0.84,
      severity: "high",
      title: /Legacy-protocol sign-in \(IMAP4\) from 203\.0\.113\.0\/24/,
      explanation: /never used IMAP4 in the baseline/,
      adjustment: /NG, a country the user never signed in from/,
      matched: /^IMAP4 \|/,
      ips: [ATTACKER_IP],
      evidenceIds: [imapAbroad.id],
    },
  },
  {
    name: "a known printer (same client, same network as in the baseline) is much lower",
    evidence: makeEvidence({ signIns: ok([printerNow]), signInBaseline: printerBaseline }),
    expect: { count: 1, maxConfidence: 0.15, severity: "medium", adjustment: /already in the user's baseline \(a printer/, explanation: /used Authenticated SMTP before \(12 baseline sign-ins\)/ },
  },
  {
    name: "a known client from a new network in the home country keeps the base confidence",
    evidence: makeEvidence({
      signIns: ok([signIn({ clientAppUsed: "Authenticated SMTP", ipAddress: "192.0.2.50", location: PLACES.manchester })]),
      signInBaseline: printerBaseline,
    }),
    expect: { count: 1, minConfidence: 0.6, maxConfidence: 0.6, noAdjustment: /baseline|country/ },
  },
  {
    name: "log-query casing (MAPI Over HTTP) is legacy too",
    evidence: makeEvidence({ signIns: ok([signIn({ clientAppUsed: "MAPI Over HTTP", ipAddress: ATTACKER_IP, location: PLACES.paris })]), signInBaseline: baseline }),
    expect: { count: 1, title: /MAPI over HTTP/i },
  },
  {
    name: "'Other clients' is legacy",
    evidence: makeEvidence({ signIns: ok([signIn({ clientAppUsed: "Other clients", ipAddress: ATTACKER_IP })]), signInBaseline: baseline }),
    expect: { count: 1 },
  },
  {
    name: "modern clients are not legacy",
    evidence: makeEvidence({
      signIns: ok([signIn({ ipAddress: ATTACKER_IP }), signIn({ clientAppUsed: "Mobile Apps and Desktop clients", ipAddress: ATTACKER_IP })]),
      signInBaseline: baseline,
    }),
    expect: { count: 0 },
  },
  {
    name: "failed legacy attempts are not successes",
    evidence: makeEvidence({ signIns: ok([signIn({ clientAppUsed: "IMAP4", ipAddress: ATTACKER_IP, ...failedStatus(50126) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "without a baseline: base confidence, and the explanation says what was not checked",
    evidence: makeEvidence({ signIns: ok([imapAbroad]), signInBaseline: failed() }),
    expect: { count: 1, minConfidence: 0.6, maxConfidence: 0.6, explanation: /Not checked: whether this client and network are the user's usual ones/ },
  },
  {
    name: "an allow-listed range lowers confidence",
    evidence: makeEvidence({ signIns: ok([printerNow]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { ipRanges: [`${HOME_IP}/32`] } } },
    expect: { count: 1, maxConfidence: 0.18, adjustment: /allow-listed range 198\.51\.100\.24\/32/ },
  },
  {
    name: "a reset after the sign-ins discounts them",
    evidence: makeEvidence({ user: { ...TEST_USER, signInSessionsValidFromDateTime: at(T0, 60) }, signIns: ok([imapAbroad]), signInBaseline: baseline }),
    expect: { count: 1, maxConfidence: 0.42, adjustment: /session revocation/ },
  },
  {
    name: "printer and attacker on the same protocol are separate findings",
    evidence: makeEvidence({
      signIns: ok([printerNow, signIn({ clientAppUsed: "Authenticated SMTP", ipAddress: ATTACKER_IP, location: PLACES.lagos, createdDateTime: at(T0, 40) })]),
      signInBaseline: printerBaseline,
    }),
    expect: { count: 2, maxConfidence: 0.15 },
  },
];

describe("legacy-auth-sign-in", () => runCases(legacyAuthSignIn, cases));
