import { describe } from "node:test";
import type { SprayIp } from "../../../src/derive/tenant-facts.js";
import { passwordSprayIpSuccess } from "../../../src/rules/sign-ins/password-spray-ip-success.js";
import { TEST_USER, emptyFacts, makeEvidence, ok } from "../../helpers/evidence.js";
import { ATTACKER_IP, PLACES, T0, at, failedStatus, runCases, signIn, type Case } from "../../helpers/sign-ins.js";

type O = typeof passwordSprayIpSuccess.defaultOptions;

const spray: SprayIp = {
  ip: ATTACKER_IP,
  distinctUsers: 37,
  firstSeen: at(T0, -30),
  lastSeen: at(T0, -5),
  basis: ">= 5 accounts failing 50053/50126/50055 within 20 min (Sentinel SigninPasswordSpray)",
};
const facts = { facts: emptyFacts({ sprayIps: new Map([[ATTACKER_IP, spray]]) }) };
const fromSpray = { ipAddress: ATTACKER_IP, location: PLACES.amsterdam };
const success = signIn({ ...fromSpray, clientAppUsed: "Authenticated SMTP" });
const mfaRequired = signIn({ ...fromSpray, createdDateTime: at(T0, -2), ...failedStatus(50074, "Strong Authentication is required.") });
const caBlocked = signIn({ ...fromSpray, createdDateTime: at(T0, -1), ...failedStatus(53003, "Access has been blocked by Conditional Access policies.") });

const cases: Case<O>[] = [
  {
    name: "a success from a spray IP is high",
    evidence: makeEvidence({ signIns: ok([success]) }),
    context: facts,
    expect: {
      count: 1,
      minConfidence: 0.8,
      maxConfidence: 0.8,
      severity: "high",
      title: /Successful sign-in from spray IP 203\.0\.113\.66/,
      explanation: /37 users.*got in/,
      ips: [ATTACKER_IP],
      evidenceIds: [success.id],
    },
  },
  {
    name: "an MFA interrupt from a spray IP is medium: the password is known",
    evidence: makeEvidence({ signIns: ok([mfaRequired]) }),
    context: facts,
    expect: { count: 1, minConfidence: 0.47, maxConfidence: 0.47, severity: "medium", explanation: /error 50074/, title: /interrupted/ },
  },
  {
    name: "a Conditional Access block counts as an interrupt",
    evidence: makeEvidence({ signIns: ok([caBlocked]) }),
    context: facts,
    expect: { count: 1, severity: "medium", explanation: /error 53003/ },
  },
  {
    name: "success outranks interrupts from the same IP: one finding",
    evidence: makeEvidence({ signIns: ok([mfaRequired, caBlocked, success]) }),
    context: facts,
    expect: { count: 1, severity: "high", explanation: /1 successful sign-in\(s\) and 2 interrupted/, firstSeen: mfaRequired.time },
  },
  {
    name: "plain password failures from the spray IP are the spray itself, not a hit",
    evidence: makeEvidence({ signIns: ok([signIn({ ...fromSpray, ...failedStatus(50126) })]) }),
    context: facts,
    expect: { count: 0 },
  },
  {
    name: "successes from other IPs are not hits",
    evidence: makeEvidence({ signIns: ok([signIn()]) }),
    context: facts,
    expect: { count: 0 },
  },
  {
    name: "no spray IPs in the tenant: nothing to match",
    evidence: makeEvidence({ signIns: ok([success]) }),
    expect: { count: 0 },
  },
  {
    name: "an allow-listed spray IP (shared egress) lowers confidence",
    evidence: makeEvidence({ signIns: ok([success]) }),
    context: { ...facts, configInput: { allowLists: { ipRanges: ["203.0.113.64/28"] } } },
    expect: { count: 1, maxConfidence: 0.24, adjustment: /allow-listed range/ },
  },
  {
    name: "a password change after the hit discounts it",
    evidence: makeEvidence({ user: { ...TEST_USER, lastPasswordChangeDateTime: at(T0, 30) }, signIns: ok([success]) }),
    context: facts,
    expect: { count: 1, maxConfidence: 0.4, adjustment: /before the password change/ },
  },
  {
    name: "hits before the window are ignored",
    evidence: makeEvidence({ signIns: ok([signIn({ ...fromSpray, createdDateTime: "2026-11-19T23:00:00Z" })]) }),
    context: facts,
    expect: { count: 0 },
  },
  {
    name: "interrupt codes are an option",
    evidence: makeEvidence({ signIns: ok([mfaRequired]) }),
    options: { interruptCodes: [53003] },
    context: facts,
    expect: { count: 0 },
  },
];

describe("password-spray-ip-success", () => runCases(passwordSprayIpSuccess, cases));
