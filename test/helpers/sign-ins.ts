/**
 * Graph-shaped sign-in test data: tests write `signIn` / `riskDetection` resources as Graph
 * returns them (v1.0 field names, beta extras only when asked for) and the real collector
 * normalisers and baseline builder turn them into evidence, so a rule test also proves the rule
 * reads what the collectors produce. Plus the table runner every sign-in rule test uses.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { addToSignInBaseline, newSignInBaseline } from "../../src/collect/baseline.js";
import type { RiskDetection, SignIn, SignInBaseline, UserEvidence } from "../../src/collect/evidence.js";
import { normaliseRiskDetection } from "../../src/collect/sources/risk.js";
import { normaliseSignIn } from "../../src/collect/sources/sign-ins.js";
import type { GraphObject } from "../../src/snapshot/types.js";
import type { Detection, RuleContext, UserRule } from "../../src/rules/types.js";
import { TEST_USER, WINDOW, makeContext } from "./evidence.js";

/** Inside the test window (2026-11-20T06:00Z .. 2026-11-27T06:00Z). */
export const T0 = "2026-11-25T09:00:00Z";

/** `iso` shifted by minutes (and seconds), as Graph writes it. */
export function at(iso: string, minutes = 0, seconds = 0): string {
  return new Date(Date.parse(iso) + minutes * 60_000 + seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** signIn.location values (graph-api.md §1.1 shape). */
export const PLACES = {
  london: { city: "London", state: "England", countryOrRegion: "GB", geoCoordinates: { altitude: null, latitude: 51.5074, longitude: -0.1278 } },
  manchester: { city: "Manchester", state: "England", countryOrRegion: "GB", geoCoordinates: { altitude: null, latitude: 53.4808, longitude: -2.2426 } },
  paris: { city: "Paris", state: "Ile-de-France", countryOrRegion: "FR", geoCoordinates: { altitude: null, latitude: 48.8566, longitude: 2.3522 } },
  amsterdam: { city: "Amsterdam", state: "Noord-Holland", countryOrRegion: "NL", geoCoordinates: { altitude: null, latitude: 52.3676, longitude: 4.9041 } },
  newYork: { city: "New York", state: "New York", countryOrRegion: "US", geoCoordinates: { altitude: null, latitude: 40.7128, longitude: -74.006 } },
  lagos: { city: "Lagos", state: "Lagos", countryOrRegion: "NG", geoCoordinates: { altitude: null, latitude: 6.5244, longitude: 3.3792 } },
  singapore: { city: "Singapore", state: "Singapore", countryOrRegion: "SG", geoCoordinates: { altitude: null, latitude: 1.3521, longitude: 103.8198 } },
  /** Graph knows the country but has no coordinates. */
  russiaNoCoordinates: { city: null, state: null, countryOrRegion: "RU", geoCoordinates: { altitude: null, latitude: null, longitude: null } },
  /** No location at all (Graph sends empty members). */
  none: { city: null, state: null, countryOrRegion: null, geoCoordinates: null },
} as const;

/** The user's usual origin in the baseline: London broadband. */
export const HOME_IP = "198.51.100.24";
export const HOME_ASN = 5089;
export const ATTACKER_IP = "203.0.113.66";
export const ATTACKER_ASN = 9009;

export const APPS = {
  exchange: { appId: "00000002-0000-0ff1-ce00-000000000000", appDisplayName: "Office 365 Exchange Online" },
  officeHome: { appId: "4765445b-32c6-49b0-83e6-1d93765276ca", appDisplayName: "OfficeHome" },
  azureCli: { appId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", appDisplayName: "Microsoft Azure CLI" },
  teams: { appId: "1fec8e78-bce4-4aaf-ab1b-5451cc387264", appDisplayName: "Microsoft Teams" },
  outlookMobile: { appId: "27922004-5251-4030-b22d-91ecd9a37ea4", appDisplayName: "Outlook Mobile" },
} as const;

export const RESOURCES = {
  exchange: { resourceId: "00000002-0000-0ff1-ce00-000000000000", resourceDisplayName: "Office 365 Exchange Online" },
  graph: { resourceId: "00000003-0000-0000-c000-000000000000", resourceDisplayName: "Microsoft Graph" },
  aadGraph: { resourceId: "00000002-0000-0000-c000-000000000000", resourceDisplayName: "Windows Azure Active Directory" },
} as const;

let sequence = 0;
function guid(prefix: string): string {
  sequence += 1;
  return `${prefix}-0000-4000-8000-${sequence.toString(16).padStart(12, "0")}`;
}

const NESTED = ["status", "deviceDetail", "location"] as const;

/**
 * A v1.0 signIn resource: a successful interactive browser sign-in to Exchange Online from the
 * user's home IP in London. Overrides replace top-level members; `status`, `deviceDetail` and
 * `location` are merged member by member.
 */
export function graphSignIn(overrides: GraphObject = {}): GraphObject {
  const id = guid("5e1a0c2d");
  const base: GraphObject = {
    id,
    createdDateTime: T0,
    userDisplayName: TEST_USER.displayName,
    userPrincipalName: TEST_USER.userPrincipalName,
    userId: TEST_USER.id,
    ...APPS.exchange,
    ipAddress: HOME_IP,
    clientAppUsed: "Browser",
    correlationId: guid("c0441e1a"),
    conditionalAccessStatus: "success",
    isInteractive: true,
    riskDetail: "none",
    riskLevelAggregated: "none",
    riskLevelDuringSignIn: "none",
    riskState: "none",
    riskEventTypes: [],
    riskEventTypes_v2: [],
    ...RESOURCES.exchange,
    status: { errorCode: 0, failureReason: "Other.", additionalDetails: null },
    deviceDetail: { deviceId: "", displayName: null, operatingSystem: "Windows10", browser: "Edge 131.0.2903", isCompliant: false, isManaged: false, trustType: null },
    location: PLACES.london,
    appliedConditionalAccessPolicies: [],
  };
  const merged: GraphObject = { ...base, ...overrides };
  for (const key of NESTED) {
    if (overrides[key] && typeof overrides[key] === "object") merged[key] = { ...(base[key] as object), ...(overrides[key] as object) };
  }
  return merged;
}

/** The beta resource: v1.0 plus the beta-only members (ASN, protocol, authenticationDetails...). */
export function betaGraphSignIn(overrides: GraphObject = {}): GraphObject {
  return graphSignIn({
    autonomousSystemNumber: HOME_ASN,
    authenticationProtocol: "none",
    originalTransferMethod: "none",
    authenticationRequirement: "singleFactorAuthentication",
    authenticationDetails: [],
    signInEventTypes: ["interactiveUser"],
    uniqueTokenIdentifier: guid("70c3e11d").replace(/-/g, "").slice(0, 22),
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
    ...overrides,
  });
}

/** Normalised through the collector, exactly as rules will see it. */
export function signIn(overrides: GraphObject = {}): SignIn {
  return normalise(graphSignIn(overrides));
}

export function betaSignIn(overrides: GraphObject = {}): SignIn {
  return normalise(betaGraphSignIn(overrides));
}

function normalise(raw: GraphObject): SignIn {
  const s = normaliseSignIn(raw);
  assert.ok(s, `test sign-in did not normalise: ${JSON.stringify(raw)}`);
  return s;
}

/** A failed sign-in's status member. */
export function failedStatus(errorCode: number, failureReason = "Invalid username or password or Invalid on-premise username or password.", additionalDetails: string | null = null): GraphObject {
  return { status: { errorCode, failureReason, additionalDetails } };
}

/** `n` sign-ins `spacingSeconds` apart from `start`, each built from `overrides`. */
export function series(n: number, start: string, spacingSeconds: number, overrides: GraphObject, build: (o: GraphObject) => SignIn = signIn): SignIn[] {
  return Array.from({ length: n }, (_, i) => build({ ...overrides, createdDateTime: at(start, 0, i * spacingSeconds) }));
}

/**
 * A baseline folded by the collector's own builder from `days` days of history (3 sign-ins a day
 * from home, v1.0 or beta shape) plus any `extra` history.
 */
export function baselineOf(options: { days?: number; perDay?: number; beta?: boolean; home?: GraphObject; extra?: SignIn[] } = {}): SignInBaseline {
  const { days = 20, perDay = 3, beta = true, home = {}, extra = [] } = options;
  const baseline = newSignInBaseline(WINDOW.baselineFrom, WINDOW.from);
  const start = Date.parse(WINDOW.baselineFrom);
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < perDay; k++) {
      const createdDateTime = new Date(start + d * 86_400_000 + (8 + k * 3) * 3_600_000).toISOString();
      addToSignInBaseline(baseline, (beta ? betaSignIn : signIn)({ ...home, createdDateTime }));
    }
  }
  for (const s of extra) addToSignInBaseline(baseline, s);
  return baseline;
}

/** A riskDetection resource (graph-api.md §1.9), normalised by the collector. */
export function riskDetection(overrides: GraphObject = {}): RiskDetection {
  const raw: GraphObject = {
    id: guid("a15cde7e").replace(/-/g, ""),
    requestId: guid("9e0c7a11"),
    correlationId: guid("c0441e1a"),
    riskEventType: "unfamiliarFeatures",
    riskState: "atRisk",
    riskLevel: "medium",
    riskDetail: "none",
    source: "IdentityProtection",
    detectionTimingType: "realtime",
    activity: "signin",
    tokenIssuerType: "AzureAD",
    ipAddress: ATTACKER_IP,
    location: { city: "Amsterdam", state: "Noord-Holland", countryOrRegion: "NL", geoCoordinates: { latitude: 52.3676, longitude: 4.9041 } },
    activityDateTime: T0,
    detectedDateTime: T0,
    lastUpdatedDateTime: T0,
    userId: TEST_USER.id,
    userDisplayName: TEST_USER.displayName,
    userPrincipalName: TEST_USER.userPrincipalName,
    additionalInfo: '[{"Key":"userAgent","Value":"python-requests/2.31"}]',
    ...overrides,
  };
  const d = normaliseRiskDetection(raw);
  assert.ok(d, `test risk detection did not normalise: ${JSON.stringify(raw)}`);
  return d;
}

export interface Expectation {
  count: number;
  /** The rest applies to the first detection returned. */
  minConfidence?: number;
  maxConfidence?: number;
  severity?: Detection["severity"];
  /** null: no floor. */
  floor?: "high" | "critical" | null;
  impact?: number;
  title?: RegExp;
  explanation?: RegExp;
  notExplanation?: RegExp;
  adjustment?: RegExp;
  noAdjustment?: RegExp;
  matched?: RegExp;
  ips?: string[];
  attack?: string[];
  /** Sign-in / risk detection ids that must appear in the evidence. */
  evidenceIds?: string[];
  firstSeen?: string;
  lastSeen?: string;
}

export interface Case<O> {
  name: string;
  evidence: UserEvidence;
  options?: Partial<O>;
  context?: Partial<RuleContext<O>> & { configInput?: unknown };
  expect: Expectation;
}

/** Every detection must be reportable: the runner drops a rule's findings otherwise. */
function assertReportable(d: Detection): void {
  assert.ok(d.confidence >= 0 && d.confidence <= 1, `confidence ${d.confidence} outside 0..1`);
  assert.ok(!Number.isNaN(Date.parse(d.firstSeen)) && !Number.isNaN(Date.parse(d.lastSeen)), "firstSeen/lastSeen not timestamps");
  assert.ok(Date.parse(d.firstSeen) <= Date.parse(d.lastSeen), "firstSeen after lastSeen");
  assert.ok(d.explanation.length > 20, "explanation too short");
  assert.ok(d.evidence.length > 0, "no evidence");
  for (const item of d.evidence) {
    for (const [key, value] of Object.entries(item.fields)) {
      assert.ok(value === null || ["string", "number", "boolean"].includes(typeof value), `evidence field ${key} is not flat`);
    }
  }
  for (const a of d.adjustments ?? []) assert.ok(a.factor > 0 && a.reason.length > 10, `bad adjustment ${JSON.stringify(a)}`);
}

export function runCases<O>(rule: UserRule<O>, cases: readonly Case<O>[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const ctx = makeContext<O>({ ...rule.defaultOptions, ...c.options }, c.context);
      const detections = rule.evaluate(c.evidence, ctx);
      detections.forEach(assertReportable);
      assert.equal(detections.length, c.expect.count, `detections: ${JSON.stringify(detections.map((d) => d.title ?? d.explanation))}`);
      const d = detections[0];
      const e = c.expect;
      if (!d) return;
      if (e.minConfidence !== undefined) assert.ok(d.confidence >= e.minConfidence, `confidence ${d.confidence} < ${e.minConfidence}`);
      if (e.maxConfidence !== undefined) assert.ok(d.confidence <= e.maxConfidence, `confidence ${d.confidence} > ${e.maxConfidence}`);
      if (e.severity !== undefined) assert.equal(d.severity ?? rule.meta.severity, e.severity);
      if (e.floor !== undefined) assert.equal(d.floor?.level ?? null, e.floor);
      if (e.impact !== undefined) assert.equal(d.impact ?? rule.meta.impact, e.impact);
      if (e.title) assert.match(d.title ?? rule.meta.title, e.title);
      if (e.explanation) assert.match(d.explanation, e.explanation);
      if (e.notExplanation) assert.doesNotMatch(d.explanation, e.notExplanation);
      const reasons = (d.adjustments ?? []).map((a) => a.reason).join("\n");
      if (e.adjustment) assert.match(reasons, e.adjustment);
      if (e.noAdjustment) assert.doesNotMatch(reasons, e.noAdjustment);
      if (e.matched) assert.match(`${d.matched?.keyword ?? ""} | ${d.matched?.threshold ?? ""} | ${d.matched?.observed ?? ""}`, e.matched);
      if (e.ips) assert.deepEqual(d.entities?.ips, e.ips);
      if (e.attack) assert.deepEqual(d.attack ?? rule.meta.attack, e.attack);
      if (e.evidenceIds) {
        const ids = d.evidence.map((item) => item.id);
        for (const id of e.evidenceIds) assert.ok(ids.includes(id), `evidence lacks ${id}`);
      }
      if (e.firstSeen) assert.equal(d.firstSeen, e.firstSeen);
      if (e.lastSeen) assert.equal(d.lastSeen, e.lastSeen);
    });
  }
}
