import { describe } from "node:test";
import { entraRiskDetection } from "../../../src/rules/sign-ins/entra-risk-detection.js";
import { TEST_USER, WINDOW, failed, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_IP, T0, at, betaSignIn, riskDetection, runCases, type Case } from "../../helpers/sign-ins.js";

type O = typeof entraRiskDetection.defaultOptions;

const refresh = betaSignIn({ ipAddress: ATTACKER_IP, isInteractive: false, signInEventTypes: ["nonInteractiveUser"] });
const interactive = betaSignIn({ ipAddress: ATTACKER_IP, createdDateTime: at(T0, 5) });
const unfamiliar = riskDetection({ riskEventType: "unfamiliarFeatures", riskLevel: "medium", requestId: interactive.id, correlationId: interactive.correlationId });

const cases: Case<O>[] = [
  {
    name: "medium unfamiliar features on an interactive sign-in: 35 points, called noisy",
    evidence: makeEvidence({ signIns: ok([interactive]), riskDetections: ok([unfamiliar]) }),
    expect: {
      count: 1,
      minConfidence: 0.5,
      maxConfidence: 0.5,
      severity: "medium",
      attack: ["T1078.004"],
      title: /unfamiliarFeatures \(medium\)/,
      explanation: /noisy/,
      evidenceIds: [unfamiliar.id],
      ips: [ATTACKER_IP],
    },
  },
  {
    name: "the same on a non-interactive sign-in gets the +10 token-replay bonus",
    evidence: makeEvidence({
      signIns: ok([refresh]),
      riskDetections: ok([riskDetection({ riskEventType: "unfamiliarFeatures", riskLevel: "medium", requestId: refresh.id })]),
    }),
    expect: { count: 1, minConfidence: 0.64, maxConfidence: 0.65, adjustment: new RegExp(`non-interactive sign-in ${refresh.id}`), notExplanation: /noisy/ },
  },
  {
    name: "an anomalous token matched by correlationId to a non-interactive sign-in",
    evidence: makeEvidence({
      signIns: ok([refresh]),
      riskDetections: ok([riskDetection({ riskEventType: "anomalousToken", riskLevel: "low", requestId: "unknown", correlationId: refresh.correlationId })]),
    }),
    expect: { count: 1, minConfidence: 0.35, maxConfidence: 0.36, severity: "low", attack: ["T1550.004", "T1539"] },
  },
  {
    name: "a high password-spray detection: 60 points, T1110.003",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "passwordSpray", riskLevel: "high", detectionTimingType: "offline" })]) }),
    expect: { count: 1, minConfidence: 0.86, maxConfidence: 0.86, severity: "high", attack: ["T1110.003"] },
  },
  {
    name: "a hidden level (no P2) scores as low and says why",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "generic", riskLevel: "hidden" })]) }),
    expect: { count: 1, maxConfidence: 0.22, severity: "low", explanation: /Not checked: the risk level \(Graph reported "hidden"/ },
  },
  {
    name: "unknown or legacy types (mfaFraud) are tolerated",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "mfaFraud", riskLevel: "low", activity: "user" })]) }),
    expect: { count: 1, attack: ["T1621"] },
  },
  {
    name: "several detections of one type are one finding at the strongest level",
    evidence: makeEvidence({
      riskDetections: ok([
        riskDetection({ riskEventType: "unlikelyTravel", riskLevel: "low", activityDateTime: at(T0, -60) }),
        riskDetection({ riskEventType: "unlikelyTravel", riskLevel: "high" }),
      ]),
    }),
    expect: { count: 1, severity: "high", explanation: /2 unlikelyTravel detection\(s\); the strongest is high/, firstSeen: at(T0, -60).replace("Z", ".000Z") },
  },
  {
    name: "different types are different findings",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "anonymizedIPAddress", riskLevel: "low" }), riskDetection({ riskEventType: "newCountry", riskLevel: "medium" })]) }),
    expect: { count: 2 },
  },
  {
    name: "dismissed and auto-dismissed detections are ignored",
    evidence: makeEvidence({
      riskDetections: ok([
        riskDetection({ riskEventType: "unfamiliarFeatures", riskLevel: "high", riskState: "dismissed" }),
        riskDetection({ riskEventType: "unfamiliarFeatures", riskLevel: "high", riskDetail: "aiConfirmedSigninSafe" }),
        riskDetection({ riskEventType: "anonymizedIPAddress", riskLevel: "medium", riskState: "Remediated" }),
      ]),
    }),
    expect: { count: 0 },
  },
  {
    name: "decisive types belong to entra-risk-decisive",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "leakedCredentials", riskLevel: "high" })]) }),
    expect: { count: 0 },
  },
  {
    name: "detections before the window are history",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ activityDateTime: "2026-11-10T00:00:00Z", detectedDateTime: "2026-11-10T01:00:00Z" })]) }),
    expect: { count: 0 },
  },
  {
    name: "an offline detection about activity just before the window, detected inside it, counts",
    evidence: makeEvidence({
      riskDetections: ok([riskDetection({ riskEventType: "unlikelyTravel", detectionTimingType: "offline", activityDateTime: at(WINDOW.from, -600), detectedDateTime: at(WINDOW.from, 600) })]),
    }),
    expect: { count: 1 },
  },
  {
    name: "without sign-ins the non-interactive check is reported as not done",
    evidence: makeEvidence({ signIns: failed(), riskDetections: ok([unfamiliar]) }),
    expect: { count: 1, explanation: /Not checked: whether it was on a non-interactive sign-in \(sign-ins were not collected\)/ },
  },
  {
    name: "an allow-listed IP lowers confidence",
    evidence: makeEvidence({ signIns: ok([interactive]), riskDetections: ok([unfamiliar]) }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/24"] } } },
    expect: { count: 1, maxConfidence: 0.15, adjustment: /allow-listed/ },
  },
  {
    name: "a detection before a password reset is discounted",
    evidence: makeEvidence({ user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, 60) }, signIns: ok([interactive]), riskDetections: ok([unfamiliar]) }),
    expect: { count: 1, maxConfidence: 0.25, adjustment: /password change/ },
  },
  {
    name: "level weights are options",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "newCountry", riskLevel: "medium" })]) }),
    options: { mediumScore: 14 },
    expect: { count: 1, maxConfidence: 0.2 },
  },
];

describe("entra-risk-detection", () => runCases(entraRiskDetection, cases));
