import { describe } from "node:test";
import { impossibleTravel } from "../../../src/rules/sign-ins/impossible-travel.js";
import { TEST_USER, failed, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_IP, PLACES, T0, at, baselineOf, failedStatus, runCases, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof impossibleTravel.defaultOptions;

const baseline = ok(baselineOf({ beta: false }));
const london = signIn();
const lagos40 = signIn({ ipAddress: ATTACKER_IP, location: PLACES.lagos, createdDateTime: at(T0, 40) });
const newYork = (minutes: number) => signIn({ ipAddress: "192.0.2.77", location: PLACES.newYork, createdDateTime: at(T0, minutes) });

const cases: Case<O>[] = [
  {
    name: "London then Lagos 40 minutes later, Lagos new to the user",
    evidence: makeEvidence({ signIns: ok([london, lagos40]), signInBaseline: baseline }),
    expect: {
      count: 1,
      minConfidence: 0.9,
      maxConfidence: 0.9,
      severity: "high",
      title: /Impossible travel London, GB -> Lagos, NG/,
      matched: /\| 5\d{3} km in 40 min \(\d+ km\/h\)$/,
      adjustment: /NG is a country the user never signed in from/,
      evidenceIds: [london.id, lagos40.id],
      ips: ["198.51.100.24", ATTACKER_IP],
    },
  },
  {
    name: "a destination the user already knows stays medium",
    evidence: makeEvidence({
      signIns: ok([london, newYork(60)]),
      signInBaseline: ok(baselineOf({ beta: false, extra: [signIn({ ipAddress: "192.0.2.77", location: PLACES.newYork, createdDateTime: "2026-11-02T15:00:00Z" })] })),
    }),
    expect: { count: 1, minConfidence: 0.6, maxConfidence: 0.6, severity: "medium" },
  },
  {
    name: "beyond the 90-minute lookback nothing is compared",
    evidence: makeEvidence({ signIns: ok([london, newYork(120)]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "fast but short (London -> Paris, 344 km) is under 500 km",
    evidence: makeEvidence({ signIns: ok([london, signIn({ ipAddress: "192.0.2.5", location: PLACES.paris, createdDateTime: at(T0, 10) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "far but slow enough is possible (London -> Edinburgh, 534 km in 60 min)",
    evidence: makeEvidence({
      signIns: ok([
        london,
        signIn({
          ipAddress: "192.0.2.5",
          location: { city: "Edinburgh", state: "Scotland", countryOrRegion: "GB", geoCoordinates: { latitude: 55.9533, longitude: -3.1883 } },
          createdDateTime: at(T0, 60),
        }),
      ]),
      signInBaseline: baseline,
    }),
    expect: { count: 0 },
  },
  {
    name: "non-interactive sign-ins are excluded (token refresh egress)",
    evidence: makeEvidence({ signIns: ok([london, signIn({ ipAddress: ATTACKER_IP, location: PLACES.lagos, isInteractive: false, createdDateTime: at(T0, 40) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "failed sign-ins are excluded",
    evidence: makeEvidence({ signIns: ok([london, signIn({ ipAddress: ATTACKER_IP, location: PLACES.lagos, createdDateTime: at(T0, 40), ...failedStatus(50126) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "the same IP geolocated twice is not travel",
    evidence: makeEvidence({ signIns: ok([london, signIn({ location: PLACES.lagos, createdDateTime: at(T0, 40) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "without coordinates, two countries within 15 minutes count at lower confidence",
    evidence: makeEvidence({ signIns: ok([london, signIn({ ipAddress: ATTACKER_IP, location: PLACES.russiaNoCoordinates, createdDateTime: at(T0, 10) })]), signInBaseline: baseline }),
    expect: { count: 1, minConfidence: 0.6, maxConfidence: 0.6, explanation: /Not checked: the distance/, matched: /two countries within 15 min/ },
  },
  {
    name: "without coordinates, 20 minutes apart is not enough",
    evidence: makeEvidence({ signIns: ok([london, signIn({ ipAddress: ATTACKER_IP, location: PLACES.russiaNoCoordinates, createdDateTime: at(T0, 20) })]), signInBaseline: baseline }),
    expect: { count: 0 },
  },
  {
    name: "0/0 coordinates are treated as none",
    evidence: makeEvidence({
      signIns: ok([london, signIn({ ipAddress: ATTACKER_IP, location: { ...PLACES.lagos, geoCoordinates: { latitude: 0, longitude: 0 } }, createdDateTime: at(T0, 50) })]),
      signInBaseline: baseline,
    }),
    expect: { count: 0 },
  },
  {
    name: "without a baseline the new-country check is skipped and said so",
    evidence: makeEvidence({ signIns: ok([london, lagos40]), signInBaseline: failed() }),
    expect: { count: 1, minConfidence: 0.6, maxConfidence: 0.6, explanation: /Not checked: whether the destination country is new/ },
  },
  {
    name: "an allow-listed country lowers confidence",
    evidence: makeEvidence({ signIns: ok([london, lagos40]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { countries: ["NG"] } } },
    expect: { count: 1, maxConfidence: 0.27, adjustment: /Country NG is allow-listed/ },
  },
  {
    name: "an allow-listed VPN range lowers confidence",
    evidence: makeEvidence({ signIns: ok([london, lagos40]), signInBaseline: baseline }),
    context: { configInput: { allowLists: { ipRanges: ["203.0.113.0/24"] } } },
    expect: { count: 1, maxConfidence: 0.27, adjustment: /allow-listed range 203\.0\.113\.0\/24/ },
  },
  {
    name: "there and back again is one finding on one route",
    evidence: makeEvidence({ signIns: ok([london, lagos40, signIn({ ipAddress: "198.51.100.25", createdDateTime: at(T0, 70) })]), signInBaseline: baseline }),
    expect: { count: 1, explanation: /2 times on this route/ },
  },
  {
    name: "travel before a session revocation is discounted",
    evidence: makeEvidence({ user: { ...TEST_USER, signInSessionsValidFromDateTime: at(T0, 120) }, signIns: ok([london, lagos40]), signInBaseline: baseline }),
    expect: { count: 1, maxConfidence: 0.45, adjustment: /session revocation/ },
  },
  {
    name: "thresholds are options",
    evidence: makeEvidence({ signIns: ok([london, signIn({ ipAddress: "192.0.2.5", location: PLACES.paris, createdDateTime: at(T0, 10) })]), signInBaseline: baseline }),
    options: { minDistanceKm: 300 },
    expect: { count: 1 },
  },
];

describe("impossible-travel", () => runCases(impossibleTravel, cases));
