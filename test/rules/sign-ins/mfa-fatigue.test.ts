import { describe } from "node:test";
import { mfaFatigue } from "../../../src/rules/sign-ins/mfa-fatigue.js";
import { TEST_USER, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_IP, PLACES, T0, at, betaSignIn, failedStatus, runCases, series, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof mfaFatigue.defaultOptions;

const STRONG_AUTH_FAILED = "Authentication failed during strong authentication request.";
const attacker = { ipAddress: ATTACKER_IP, location: PLACES.amsterdam };
// v1.0: the denial text is in status.additionalDetails.
const v1Denial = { ...attacker, ...failedStatus(500121, STRONG_AUTH_FAILED, "MFA denied; user declined the authentication") };
// beta: the denial is an authentication step.
const betaDenial = {
  ...attacker,
  ...failedStatus(500121, STRONG_AUTH_FAILED),
  authenticationRequirement: "multiFactorAuthentication",
  authenticationDetails: [
    { authenticationMethod: "Password", succeeded: true, authenticationStepResultDetail: "Correct password" },
    { authenticationMethod: "Mobile app notification", succeeded: false, authenticationStepResultDetail: "MFA denied; user did not respond to mobile app notification" },
  ],
};
const betaApproved = (minutes: number) =>
  betaSignIn({
    ...attacker,
    authenticationRequirement: "multiFactorAuthentication",
    authenticationDetails: [
      { authenticationMethod: "Password", succeeded: true, authenticationStepResultDetail: "Correct password" },
      { authenticationMethod: "Mobile app notification", succeeded: true, authenticationStepResultDetail: "MFA successfully completed" },
    ],
    createdDateTime: at(T0, minutes),
  });

const twelveBeta = series(12, T0, 20, betaDenial, betaSignIn);
const twelveV1 = series(12, T0, 20, v1Denial);

const cases: Case<O>[] = [
  {
    name: "12 denials in 4 minutes, then an MFA success: push bombing that worked",
    evidence: makeEvidence({ signIns: ok([...twelveBeta, betaApproved(5)]) }),
    expect: {
      count: 1,
      minConfidence: 0.85,
      maxConfidence: 0.85,
      severity: "high",
      title: /12 MFA denials, then a success/,
      matched: /> 10 denials within 5 min, then an MFA success/,
      explanation: /12 MFA prompts were denied or went unanswered in 4 min .*approved a prompt/,
      ips: [ATTACKER_IP],
      evidenceIds: [twelveBeta[0].id],
      firstSeen: twelveBeta[0].time,
    },
  },
  {
    name: "v1.0 data: denial text in additionalDetails; the success cannot be shown to be MFA",
    evidence: makeEvidence({ signIns: ok([...twelveV1, signIn({ ...attacker, createdDateTime: at(T0, 5) })]) }),
    expect: { count: 1, minConfidence: 0.68, maxConfidence: 0.68, severity: "high", adjustment: /Could not confirm that the success passed MFA/ },
  },
  {
    name: "11 denials without a success: an attempt (30 points)",
    evidence: makeEvidence({ signIns: ok(series(11, T0, 20, v1Denial)) }),
    expect: { count: 1, minConfidence: 0.37, maxConfidence: 0.38, severity: "medium", matched: /> 9 denials within 10 min/, explanation: /knows the password/ },
  },
  {
    name: "10 denials in 9 minutes then a success: Splunk density only",
    evidence: makeEvidence({ signIns: ok([...series(10, T0, 60, betaDenial, betaSignIn), betaApproved(12)]) }),
    expect: { count: 1, minConfidence: 0.5, maxConfidence: 0.5, severity: "high" },
  },
  {
    name: "9 denials are below both thresholds",
    evidence: makeEvidence({ signIns: ok([...series(9, T0, 20, v1Denial), signIn({ createdDateTime: at(T0, 5) })]) }),
    expect: { count: 0 },
  },
  {
    name: "500121 failures that are not denials do not count",
    evidence: makeEvidence({ signIns: ok(series(15, T0, 10, { ...attacker, ...failedStatus(500121, STRONG_AUTH_FAILED, "MFA required in Azure AD") })) }),
    expect: { count: 0 },
  },
  {
    name: "denials spread over an hour are not a burst",
    evidence: makeEvidence({ signIns: ok(series(12, T0, 300, v1Denial)) }),
    expect: { count: 0 },
  },
  {
    name: "a success only before the denials is not the user giving in",
    evidence: makeEvidence({ signIns: ok([signIn({ createdDateTime: at(T0, -10) }), ...twelveV1]) }),
    expect: { count: 1, severity: "medium" },
  },
  {
    name: "a success long after the burst is not tied to it",
    evidence: makeEvidence({ signIns: ok([...twelveBeta, betaApproved(120)]) }),
    expect: { count: 1, severity: "medium" },
  },
  {
    name: "two bursts hours apart are two findings",
    evidence: makeEvidence({ signIns: ok([...twelveV1, ...series(12, at(T0, 240), 20, v1Denial)]) }),
    expect: { count: 2 },
  },
  {
    name: "an allow-listed source lowers confidence",
    evidence: makeEvidence({ signIns: ok([...twelveBeta, betaApproved(5)]) }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.66"] } } },
    expect: { count: 1, maxConfidence: 0.26, adjustment: /allow-listed range .*203\.0\.113\.66/ },
  },
  {
    name: "a password change after the push bombing discounts it",
    evidence: makeEvidence({ user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, 30) }, signIns: ok([...twelveBeta, betaApproved(5)]) }),
    expect: { count: 1, maxConfidence: 0.43, adjustment: /password change/ },
  },
  {
    name: "thresholds are options",
    evidence: makeEvidence({ signIns: ok(series(6, T0, 20, v1Denial)) }),
    options: { attemptDenialsAbove: 5 },
    expect: { count: 1 },
  },
];

describe("mfa-fatigue", () => runCases(mfaFatigue, cases));
