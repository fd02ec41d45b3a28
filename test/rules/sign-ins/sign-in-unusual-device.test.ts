import { describe } from "node:test";
import { signInUnusualDevice } from "../../../src/rules/sign-ins/sign-in-unusual-device.js";
import { TEST_USER, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_ASN, ATTACKER_IP, PLACES, T0, at, baselineOf, betaSignIn, runCases, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof signInUnusualDevice.defaultOptions;

const baseline = ok(baselineOf());
const linuxFirefox = { deviceDetail: { operatingSystem: "Linux", browser: "Firefox 133.0" } };
const abroad = { ipAddress: ATTACKER_IP, autonomousSystemNumber: ATTACKER_ASN, location: PLACES.lagos };
const attackerDevice = betaSignIn({ ...linuxFirefox, ...abroad });

const cases: Case<O>[] = [
  {
    name: "a new OS/browser from a new country",
    evidence: makeEvidence({ signIns: ok([betaSignIn(), attackerDevice]), signInBaseline: baseline }),
    expect: {
      count: 1,
      minConfidence: 0.6,
      maxConfidence: 0.6,
      severity: "medium",
      title: /New device type Linux \/ Firefox 133\.0 from NG/,
      explanation: /never seen for this user \(baseline devices: Windows10\|Edge 131\.0\.2903\).*new country/,
      ips: [ATTACKER_IP],
      evidenceIds: [attackerDevice.id],
    },
  },
  {
    name: "a new OS/browser from a new network in the home country is weaker",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ...linuxFirefox, ipAddress: "192.0.2.10", autonomousSystemNumber: 2856 })]), signInBaseline: baseline }),
    expect: { count: 1, minConfidence: 0.4, maxConfidence: 0.4, severity: "low", title: /from AS2856/ },
  },
  {
    name: "a new device from the usual network alone is not reported",
    evidence: makeEvidence({ signIns: ok([betaSignIn(linuxFirefox)]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "a browser update is the same device; the new country alone is another rule's finding",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ...abroad, deviceDetail: { operatingSystem: "Windows 10", browser: "Edge 132.0.1" } })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "sign-ins without device details cannot be compared",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ...abroad, deviceDetail: { operatingSystem: null, browser: null } })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "a baseline without any device history says nothing",
    evidence: makeEvidence({
      signIns: ok([attackerDevice]),
      signInBaseline: ok(baselineOf({ home: { deviceDetail: { operatingSystem: null, browser: null } } })),
    }),
    expect: { count: 0 },
  },
  {
    name: "v1.0 data: works on country and network without ASN",
    evidence: makeEvidence({ signIns: ok([signIn({ ...linuxFirefox, ipAddress: ATTACKER_IP, location: PLACES.lagos })]), signInBaseline: ok(baselineOf({ beta: false })) }),
    expect: { count: 1, minConfidence: 0.6 },
  },
  {
    name: "a learning baseline halves confidence",
    evidence: makeEvidence({ signIns: ok([attackerDevice]), signInBaseline: ok(baselineOf({ days: 3, perDay: 1 })) }),
    expect: { count: 1, maxConfidence: 0.3, severity: "low", adjustment: /still learning/ },
  },
  {
    name: "an allow-listed country lowers confidence",
    evidence: makeEvidence({ signIns: ok([attackerDevice]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { countries: ["NG"] } } },
    expect: { count: 1, maxConfidence: 0.18, adjustment: /Country NG is allow-listed/ },
  },
  {
    name: "a password change after the sign-ins discounts them",
    evidence: makeEvidence({ user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, 1) }, signIns: ok([attackerDevice]), signInBaseline: baseline }),
    expect: { count: 1, maxConfidence: 0.3, adjustment: /password change/ },
  },
];

describe("sign-in-unusual-device", () => runCases(signInUnusualDevice, cases));
