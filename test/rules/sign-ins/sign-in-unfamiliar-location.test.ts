import { describe } from "node:test";
import { signInUnfamiliarLocation } from "../../../src/rules/sign-ins/sign-in-unfamiliar-location.js";
import { TEST_USER, WINDOW, failed, makeEvidence, ok } from "../../helpers/evidence.js";
import {
  ATTACKER_ASN,
  ATTACKER_IP,
  HOME_ASN,
  PLACES,
  T0,
  at,
  baselineOf,
  betaSignIn,
  failedStatus,
  runCases,
  signIn,
  type Case,
} from "../../helpers/sign-ins.js";

type O = typeof signInUnfamiliarLocation.defaultOptions;

const baseline = ok(baselineOf());
const lagos = betaSignIn({ ipAddress: ATTACKER_IP, autonomousSystemNumber: ATTACKER_ASN, location: PLACES.lagos });

const cases: Case<O>[] = [
  {
    name: "success from a new country is medium with the country-level confidence",
    evidence: makeEvidence({ signIns: ok([betaSignIn(), lagos]), signInBaseline: baseline }),
    expect: {
      count: 1,
      minConfidence: 0.5,
      maxConfidence: 0.5,
      severity: "medium",
      title: /new country: NG \(Lagos\)/,
      explanation: /baseline has 60 sign-ins on 20 days .* from GB/,
      ips: [ATTACKER_IP],
      evidenceIds: [lagos.id],
      firstSeen: lagos.time,
    },
  },
  {
    name: "home sign-ins are familiar",
    evidence: makeEvidence({ signIns: ok([betaSignIn(), betaSignIn({ createdDateTime: at(T0, 60) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "a new IP in the home /24 is the weakest novelty",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: "198.51.100.77" })]), signInBaseline: baseline }),
    expect: { count: 1, maxConfidence: 0.1, severity: "low", title: /new IP in a known network/ },
  },
  {
    name: "a new /24 in a known country and ASN is a new network",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: "192.0.2.10", location: PLACES.manchester })]), signInBaseline: baseline }),
    expect: { count: 1, minConfidence: 0.25, maxConfidence: 0.25, title: /new network: 192\.0\.2\.0\/24 in GB/ },
  },
  {
    name: "a new ASN in a known country ranks above a new network",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: "192.0.2.10", autonomousSystemNumber: 2856 })]), signInBaseline: baseline }),
    expect: { count: 1, minConfidence: 0.35, maxConfidence: 0.35, title: /new ASN: AS2856 in GB/ },
  },
  {
    name: "v1.0 data (no ASN) still compares country and network, and says ASN was not checked",
    evidence: makeEvidence({
      signIns: ok([signIn({ ipAddress: "192.0.2.10" })]),
      signInBaseline: ok(baselineOf({ beta: false })),
    }),
    expect: { count: 1, maxConfidence: 0.25, explanation: /Not checked: ASN/ },
  },
  {
    name: "a v1.0 history cannot call a beta sign-in's ASN new: it is judged by network",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: "192.0.2.10", autonomousSystemNumber: 2856 })]), signInBaseline: ok(baselineOf({ beta: false })) }),
    expect: { count: 1, maxConfidence: 0.25, title: /new network/ },
  },
  {
    name: "IPv6 sign-in from a new /48 in the home country is a new network",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: "2001:db8:4f2a:12::5" })]), signInBaseline: baseline }),
    expect: { count: 1, title: /2001:db8:4f2a::\/48/ },
  },
  {
    name: "failed sign-ins from a new country are not this rule's business",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: ATTACKER_IP, location: PLACES.lagos, ...failedStatus(50126) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "a thin baseline (learning period) halves confidence and says so",
    evidence: makeEvidence({ signIns: ok([lagos]), signInBaseline: ok(baselineOf({ days: 2, perDay: 2 })) }),
    expect: { count: 1, maxConfidence: 0.25, severity: "low", adjustment: /still learning: 4 sign-ins on 2 days/ },
  },
  {
    name: "ten sign-ins on fewer than seven days is a mature baseline",
    evidence: makeEvidence({ signIns: ok([lagos]), signInBaseline: ok(baselineOf({ days: 5, perDay: 2 })) }),
    expect: { count: 1, minConfidence: 0.5, noAdjustment: /learning/ },
  },
  {
    name: "an allow-listed country lowers confidence",
    evidence: makeEvidence({ signIns: ok([lagos]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { countries: ["ng"] } } },
    expect: { count: 1, maxConfidence: 0.15, adjustment: /Country NG is allow-listed/ },
  },
  {
    name: "an allow-listed IPv4 range lowers confidence",
    evidence: makeEvidence({ signIns: ok([lagos]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/25"] } } },
    expect: { count: 1, maxConfidence: 0.15, adjustment: /203\.0\.113\.66 is in the allow-listed range 203\.0\.113\.0\/25/ },
  },
  {
    name: "an allow-listed IPv6 range lowers confidence",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: "2001:db8:abcd::5", location: PLACES.amsterdam })]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { ipRanges: ["2001:db8::/32"] } } },
    expect: { count: 1, maxConfidence: 0.15, adjustment: /allow-listed range 2001:db8::\/32/ },
  },
  {
    name: "an IP outside the allow-listed range keeps full confidence",
    evidence: makeEvidence({ signIns: ok([lagos]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.128/25"] } } },
    expect: { count: 1, minConfidence: 0.5 },
  },
  {
    name: "activity that ended before a password change is discounted",
    evidence: makeEvidence({
      user: { ...TEST_USER, lastPasswordChangeDateTime: "2026-11-26T10:00:00Z" },
      signIns: ok([lagos]),
      signInBaseline: baseline,
    }),
    expect: { count: 1, maxConfidence: 0.25, adjustment: /before the password change at 2026-11-26T10:00:00Z/ },
  },
  {
    name: "activity that ended before a session revocation is discounted",
    evidence: makeEvidence({
      user: { ...TEST_USER, signInSessionsValidFromDateTime: "2026-11-26T10:00:00Z" },
      signIns: ok([lagos]),
      signInBaseline: baseline,
    }),
    expect: { count: 1, maxConfidence: 0.25, adjustment: /session revocation/ },
  },
  {
    name: "activity continuing after the reset is not discounted",
    evidence: makeEvidence({
      user: { ...TEST_USER, lastPasswordChangeDateTime: "2026-11-24T10:00:00Z" },
      signIns: ok([lagos]),
      signInBaseline: baseline,
    }),
    expect: { count: 1, minConfidence: 0.5, noAdjustment: /password change/ },
  },
  {
    name: "sign-ins before the window are history, not detections",
    evidence: makeEvidence({ signIns: ok([betaSignIn({ ipAddress: ATTACKER_IP, location: PLACES.lagos, createdDateTime: at(WINDOW.from, -5) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "a sign-in with neither IP nor location cannot be compared",
    evidence: makeEvidence({ signIns: ok([signIn({ ipAddress: null, location: PLACES.none })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "a sign-in without location is still compared by network",
    evidence: makeEvidence({ signIns: ok([signIn({ ipAddress: ATTACKER_IP, location: PLACES.none })]), signInBaseline: ok(baselineOf({ beta: false })) }),
    expect: { count: 1, title: /new network: 203\.0\.113\.0\/24$/, explanation: /Not checked: .*country/ },
  },
  {
    name: "non-interactive token refresh from Microsoft's ASN is ignored",
    evidence: makeEvidence({
      signIns: ok([betaSignIn({ ipAddress: "20.190.151.7", autonomousSystemNumber: 8075, isInteractive: false, location: PLACES.amsterdam })]),
      signInBaseline: baseline,
    }),
    expect: { count: 0 },
  },
  {
    name: "two new countries are two findings",
    evidence: makeEvidence({ signIns: ok([lagos, betaSignIn({ ipAddress: "192.0.2.200", location: PLACES.singapore, autonomousSystemNumber: HOME_ASN })]), signInBaseline: baseline }),
    expect: { count: 2 },
  },
  {
    name: "an empty history (new account, retention exceeded) says nothing: everything would be new",
    evidence: makeEvidence({ signIns: ok([lagos]) }),
    expect: { count: 0 },
  },
  {
    name: "the rule needs its baseline",
    evidence: makeEvidence({ signIns: ok([lagos]), signInBaseline: failed() }),
    expect: { count: 0 },
  },
  {
    name: "confidence levels are options",
    evidence: makeEvidence({ signIns: ok([lagos]), signInBaseline: baseline }),
    options: { countryConfidence: 0.7 },
    expect: { count: 1, minConfidence: 0.7, maxConfidence: 0.7 },
  },
];

describe("sign-in-unfamiliar-location", () => runCases(signInUnfamiliarLocation, cases));
