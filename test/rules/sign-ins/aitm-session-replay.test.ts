import { describe } from "node:test";
import { aitmSessionReplay } from "../../../src/rules/sign-ins/aitm-session-replay.js";
import { TEST_USER, makeEvidence, ok } from "../../helpers/evidence.js";
import { APPS, ATTACKER_ASN, ATTACKER_IP, PLACES, T0, at, baselineOf, betaSignIn, failedStatus, riskDetection, runCases, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof aitmSessionReplay.defaultOptions;

const SESSION = "0b5c2f61-9a8e-4c1d-b7e3-5f4a2d1c0e9b";
const officeHome = betaSignIn({ ...APPS.officeHome, sessionId: SESSION });
const replay = betaSignIn({
  sessionId: SESSION,
  ipAddress: ATTACKER_IP,
  autonomousSystemNumber: ATTACKER_ASN,
  location: PLACES.amsterdam,
  isInteractive: false,
  clientAppUsed: "Mobile Apps and Desktop clients",
  createdDateTime: at(T0, 20),
});

// v1.0: no sessionId and no ASN; the flow is tied together by correlationId.
const CORRELATION = "e7d1a3b5-6c2f-4a90-b8e4-1f0d2c3b4a59";
const v1OfficeHome = signIn({ ...APPS.officeHome, correlationId: CORRELATION });
const v1Replay = signIn({ correlationId: CORRELATION, ipAddress: ATTACKER_IP, location: PLACES.amsterdam, createdDateTime: at(T0, 15) });

const cases: Case<O>[] = [
  {
    name: "OfficeHome browser sign-in, then the same session from another country and ASN",
    evidence: makeEvidence({ signIns: ok([officeHome, replay]) }),
    expect: {
      count: 1,
      minConfidence: 0.8,
      maxConfidence: 0.8,
      floor: "high",
      severity: "high",
      title: /Session reused from NL/,
      explanation: /OfficeHome from GB .* used from NL .* 2 IPs .* in 2 ASNs \(AS5089, AS9009\)/,
      matched: /sessionId 0b5c2f61.*: 2 IPs, 2 ASNs, GB -> NL/,
      evidenceIds: [officeHome.id, replay.id],
      ips: ["198.51.100.24", ATTACKER_IP],
    },
  },
  {
    name: "v1.0 data: matched on correlationId, country hop only, ASN not checked",
    evidence: makeEvidence({ signIns: ok([v1OfficeHome, v1Replay]) }),
    expect: { count: 1, floor: "high", explanation: /matched on correlationId.*\(v1\.0 data\)/, evidenceIds: [v1OfficeHome.id, v1Replay.id] },
  },
  {
    name: "v1.0 data also says ASNs were not checked",
    evidence: makeEvidence({ signIns: ok([v1OfficeHome, v1Replay]) }),
    expect: { count: 1, explanation: /Not checked: ASNs/ },
  },
  {
    name: "uniqueTokenIdentifier ties a session when there is no sessionId",
    evidence: makeEvidence({
      signIns: ok([
        betaSignIn({ ...APPS.officeHome, uniqueTokenIdentifier: "uTi-42" }),
        betaSignIn({ uniqueTokenIdentifier: "uTi-42", ipAddress: ATTACKER_IP, autonomousSystemNumber: ATTACKER_ASN, location: PLACES.amsterdam, createdDateTime: at(T0, 5) }),
      ]),
    }),
    expect: { count: 1, matched: /uniqueTokenIdentifier uTi-42/ },
  },
  {
    name: "no OfficeHome start, but the session came from two IPs in two ASNs",
    evidence: makeEvidence({
      signIns: ok([betaSignIn({ sessionId: SESSION }), betaSignIn({ sessionId: SESSION, ipAddress: "192.0.2.44", autonomousSystemNumber: 2856, createdDateTime: at(T0, 30) })]),
    }),
    expect: { count: 1, floor: "high", explanation: /2 IPs \(198\.51\.100\.24, 192\.0\.2\.44\) in 2 ASNs/ },
  },
  {
    name: "two IPs in two ASNs the user already uses, same country: likely Wi-Fi/mobile handoff, no floor",
    evidence: makeEvidence({
      signIns: ok([betaSignIn({ sessionId: SESSION }), betaSignIn({ sessionId: SESSION, ipAddress: "192.0.2.44", autonomousSystemNumber: 2856, createdDateTime: at(T0, 30) })]),
      signInBaseline: ok(baselineOf({ extra: [betaSignIn({ ipAddress: "192.0.2.40", autonomousSystemNumber: 2856, createdDateTime: "2026-11-05T12:00:00Z" })] })),
    }),
    expect: { count: 1, maxConfidence: 0.32, floor: null, adjustment: /Every ASN involved \(AS5089, AS2856\) is already in the user's baseline/ },
  },
  {
    name: "two IPs in one ASN (mobile handoff) is not replay",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ sessionId: SESSION }), betaSignIn({ sessionId: SESSION, ipAddress: "198.51.100.99", createdDateTime: at(T0, 30) })]) }),
    expect: { count: 0 },
  },
  {
    name: "OfficeHome then another IP in the same country and ASN is not replay",
    evidence: makeEvidence({
      signIns: ok([officeHome, betaSignIn({ sessionId: SESSION, ipAddress: "198.51.100.99", location: PLACES.manchester, createdDateTime: at(T0, 30) })]),
    }),
    expect: { count: 0 },
  },
  {
    name: "Microsoft's own ASN (8075) proves nothing",
    evidence: makeEvidence({ signIns: ok([officeHome, betaSignIn({ sessionId: SESSION, ipAddress: "20.190.151.7", autonomousSystemNumber: 8075, location: PLACES.amsterdam, createdDateTime: at(T0, 20) })]) }),
    expect: { count: 0 },
  },
  {
    name: "different sessions are not compared",
    evidence: makeEvidence({ signIns: ok([officeHome, betaSignIn({ ...replayFields(), sessionId: "another-session" })]) }),
    expect: { count: 0 },
  },
  {
    name: "a failed reuse is not counted",
    evidence: makeEvidence({ signIns: ok([officeHome, betaSignIn({ ...replayFields(), ...failedStatus(53003, "Access has been blocked by Conditional Access policies.") })]) }),
    expect: { count: 0 },
  },
  {
    name: "a non-browser OfficeHome sign-in is no anchor; without ASNs nothing is left",
    evidence: makeEvidence({ signIns: ok([signIn({ ...APPS.officeHome, correlationId: CORRELATION, clientAppUsed: "Mobile Apps and Desktop clients" }), v1Replay]) }),
    expect: { count: 0 },
  },
  {
    name: "an anomalousToken detection on the replayed sign-in strengthens it",
    evidence: makeEvidence({
      signIns: ok([officeHome, replay]),
      riskDetections: ok([riskDetection({ riskEventType: "anomalousToken", riskLevel: "medium", requestId: replay.id })]),
    }),
    expect: { count: 1, minConfidence: 0.92, adjustment: /flagged the same session or IP: anomalousToken/ },
  },
  {
    name: "the sign-in's own risk event type strengthens it too",
    evidence: makeEvidence({ signIns: ok([officeHome, betaSignIn({ ...replayFields(), riskEventTypes_v2: ["attackerinTheMiddle"] })]) }),
    expect: { count: 1, minConfidence: 0.92, adjustment: /attackerinTheMiddle/ },
  },
  {
    name: "a dismissed anomalous token does not strengthen it",
    evidence: makeEvidence({
      signIns: ok([officeHome, replay]),
      riskDetections: ok([riskDetection({ riskEventType: "anomalousToken", riskLevel: "medium", requestId: replay.id, riskState: "dismissed" })]),
    }),
    expect: { count: 1, maxConfidence: 0.8, noAdjustment: /flagged/ },
  },
  {
    name: "an allow-listed replay IP (corporate VPN egress) lowers confidence and drops the floor",
    evidence: makeEvidence({ signIns: ok([officeHome, replay]) }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/24"] } } },
    expect: { count: 1, maxConfidence: 0.24, floor: null, adjustment: /allow-listed/ },
  },
  {
    name: "a session revocation after the replay lowers confidence, the floor stays",
    evidence: makeEvidence({ user: { ...TEST_USER, signInSessionsValidFromDateTime: at(T0, 60) }, signIns: ok([officeHome, replay]) }),
    expect: { count: 1, maxConfidence: 0.4, floor: "high", adjustment: /session revocation/ },
  },
];

function replayFields() {
  return { ipAddress: ATTACKER_IP, autonomousSystemNumber: ATTACKER_ASN, location: PLACES.amsterdam, createdDateTime: at(T0, 20), sessionId: SESSION };
}

describe("aitm-session-replay", () => runCases(aitmSessionReplay, cases));
