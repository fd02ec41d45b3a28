import { describe } from "node:test";
import { signInFailuresThenSuccess } from "../../../src/rules/sign-ins/sign-in-failures-then-success.js";
import { TEST_USER, failed, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_ASN, ATTACKER_IP, HOME_IP, PLACES, T0, at, baselineOf, betaSignIn, failedStatus, runCases, series, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof signInFailuresThenSuccess.defaultOptions;

const baseline = ok(baselineOf());
const attacker = { ipAddress: ATTACKER_IP, autonomousSystemNumber: ATTACKER_ASN, location: PLACES.lagos };
const guesses = series(5, T0, 90, { ...attacker, ...failedStatus(50126) }, betaSignIn);
const attackerSuccess = betaSignIn({ ...attacker, createdDateTime: at(T0, 10) });

const cases: Case<O>[] = [
  {
    name: "password failures then a success from a new country",
    evidence: makeEvidence({ signIns: ok([...guesses, attackerSuccess]), signInBaseline: baseline }),
    expect: {
      count: 1,
      minConfidence: 0.75,
      maxConfidence: 0.75,
      severity: "high",
      title: /5 password failures, then a success from 203\.0\.113\.66 \(NG\)/,
      explanation: /error 50126.*new country/,
      evidenceIds: [attackerSuccess.id, guesses[0].id],
      ips: [ATTACKER_IP],
      firstSeen: guesses[0].time,
      lastSeen: attackerSuccess.time,
    },
  },
  {
    name: "typos from the usual IP followed by a success are ignored",
    evidence: makeEvidence({
      signIns: ok([...series(4, T0, 20, failedStatus(50126), betaSignIn), betaSignIn({ createdDateTime: at(T0, 2) })]),
      signInBaseline: baseline,
    }),
    expect: { count: 0 },
  },
  {
    name: "a success from a new address in the home network counts as the usual network",
    evidence: makeEvidence({
      signIns: ok([...guesses, betaSignIn({ ipAddress: "198.51.100.200", createdDateTime: at(T0, 10) })]),
      signInBaseline: baseline,
    }),
    expect: { count: 0 },
  },
  {
    name: "a success from a new network in the home country is medium",
    evidence: makeEvidence({
      signIns: ok([...guesses, betaSignIn({ ipAddress: "192.0.2.10", location: PLACES.manchester, createdDateTime: at(T0, 10) })]),
      signInBaseline: baseline,
    }),
    expect: { count: 1, minConfidence: 0.5, maxConfidence: 0.5, severity: "medium", explanation: /new network/ },
  },
  {
    name: "failures older than the time limit do not count",
    evidence: makeEvidence({ signIns: ok([...guesses, betaSignIn({ ...attacker, createdDateTime: at(T0, 45) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "two failures are not several",
    evidence: makeEvidence({ signIns: ok([...guesses.slice(0, 2), attackerSuccess]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "MFA interrupts are not password failures",
    evidence: makeEvidence({
      signIns: ok([...series(5, T0, 60, { ...attacker, ...failedStatus(50074, "Strong Authentication is required.") }, betaSignIn), attackerSuccess]),
      signInBaseline: baseline,
    }),
    expect: { count: 0 },
  },
  {
    name: "failures from anywhere, success from a new country: smart lockout codes count",
    evidence: makeEvidence({
      signIns: ok([...series(3, T0, 60, { ipAddress: "192.0.2.99", ...failedStatus(50053, "Account is locked.") }, betaSignIn), attackerSuccess]),
      signInBaseline: baseline,
    }),
    expect: { count: 1, explanation: /error 50053/, ips: [ATTACKER_IP, "192.0.2.99"] },
  },
  {
    name: "without a baseline the origin cannot be judged: low confidence, said in the explanation",
    evidence: makeEvidence({ signIns: ok([...guesses, attackerSuccess]), signInBaseline: failed() }),
    expect: { count: 1, maxConfidence: 0.35, explanation: /Not checked: whether the IP is the user's usual one/ },
  },
  {
    name: "an empty baseline is no better than none",
    evidence: makeEvidence({ signIns: ok([...guesses, attackerSuccess]) }),
    expect: { count: 1, maxConfidence: 0.35, explanation: /holds no successful sign-in/ },
  },
  {
    name: "v1.0 success without IP or location: not comparable, said so",
    evidence: makeEvidence({
      signIns: ok([...series(3, T0, 60, failedStatus(50126), signIn), signIn({ ipAddress: null, location: PLACES.none, createdDateTime: at(T0, 5) })]),
      signInBaseline: ok(baselineOf({ beta: false })),
    }),
    expect: { count: 1, maxConfidence: 0.35, explanation: /Not checked: the origin/ },
  },
  {
    name: "an allow-listed success IP lowers confidence",
    evidence: makeEvidence({ signIns: ok([...guesses, attackerSuccess]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/24"] } } },
    expect: { count: 1, maxConfidence: 0.23, adjustment: /allow-listed range 203\.0\.113\.0\/24/ },
  },
  {
    name: "a password change after the success discounts it",
    evidence: makeEvidence({
      user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, 120) },
      signIns: ok([...guesses, attackerSuccess]),
      signInBaseline: baseline,
    }),
    expect: { count: 1, maxConfidence: 0.38, adjustment: /before the password change/ },
  },
  {
    name: "the failures explain one success only",
    evidence: makeEvidence({
      signIns: ok([...guesses, attackerSuccess, betaSignIn({ ...attacker, createdDateTime: at(T0, 12) })]),
      signInBaseline: baseline,
    }),
    expect: { count: 1 },
  },
  {
    name: "thresholds are options",
    evidence: makeEvidence({ signIns: ok([...guesses.slice(0, 4), attackerSuccess]), signInBaseline: baseline }),
    options: { minFailures: 5 },
    expect: { count: 0 },
  },
  {
    name: "home failures then success from home stay quiet even with v1.0 data",
    evidence: makeEvidence({
      signIns: ok([...series(5, T0, 30, { ipAddress: HOME_IP, ...failedStatus(50126) }, signIn), signIn({ createdDateTime: at(T0, 4) })]),
      signInBaseline: ok(baselineOf({ beta: false })),
    }),
    expect: { count: 0 },
  },
];

describe("sign-in-failures-then-success", () => runCases(signInFailuresThenSuccess, cases));
