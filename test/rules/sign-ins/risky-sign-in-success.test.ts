import { describe } from "node:test";
import { riskySignInSuccess } from "../../../src/rules/sign-ins/risky-sign-in-success.js";
import { TEST_USER, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_IP, PLACES, T0, at, failedStatus, runCases, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof riskySignInSuccess.defaultOptions;

const risky = (level: string, overrides = {}) =>
  signIn({
    ipAddress: ATTACKER_IP,
    location: PLACES.amsterdam,
    riskLevelDuringSignIn: level,
    riskLevelAggregated: level,
    riskState: "atRisk",
    riskEventTypes_v2: ["unfamiliarFeatures", "anonymizedIPAddress"],
    ...overrides,
  });
const high = risky("high");

const cases: Case<O>[] = [
  {
    name: "a successful high-risk sign-in: 60 points",
    evidence: makeEvidence({ signIns: ok([signIn(), high]) }),
    expect: {
      count: 1,
      minConfidence: 0.85,
      maxConfidence: 0.85,
      severity: "high",
      title: /1 successful high-risk sign-in/,
      explanation: /risk events: unfamiliarFeatures, anonymizedIPAddress\), risk state atRisk/,
      evidenceIds: [high.id],
      ips: [ATTACKER_IP],
    },
  },
  {
    name: "the aggregated level counts when the real-time one is lower",
    evidence: makeEvidence({ signIns: ok([risky("medium", { riskLevelAggregated: "high" })]) }),
    expect: { count: 1, severity: "high" },
  },
  {
    name: "a successful medium-risk sign-in: 30 points",
    evidence: makeEvidence({ signIns: ok([risky("medium")]) }),
    expect: { count: 1, minConfidence: 0.43, maxConfidence: 0.43, severity: "medium" },
  },
  {
    name: "high and medium are separate findings",
    evidence: makeEvidence({ signIns: ok([high, risky("medium", { createdDateTime: at(T0, 5) }), risky("high", { createdDateTime: at(T0, 9) })]) }),
    expect: { count: 2, title: /2 successful high-risk/ },
  },
  {
    name: "low, none and hidden levels do not count",
    evidence: makeEvidence({ signIns: ok([risky("low"), risky("none"), risky("hidden")]) }),
    expect: { count: 0 },
  },
  {
    name: "a failed high-risk sign-in is not a success",
    evidence: makeEvidence({ signIns: ok([risky("high", failedStatus(53003, "Access has been blocked by Conditional Access policies."))]) }),
    expect: { count: 0 },
  },
  {
    name: "remediated, dismissed and confirmed-safe risk is ignored",
    evidence: makeEvidence({
      signIns: ok([
        risky("high", { riskState: "remediated", riskDetail: "userPerformedSecuredPasswordChange" }),
        risky("high", { riskState: "dismissed", riskDetail: "adminDismissedAllRiskForUser" }),
        risky("high", { riskState: "confirmedSafe" }),
      ]),
    }),
    expect: { count: 0 },
  },
  {
    name: "an allow-listed range lowers confidence",
    evidence: makeEvidence({ signIns: ok([high]) }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/24"] } } },
    expect: { count: 1, maxConfidence: 0.26, adjustment: /allow-listed/ },
  },
  {
    name: "an allow-listed range must cover every sign-in of the finding",
    evidence: makeEvidence({ signIns: ok([high, risky("high", { ipAddress: "192.0.2.9", createdDateTime: at(T0, 3) })]) }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/24"] } } },
    expect: { count: 1, minConfidence: 0.85 },
  },
  {
    name: "risky successes before a session revocation are discounted",
    evidence: makeEvidence({ user: { ...TEST_USER, signInSessionsValidFromDateTime: at(T0, 1) }, signIns: ok([high]) }),
    expect: { count: 1, maxConfidence: 0.43, adjustment: /session revocation/ },
  },
];

describe("risky-sign-in-success", () => runCases(riskySignInSuccess, cases));
