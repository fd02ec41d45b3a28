import { describe } from "node:test";
import type { RiskyUser } from "../../../src/collect/evidence.js";
import { entraRiskDecisive } from "../../../src/rules/sign-ins/entra-risk-decisive.js";
import { TEST_USER, failed, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_IP, T0, at, riskDetection, runCases, type Case } from "../../helpers/sign-ins.js";

type O = typeof entraRiskDecisive.defaultOptions;

const aitm = riskDetection({ riskEventType: "attackerinTheMiddle", riskLevel: "high", detectionTimingType: "offline", activity: "user" });
const leaked = riskDetection({ riskEventType: "leakedCredentials", riskLevel: "high", activity: "user", ipAddress: null, location: null, detectedDateTime: at(T0, 60) });
const confirmed: RiskyUser = {
  id: TEST_USER.id,
  userPrincipalName: TEST_USER.userPrincipalName,
  riskLevel: "high",
  riskState: "confirmedCompromised",
  riskDetail: "adminConfirmedUserCompromised",
  riskLastUpdatedDateTime: "2026-11-26T08:00:00.000Z",
  isDeleted: false,
};

const cases: Case<O>[] = [
  {
    name: "Attacker in the Middle floors the user at high",
    evidence: makeEvidence({ riskDetections: ok([aitm]) }),
    expect: {
      count: 1,
      minConfidence: 0.9,
      maxConfidence: 0.9,
      floor: "high",
      attack: ["T1557", "T1539"],
      title: /Attacker-in-the-Middle/,
      evidenceIds: [aitm.id],
      ips: [ATTACKER_IP],
    },
  },
  {
    name: "several detections of one type are one finding",
    evidence: makeEvidence({ riskDetections: ok([aitm, riskDetection({ riskEventType: "attackerinTheMiddle", riskLevel: "high", activityDateTime: at(T0, 90) })]) }),
    expect: { count: 1, explanation: /2 risk detection\(s\) of type attackerinTheMiddle/, lastSeen: at(T0, 90).replace("Z", ".000Z") },
  },
  {
    name: "unusual casing of the type still matches",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "AttackerInTheMiddle", riskLevel: "high" })]) }),
    expect: { count: 1, floor: "high" },
  },
  {
    name: "leaked credentials with no password change since: high floor",
    evidence: makeEvidence({ riskDetections: ok([leaked]) }),
    expect: { count: 1, floor: "high", explanation: /Not checked: whether the password changed since the leak/ },
  },
  {
    name: "leaked credentials found before the last password change: no longer work, no floor",
    evidence: makeEvidence({ user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, 120) }, riskDetections: ok([leaked]) }),
    expect: { count: 1, maxConfidence: 0.27, floor: null, adjustment: /leaked password no longer works/, explanation: /too low .* to set a floor/ },
  },
  {
    name: "leaked credentials found after the last password change still work",
    evidence: makeEvidence({ user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, -600) }, riskDetections: ok([leaked]) }),
    expect: { count: 1, minConfidence: 0.9, floor: "high", noAdjustment: /./ },
  },
  {
    name: "a verified threat-actor IP floors at high",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "nationStateIP", riskLevel: "high", detectionTimingType: "realtime" })]) }),
    expect: { count: 1, floor: "high", title: /threat-actor IP/ },
  },
  {
    name: "an attempt to access the PRT floors at high",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "attemptedPrtAccess", riskLevel: "high", activity: "user" })]) }),
    expect: { count: 1, floor: "high", attack: ["T1528"] },
  },
  {
    name: "admin-confirmed compromise floors at critical",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "adminConfirmedUserCompromised", riskLevel: "high", activity: "user" })]) }),
    expect: { count: 1, floor: "critical", severity: "critical" },
  },
  {
    name: "a riskyUser confirmedCompromised alone floors at critical",
    evidence: makeEvidence({ riskyUser: ok(confirmed) }),
    expect: { count: 1, floor: "critical", explanation: /risky-user record is confirmedCompromised/, evidenceIds: [TEST_USER.id], firstSeen: confirmed.riskLastUpdatedDateTime },
  },
  {
    name: "a riskyUser record without a date still gives a dated finding",
    evidence: makeEvidence({ riskyUser: ok({ ...confirmed, riskLastUpdatedDateTime: undefined }) }),
    expect: { count: 1, floor: "critical", firstSeen: "2026-11-27T06:00:00Z" },
  },
  {
    name: "the confirmed riskyUser and the admin-confirmed detection are one finding",
    evidence: makeEvidence({
      riskDetections: ok([riskDetection({ riskEventType: "adminConfirmedUserCompromised", riskLevel: "high", activity: "user" })]),
      riskyUser: ok(confirmed),
    }),
    expect: { count: 1, floor: "critical", evidenceIds: [TEST_USER.id] },
  },
  {
    name: "an atRisk riskyUser is not a verdict",
    evidence: makeEvidence({ riskyUser: ok({ ...confirmed, riskState: "atRisk", riskDetail: "none" }) }),
    expect: { count: 0 },
  },
  {
    name: "dismissed, remediated, confirmed-safe and auto-dismissed detections are ignored",
    evidence: makeEvidence({
      riskDetections: ok([
        riskDetection({ riskEventType: "attackerinTheMiddle", riskLevel: "high", riskState: "dismissed" }),
        riskDetection({ riskEventType: "leakedCredentials", riskLevel: "high", riskState: "remediated", riskDetail: "userPerformedSecuredPasswordReset" }),
        riskDetection({ riskEventType: "nationStateIP", riskLevel: "high", riskState: "confirmedSafe" }),
        riskDetection({ riskEventType: "nationStateIP", riskLevel: "high", riskDetail: "aiConfirmedSigninSafe" }),
      ]),
    }),
    expect: { count: 0 },
  },
  {
    name: "non-decisive types belong to entra-risk-detection",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "unfamiliarFeatures", riskLevel: "high" }), riskDetection({ riskEventType: "passwordSpray", riskLevel: "high" })]) }),
    expect: { count: 0 },
  },
  {
    name: "a detection dated after the window end is not counted yet",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "attackerinTheMiddle", riskLevel: "high", activityDateTime: "2026-11-28T00:00:00Z" })]) }),
    expect: { count: 0 },
  },
  {
    name: "an open verdict from before the window still counts",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "attackerinTheMiddle", riskLevel: "high", activityDateTime: "2026-11-10T00:00:00Z" })]) }),
    expect: { count: 1, floor: "high" },
  },
  {
    name: "a session revocation after an AiTM detection lowers confidence but keeps the floor",
    evidence: makeEvidence({ user: { ...TEST_USER, signInSessionsValidFromDateTime: at(T0, 30) }, riskDetections: ok([aitm]) }),
    expect: { count: 1, maxConfidence: 0.45, floor: "high", adjustment: /session revocation/ },
  },
  {
    name: "an allow-listed IP drops confidence below the floor threshold",
    evidence: makeEvidence({ riskDetections: ok([riskDetection({ riskEventType: "nationStateIP", riskLevel: "high" })]) }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/24"] } } },
    expect: { count: 1, maxConfidence: 0.27, floor: null, adjustment: /allow-listed/ },
  },
  {
    name: "works without the riskyUser source",
    evidence: makeEvidence({ riskDetections: ok([aitm]), riskyUser: failed() }),
    expect: { count: 1, floor: "high" },
  },
];

describe("entra-risk-decisive", () => runCases(entraRiskDecisive, cases));
