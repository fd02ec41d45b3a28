/**
 * Every sign-in rule on evidence stripped to the required members only (no location, device,
 * risk, beta or baseline fields) and on failed sources: nothing throws, and whatever comes out
 * can be reported.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RiskDetection, SignIn, UserEvidence } from "../../../src/collect/evidence.js";
import { signInRules } from "../../../src/rules/sign-ins/index.js";
import type { UserRule } from "../../../src/rules/types.js";
import { TEST_USER, emptyFacts, emptySignInBaseline, failed, makeContext, makeEvidence, ok } from "../../helpers/evidence.js";
import { T0 } from "../../helpers/sign-ins.js";

function bare(n: number, errorCode: number): SignIn {
  const ms = Date.parse(T0) + n * 10_000;
  return {
    id: `bare-${n}`,
    time: new Date(ms).toISOString(),
    ms,
    userId: TEST_USER.id,
    userPrincipalName: TEST_USER.userPrincipalName,
    legacyAuth: false,
    isInteractive: n % 2 === 0,
    errorCode,
    success: errorCode === 0,
    riskEventTypes: [],
    authenticationDetails: [],
  };
}

const bareSignIns = [...Array.from({ length: 40 }, (_, n) => bare(n, n % 4 === 0 ? 0 : n % 4 === 1 ? 50126 : 500121))];
const bareRisk: RiskDetection = { id: "r1", riskEventType: "attackerinTheMiddle", time: T0, ms: Date.parse(T0) };
const bareUnknownRisk: RiskDetection = { id: "r2", riskEventType: "somethingNew", time: T0, ms: Date.parse(T0) };

const evidences: [string, UserEvidence][] = [
  ["empty sources", makeEvidence()],
  [
    "bare sign-ins, empty baseline, bare risk detections",
    makeEvidence({ signIns: ok(bareSignIns), signInBaseline: ok(emptySignInBaseline()), riskDetections: ok([bareRisk, bareUnknownRisk]), riskyUser: ok({ id: TEST_USER.id }) }),
  ],
  [
    "every source failed",
    makeEvidence({ signIns: failed(), signInBaseline: failed(), riskDetections: failed(), riskyUser: failed("LICENSE_REQUIRED", "unavailable") }),
  ],
];

const context = makeContext({}, { facts: emptyFacts({ sprayIps: new Map([["203.0.113.66", { ip: "203.0.113.66", distinctUsers: 9, firstSeen: T0, lastSeen: T0, basis: "test" }]]) }) });

describe("sign-in rules tolerate missing fields", () => {
  for (const rule of signInRules as UserRule<Record<string, unknown>>[]) {
    for (const [name, evidence] of evidences) {
      test(`${rule.meta.id}: ${name}`, () => {
        const detections = rule.evaluate(evidence, { ...context, options: rule.defaultOptions });
        assert.ok(Array.isArray(detections));
        for (const d of detections) {
          assert.ok(Number.isFinite(d.confidence) && d.confidence >= 0 && d.confidence <= 1, `${rule.meta.id} confidence ${d.confidence}`);
          assert.ok(!Number.isNaN(Date.parse(d.firstSeen)) && !Number.isNaN(Date.parse(d.lastSeen)), `${rule.meta.id} times`);
          assert.ok(!/undefined|NaN/.test(d.explanation), `${rule.meta.id} explanation leaks undefined/NaN: ${d.explanation}`);
          assert.ok(!/undefined|NaN/.test(d.title ?? ""), `${rule.meta.id} title leaks undefined/NaN: ${d.title}`);
        }
      });
    }
  }

  test("bare data still yields the detections it supports", () => {
    const evidence = evidences[1][1];
    const byId = new Map((signInRules as UserRule<Record<string, unknown>>[]).map((r) => [r.meta.id, r.evaluate(evidence, { ...context, options: r.defaultOptions }).length]));
    assert.equal(byId.get("entra-risk-decisive"), 1);
    assert.equal(byId.get("entra-risk-detection"), 1);
    assert.equal(byId.get("sign-in-unfamiliar-location"), 0);
    assert.equal(byId.get("sign-in-failures-then-success"), 3, "three rounds of 3 failures then a success, none with an origin to compare");
  });
});
