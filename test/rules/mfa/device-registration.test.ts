import { deviceRegistration } from "../../../src/rules/mfa/device-registration.js";
import type { DirectoryAudit } from "../../../src/collect/evidence.js";
import { TEST_USER, emptySignInBaseline, ok } from "../../helpers/evidence.js";
import { T0, at, directoryAudit, makeEvidence, riskDetection, runCases, signIn, type Case } from "../mailbox/graph-shaped.js";

type O = typeof deviceRegistration.defaultOptions;

const DRS = "Device Registration Service";

/** "Add registered owner to device": the record that names the user (the "Register device" one names only the device). */
function ownerAdded(minutes: number, device = "dev-1", overrides: Partial<DirectoryAudit> = {}): DirectoryAudit {
  return directoryAudit("Add registered owner to device", at(T0, minutes).time, {
    id: `owner-${device}-${minutes}`,
    category: "Device",
    initiatedByUserId: undefined,
    initiatedByUpn: undefined,
    initiatedByApp: DRS,
    targets: [
      { id: device, type: "Device", displayName: `DESKTOP-${device}`, modifiedProperties: [] },
      { id: TEST_USER.id, type: "User", userPrincipalName: TEST_USER.userPrincipalName, modifiedProperties: [] },
    ],
    ...overrides,
  });
}

const highRiskDetection = (minutes: number) => riskDetection(at(T0, minutes).time, { riskEventType: "attackerinTheMiddle", riskLevel: "high" });
const riskySignIn = (minutes: number) => signIn(at(T0, minutes).time, { riskLevelDuringSignIn: "medium", riskState: "atRisk", ipAddress: "185.220.101.47", country: "DE" });

const cases: Case<O>[] = [
  {
    name: "a registration nothing risky precedes is a new laptop: no finding",
    evidence: makeEvidence({ directoryAudits: ok([ownerAdded(0)]) }),
    expect: { count: 0 },
  },
  {
    name: "registration 3 min after an Identity Protection detection scores 70 with a high floor",
    evidence: makeEvidence({ riskDetections: ok([highRiskDetection(-3)]), directoryAudits: ok([ownerAdded(0)]) }),
    expect: { count: 1, minConfidence: 0.93, maxConfidence: 0.94, floor: "high", matched: /within 5 min after an Identity Protection detection/ },
  },
  {
    name: "a detection after the registration does not precede it",
    evidence: makeEvidence({ riskDetections: ok([highRiskDetection(3)]), directoryAudits: ok([ownerAdded(0)]) }),
    expect: { count: 0 },
  },
  {
    name: "a single device 5 h after a medium-risk sign-in scores 30, no floor",
    evidence: makeEvidence({ signIns: ok([riskySignIn(-300)]), directoryAudits: ok([ownerAdded(0)]) }),
    expect: { count: 1, minConfidence: 0.39, maxConfidence: 0.41, floor: null, matched: /within 24 h after a risky sign-in/ },
  },
  {
    name: "more than 24 h after the risky sign-in is not tied to it",
    evidence: makeEvidence({ signIns: ok([riskySignIn(-25 * 60)]), directoryAudits: ok([ownerAdded(0)]) }),
    expect: { count: 0 },
  },
  {
    name: "minutes after a sign-in from a never-seen IP and country (real baseline) scores 30",
    evidence: makeEvidence({
      signIns: ok([signIn(at(T0, -2).time, { ipAddress: "198.51.100.9", country: "NG", isInteractive: false })]),
      signInBaseline: ok({ ...emptySignInBaseline(), signIns: 50, ips: { "203.0.113.10": 50 }, countries: { US: 50 } }),
      directoryAudits: ok([ownerAdded(0)]),
    }),
    expect: { count: 1, minConfidence: 0.39, maxConfidence: 0.41, title: /unfamiliar IP and country/ },
  },
  {
    name: "an unfamiliar sign-in 3 h earlier is too far to tie",
    evidence: makeEvidence({
      signIns: ok([signIn(at(T0, -180).time, { ipAddress: "198.51.100.9", country: "NG" })]),
      signInBaseline: ok({ ...emptySignInBaseline(), signIns: 50, ips: { "203.0.113.10": 50 }, countries: { US: 50 } }),
      directoryAudits: ok([ownerAdded(0)]),
    }),
    expect: { count: 0 },
  },
  {
    name: "three distinct devices in 15 min are a burst (60) even without risk",
    evidence: makeEvidence({ directoryAudits: ok([ownerAdded(0, "a"), ownerAdded(4, "b"), ownerAdded(9, "c")]) }),
    expect: { count: 1, minConfidence: 0.79, maxConfidence: 0.81, title: /3 devices registered/, matched: />= 3 distinct devices within 15 min/ },
  },
  {
    name: "the audits of one device (register, add owner) are one registration, not a burst",
    evidence: makeEvidence({
      directoryAudits: ok([
        ownerAdded(0, "a"),
        ownerAdded(0, "a", { id: "reg-a", activity: "Register device", targets: [{ id: "a", type: "Device", displayName: "DESKTOP-a", modifiedProperties: [] }], initiatedByUserId: TEST_USER.id }),
        ownerAdded(1, "b"),
      ]),
    }),
    expect: { count: 0 },
  },
  {
    name: "another user's device and failed registrations are ignored",
    evidence: makeEvidence({
      riskDetections: ok([highRiskDetection(-2)]),
      directoryAudits: ok([
        ownerAdded(0, "x", { targets: [{ id: "x", type: "Device", modifiedProperties: [] }, { id: "someone-else", type: "User", modifiedProperties: [] }] }),
        ownerAdded(0, "y", { result: "failure" }),
      ]),
    }),
    expect: { count: 0 },
  },
];

runCases(deviceRegistration, cases);
