import { authMethodChange } from "../../../src/rules/mfa/auth-method-change.js";
import { TEST_USER, emptySignInBaseline, failed, ok } from "../../helpers/evidence.js";
import { T0, at, authMethod, directoryAudit, makeEvidence, riskDetection, runCases, signIn, type Case } from "../mailbox/graph-shaped.js";

type O = typeof authMethodChange.defaultOptions;
const registered = (minutes: number, overrides = {}) => directoryAudit("User registered security info", at(T0, minutes).time, { resultReason: "User registered Authenticator App with Notification and Code", ...overrides });
const risky = signIn(T0, { riskLevelDuringSignIn: "high", riskState: "atRisk", ipAddress: "185.220.101.47", country: "DE" });

const cases: Case<O>[] = [
  {
    name: "uncorrelated registration scores the base 15, as capped context (detections.md §8.3 MFA-03 base)",
    evidence: makeEvidence({ directoryAudits: ok([registered(0)]) }),
    expect: { count: 1, minConfidence: 0.24, maxConfidence: 0.26, floor: null, matched: /registered or changed/, context: true },
  },
  {
    name: "registration 20 min after a high-risk sign-in: +40 and floor high",
    evidence: makeEvidence({ signIns: ok([risky]), directoryAudits: ok([registered(20)]) }),
    expect: { count: 1, minConfidence: 0.9, floor: "high", adjustment: /after a high-risk sign-in/, title: /after a risky sign-in/, context: false },
  },
  {
    name: "registration 25 min before the risky sign-in is still inside [-30 min, +1 h]",
    evidence: makeEvidence({ signIns: ok([risky]), directoryAudits: ok([registered(-25)]) }),
    expect: { count: 1, minConfidence: 0.9, adjustment: /before a high-risk/ },
  },
  {
    name: "3 h after a medium-risk detection: +20 (Sentinel 6 h window)",
    evidence: makeEvidence({ riskDetections: ok([riskDetection(T0)]), directoryAudits: ok([registered(180)]) }),
    expect: { count: 1, minConfidence: 0.57, maxConfidence: 0.6, floor: null, matched: /within 6 h/ },
  },
  {
    name: "more than 6 h after is uncorrelated",
    evidence: makeEvidence({ signIns: ok([risky]), directoryAudits: ok([registered(7 * 60)]) }),
    expect: { count: 1, maxConfidence: 0.26 },
  },
  {
    name: "unfamiliar sign-in (new IP and country against a real baseline) correlates within 1 h",
    evidence: makeEvidence({
      signIns: ok([signIn(T0, { ipAddress: "198.51.100.9", country: "NG" })]),
      signInBaseline: ok({ ...emptySignInBaseline(), signIns: 50, ips: { "203.0.113.10": 50 }, countries: { US: 50 } }),
      directoryAudits: ok([registered(10)]),
    }),
    expect: { count: 1, minConfidence: 0.9, floor: null, adjustment: /unfamiliar IP and country/ },
  },
  {
    name: "deletion scores 35",
    evidence: makeEvidence({ directoryAudits: ok([directoryAudit("User deleted security info", T0, { operationType: "Delete" })]) }),
    expect: { count: 1, minConfidence: 0.57, maxConfidence: 0.59, title: /removed/, context: false },
  },
  {
    name: "Disable Strong Authentication by an admin is discounted as likely remediation",
    evidence: makeEvidence({
      directoryAudits: ok([directoryAudit("Disable Strong Authentication", T0, { initiatedByUserId: "99999999-0000-0000-0000-000000000000", initiatedByUpn: "helpdesk@contoso.example" })]),
    }),
    expect: { count: 1, maxConfidence: 0.3, adjustment: /administrator/ },
  },
  {
    name: "onboarding user registering a phone in their first days is lowered",
    evidence: makeEvidence({
      user: { ...TEST_USER, createdDateTime: at(T0, -2 * 24 * 60).time },
      directoryAudits: ok([directoryAudit("User registered all required security info", T0)]),
    }),
    expect: { count: 1, maxConfidence: 0.11, adjustment: /onboarding/ },
  },
  {
    name: "started + registered + method created within minutes are one detection",
    evidence: makeEvidence({
      directoryAudits: ok([directoryAudit("User started security info registration", at(T0, -2).time), registered(0)]),
      authMethods: ok([authMethod({ createdDateTime: at(T0, 1).time, displayName: "Pixel 8" })]),
    }),
    expect: { count: 1, check: (d) => { if (d[0].evidence.length !== 3) throw new Error(`evidence ${d[0].evidence.length}`); } },
  },
  {
    name: "new method without an audit event (audits of another period) still counts",
    evidence: makeEvidence({ authMethods: ok([authMethod({ kind: "fido2", createdDateTime: T0, displayName: "YubiKey 5" })]) }),
    expect: { count: 1, explanation: /fido2 method created/ },
  },
  {
    name: "phone from another country than the user's usage location adds the heuristic bonus",
    evidence: makeEvidence({
      user: { ...TEST_USER, usageLocation: "US" },
      directoryAudits: ok([
        directoryAudit("User registered security info", T0, {
          targets: [{ id: TEST_USER.id, type: "User", modifiedProperties: [{ name: "StrongAuthenticationUserDetails", newValue: "[{\"PhoneNumber\":\"+234 8031234567\"}]" }] }],
        }),
      ]),
    }),
    expect: { count: 1, minConfidence: 0.4, adjustment: /usual country \(\+1\)/, entities: { phones: ["+2348031234567"] } },
  },
  {
    name: "phone from the usual country adds nothing",
    evidence: makeEvidence({ user: { ...TEST_USER, usageLocation: "GB" }, authMethods: ok([authMethod({ kind: "phone", phoneNumber: "+44 7700900123", createdDateTime: T0 })]) }),
    expect: { count: 1, maxConfidence: 0.26 },
  },
  {
    name: "Update user with StrongAuthenticationPhoneAppDetail (new authenticator, legacy stack)",
    evidence: makeEvidence({
      signIns: ok([risky]),
      directoryAudits: ok([
        directoryAudit("Update user", at(T0, 30).time, {
          category: "UserManagement",
          targets: [{ id: TEST_USER.id, type: "User", modifiedProperties: [{ name: "StrongAuthenticationPhoneAppDetail", newValue: "[...]" }] }],
        }),
      ]),
    }),
    expect: { count: 1, minConfidence: 0.9 },
  },
  {
    name: "Update user without strong-auth properties is not a method change",
    evidence: makeEvidence({ directoryAudits: ok([directoryAudit("Update user", T0, { targets: [{ id: TEST_USER.id, type: "User", modifiedProperties: [{ name: "Department" }] }] })]) }),
    expect: { count: 0 },
  },
  {
    name: "admin changing another user's methods is not this user's change",
    evidence: makeEvidence({ directoryAudits: ok([directoryAudit("Admin registered security info", T0, { targets: [{ id: "someone-else", type: "User", modifiedProperties: [] }] })]) }),
    expect: { count: 0 },
  },
  {
    name: "failed registration is ignored",
    evidence: makeEvidence({ directoryAudits: ok([registered(0, { result: "failure" })]) }),
    expect: { count: 0 },
  },
  {
    name: "before the window is baseline",
    evidence: makeEvidence({ directoryAudits: ok([directoryAudit("User registered security info", "2026-11-02T10:00:00Z")]) }),
    expect: { count: 0 },
  },
  { name: "audits not collected", evidence: makeEvidence({ directoryAudits: failed() }), expect: { count: 0 } },
];

runCases(authMethodChange, cases);
