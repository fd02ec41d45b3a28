import { describe } from "node:test";
import { bruteForceTargeted } from "../../../src/rules/sign-ins/brute-force-targeted.js";
import { TEST_USER, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_IP, PLACES, T0, at, betaSignIn, failedStatus, runCases, series, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof bruteForceTargeted.defaultOptions;

const attacker = { ipAddress: ATTACKER_IP, location: PLACES.amsterdam };
const badPassword = { ...attacker, ...failedStatus(50126) };
const thirtyFast = series(30, T0, 10, badPassword);

const cases: Case<O>[] = [
  {
    name: "30 invalid passwords in under 5 minutes meets both published thresholds: one finding",
    evidence: makeEvidence({ signIns: ok(thirtyFast) }),
    expect: {
      count: 1,
      minConfidence: 0.5,
      maxConfidence: 0.5,
      severity: "low",
      matched: /30 x error 50126 within 300 s \(Elastic: >= 30\); 30 x error 50126 within 10 min \(Splunk: > 20\)/,
      ips: [ATTACKER_IP],
      firstSeen: thirtyFast[0].time,
      lastSeen: thirtyFast[29].time,
      explanation: /30 failed sign-ins \(first 20 listed\) against this user in 5 min from 1 IP\(s\) \(203\.0\.113\.66\)/,
    },
  },
  {
    name: "21 invalid passwords in 10 minutes meets Splunk's threshold only",
    evidence: makeEvidence({ signIns: ok(series(21, T0, 25, badPassword)) }),
    expect: { count: 1, matched: /^ \| 21 x error 50126 within 10 min \(Splunk: > 20\)/ },
  },
  {
    name: "20 invalid passwords in 10 minutes is not more than 20",
    evidence: makeEvidence({ signIns: ok(series(20, T0, 25, badPassword)) }),
    expect: { count: 0 },
  },
  {
    name: "30 of another guessing error in 5 minutes meets Elastic's threshold",
    evidence: makeEvidence({ signIns: ok(series(30, T0, 9, { ...attacker, ...failedStatus(50056, "Invalid or null password.") })) }),
    expect: { count: 1, matched: /error 50056 within 300 s/ },
  },
  {
    name: "lockouts (50053) are the consequence, not guesses",
    evidence: makeEvidence({ signIns: ok(series(40, T0, 5, { ...attacker, ...failedStatus(50053, "Account is locked.") })) }),
    expect: { count: 0 },
  },
  {
    name: "Elastic wants one error: 15 + 15 of two codes is not 30",
    evidence: makeEvidence({
      signIns: ok([...series(15, T0, 10, badPassword), ...series(15, at(T0, 0, 5), 10, { ...attacker, ...failedStatus(50056) })]),
    }),
    expect: { count: 0 },
  },
  {
    name: "the same number spread over an hour is not a burst",
    evidence: makeEvidence({ signIns: ok(series(30, T0, 120, badPassword)) }),
    expect: { count: 0 },
  },
  {
    name: "retries egressing from Microsoft's ASN are excluded",
    evidence: makeEvidence({ signIns: ok(series(30, T0, 10, { ...badPassword, autonomousSystemNumber: 8075 }, betaSignIn)) }),
    expect: { count: 0 },
  },
  {
    name: "two bursts hours apart are two findings",
    evidence: makeEvidence({ signIns: ok([...thirtyFast, ...series(30, at(T0, 180), 10, badPassword)]) }),
    expect: { count: 2 },
  },
  {
    name: "successes in between do not break the count",
    evidence: makeEvidence({ signIns: ok([...thirtyFast, signIn({ createdDateTime: at(T0, 1) })]) }),
    expect: { count: 1 },
  },
  {
    name: "an allow-listed source (stale password on a corporate device) lowers confidence",
    evidence: makeEvidence({ signIns: ok(thirtyFast) }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/24"] } } },
    expect: { count: 1, maxConfidence: 0.15, adjustment: /allow-listed/ },
  },
  {
    name: "a burst before a password change is discounted",
    evidence: makeEvidence({ user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, 60) }, signIns: ok(thirtyFast) }),
    expect: { count: 1, maxConfidence: 0.25, adjustment: /password change/ },
  },
  {
    name: "thresholds are options",
    evidence: makeEvidence({ signIns: ok(series(10, T0, 10, { ...attacker, ...failedStatus(50056) })) }),
    options: { guessingMinFailures: 10 },
    expect: { count: 1 },
  },
];

describe("brute-force-targeted", () => runCases(bruteForceTargeted, cases));
