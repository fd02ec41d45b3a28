import { describe } from "node:test";
import { deviceCodeSignIn } from "../../../src/rules/sign-ins/device-code-sign-in.js";
import { TEST_USER, failed, makeEvidence, ok } from "../../helpers/evidence.js";
import { APPS, ATTACKER_ASN, ATTACKER_IP, PLACES, T0, at, baselineOf, betaSignIn, failedStatus, runCases, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof deviceCodeSignIn.defaultOptions;

const baseline = ok(baselineOf());
const deviceCode = { ...APPS.teams, authenticationProtocol: "deviceCode", isInteractive: false, clientAppUsed: "Mobile Apps and Desktop clients" };
const fromHome = betaSignIn(deviceCode);
const abroad = betaSignIn({ ...deviceCode, ipAddress: ATTACKER_IP, autonomousSystemNumber: ATTACKER_ASN, location: PLACES.lagos, createdDateTime: at(T0, 3) });

const cases: Case<O>[] = [
  {
    name: "a first device-code sign-in from the usual network: 40 points",
    evidence: makeEvidence({ signIns: ok([betaSignIn(), fromHome]), signInBaseline: baseline }),
    expect: {
      count: 1,
      minConfidence: 0.65,
      maxConfidence: 0.65,
      severity: "medium",
      title: /Device-code sign-in to Microsoft Teams/,
      explanation: /never used device code in the baseline/,
      evidenceIds: [fromHome.id],
      attack: ["T1528", "T1566.002"],
    },
  },
  {
    name: "a first device-code sign-in from a new country: +20",
    evidence: makeEvidence({ signIns: ok([abroad]), signInBaseline: baseline }),
    expect: { count: 1, minConfidence: 0.97, severity: "high", adjustment: /From a new country/, ips: [ATTACKER_IP] },
  },
  {
    name: "originalTransferMethod deviceCodeFlow counts",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ originalTransferMethod: "deviceCodeFlow" })]), signInBaseline: baseline }),
    expect: { count: 1 },
  },
  {
    name: "the Azure Monitor spelling 'Device code flow' counts",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ originalTransferMethod: "Device code flow" })]), signInBaseline: baseline }),
    expect: { count: 1 },
  },
  {
    name: "a user who used device code before (a Teams Room, a CLI user) is much lower",
    evidence: makeEvidence({
      signIns: ok([fromHome]),
      signInBaseline: ok(baselineOf({ extra: [betaSignIn({ ...deviceCode, createdDateTime: "2026-11-03T10:00:00Z" })] })),
    }),
    expect: { count: 1, maxConfidence: 0.2, adjustment: /device code 1 times in the baseline/ },
  },
  {
    name: "failed device-code attempts are not sign-ins",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ...deviceCode, ...failedStatus(70016, "Pending end-user authorization.") })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "ordinary sign-ins are not device code",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: ATTACKER_IP, location: PLACES.lagos })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "v1.0 data carries no protocol: nothing to match",
    evidence: makeEvidence({ signIns: ok([signIn({ ...APPS.teams })]), signInBaseline: ok(baselineOf({ beta: false })) }),
    expect: { count: 0 },
  },
  {
    name: "without a baseline: base confidence, first use not checked",
    evidence: makeEvidence({ signIns: ok([abroad]), signInBaseline: failed() }),
    expect: { count: 1, minConfidence: 0.65, maxConfidence: 0.65, explanation: /Not checked: whether this is the user's first device-code sign-in/ },
  },
  {
    name: "an allow-listed app lowers confidence",
    evidence: makeEvidence({ signIns: ok([fromHome]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { apps: [APPS.teams.appId.toUpperCase()] } } },
    expect: { count: 1, maxConfidence: 0.2, adjustment: /Application 1fec8e78-bce4-4aaf-ab1b-5451cc387264 is allow-listed/ },
  },
  {
    name: "a session revocation after the device-code sign-in discounts it",
    evidence: makeEvidence({ user: { ...TEST_USER, signInSessionsValidFromDateTime: at(T0, 30) }, signIns: ok([abroad]), signInBaseline: baseline }),
    expect: { count: 1, maxConfidence: 0.49, adjustment: /session revocation/ },
  },
];

describe("device-code-sign-in", () => runCases(deviceCodeSignIn, cases));
