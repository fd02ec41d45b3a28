/**
 * Builders of normalised evidence with Graph-realistic values (ids, addresses, UAL parameter
 * names), plus the table runner the rule tests share. Only what a case states differs from the
 * defaults.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type {
  Alert,
  AuditRecord,
  AuthMethod,
  DirectoryAudit,
  InboxRule,
  OAuthGrant,
  RiskDetection,
  SentMessage,
  SignIn,
  UserEvidence,
} from "../../../src/collect/evidence.js";
import type { Detection, RuleContext, UserRule } from "../../../src/rules/types.js";
import { TEST_USER, makeContext, makeEvidence } from "../../helpers/evidence.js";

export const USER = TEST_USER;
/** Inside the test window (2026-11-20T06:00Z .. 2026-11-27T06:00Z). */
export const T0 = "2026-11-25T09:00:00Z";

export function at(iso: string, offsetMinutes = 0): { time: string; ms: number } {
  const ms = Date.parse(iso) + offsetMinutes * 60_000;
  return { time: new Date(ms).toISOString(), ms };
}

export function inboxRule(overrides: Partial<InboxRule> = {}): InboxRule {
  return {
    id: "AQAAAJ5dZp8=",
    displayName: "Move newsletters",
    sequence: 1,
    isEnabled: true,
    hasError: false,
    keywords: [],
    fromAddresses: [],
    matchesAllMail: false,
    forwardTo: [],
    forwardAsAttachmentTo: [],
    redirectTo: [],
    delete: false,
    permanentDelete: false,
    markAsRead: false,
    stopProcessingRules: false,
    ...overrides,
  };
}

let recordSeq = 0;
export function auditRecord(operation: string, time: string, parameters: Record<string, string> = {}, overrides: Partial<AuditRecord> = {}): AuditRecord {
  recordSeq += 1;
  return {
    id: `2f1e0d9c-8b7a-4655-9443-${String(recordSeq).padStart(12, "0")}`,
    ...at(time),
    operation,
    service: "Exchange",
    userId: USER.userPrincipalName,
    userPrincipalName: USER.userPrincipalName,
    clientIp: "203.0.113.10",
    objectId: parameters.Name !== undefined ? `${USER.userPrincipalName}\\${parameters.Name}` : undefined,
    parameters,
    subjects: [],
    resultStatus: "True",
    raw: {},
    ...overrides,
  };
}

let signInSeq = 0;
export function signIn(time: string, overrides: Partial<SignIn> = {}): SignIn {
  signInSeq += 1;
  return {
    id: `66ea54eb-6301-4ee5-be62-${String(signInSeq).padStart(12, "0")}`,
    ...at(time),
    userId: USER.id,
    userPrincipalName: USER.userPrincipalName,
    appId: "4765445b-32c6-49b0-83e6-1d93765276ca",
    appDisplayName: "OfficeHome",
    ipAddress: "203.0.113.10",
    country: "US",
    legacyAuth: false,
    isInteractive: true,
    errorCode: 0,
    success: true,
    riskLevelDuringSignIn: "none",
    riskState: "none",
    riskEventTypes: [],
    authenticationDetails: [],
    ...overrides,
  };
}

export function riskDetection(time: string, overrides: Partial<RiskDetection> = {}): RiskDetection {
  return {
    id: "b7e0f1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6",
    userId: USER.id,
    riskEventType: "unfamiliarFeatures",
    riskLevel: "medium",
    riskState: "atRisk",
    riskDetail: "none",
    ...at(time),
    ipAddress: "185.220.101.47",
    country: "DE",
    ...overrides,
  };
}

let messageSeq = 0;
export function sentMessage(time: string, overrides: Partial<SentMessage> = {}): SentMessage {
  messageSeq += 1;
  return {
    id: `AAMkADRmZjA-${messageSeq}`,
    ...at(time),
    subject: "Project update",
    to: ["megan@contoso.example"],
    cc: [],
    bcc: [],
    hasAttachments: false,
    urls: [],
    ...overrides,
  };
}

export function directoryAudit(activity: string, time: string, overrides: Partial<DirectoryAudit> = {}): DirectoryAudit {
  return {
    id: `Directory_7c2e9d41-0a1b-4c3d-9e8f-${activity.length}${Date.parse(time)}`,
    ...at(time),
    category: "UserManagement",
    activity,
    operationType: "Add",
    result: "success",
    initiatedByUserId: USER.id,
    initiatedByUpn: USER.userPrincipalName,
    targets: [{ id: USER.id, type: "User", userPrincipalName: USER.userPrincipalName, modifiedProperties: [] }],
    additionalDetails: {},
    ...overrides,
  };
}

export function authMethod(overrides: Partial<AuthMethod> = {}): AuthMethod {
  return {
    id: "6b2f0a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
    kind: "microsoftAuthenticator",
    odataType: "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
    ...overrides,
  };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: "fa2b1c3d4e5f60718293a4b5c6d7e8f9",
    title: "Suspicious inbox manipulation rule",
    severity: "medium",
    status: "new",
    classification: "unknown",
    determination: "unknown",
    category: "DefenseEvasion",
    createdTime: at(T0).time,
    ms: at(T0).ms,
    serviceSource: "microsoftDefenderForCloudApps",
    detectionSource: "microsoftDefenderForCloudApps",
    mitreTechniques: ["T1564.008"],
    ...overrides,
  };
}

export function oauthGrant(overrides: Partial<OAuthGrant> = {}): OAuthGrant {
  return {
    id: "1MOyoeXl-kqMnQ4fKjtMXWHwEkGxQlFCqH7cHFKvN2Y",
    clientId: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
    consentType: "Principal",
    principalId: USER.id,
    resourceId: "61f012b1-42c2-4251-bc4e-9f6f0ee2d3c1",
    scopes: ["Mail.Read", "offline_access", "User.Read"],
    appId: "9e1c2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
    appDisplayName: "Mail Helper Pro",
    publisherName: "Mail Helper Inc.",
    verifiedPublisher: "Mail Helper Inc.",
    appOwnerOrganizationId: "0b5ec1d3-9c8e-4f1a-a2b3-c4d5e6f70819",
    servicePrincipalCreatedDateTime: "2025-01-10T00:00:00Z",
    ...overrides,
  };
}

/** What a case expects: the number of detections, then checks on the first one. */
export interface Expect {
  count: number;
  minConfidence?: number;
  maxConfidence?: number;
  /** null: no floor. */
  floor?: "high" | "critical" | null;
  title?: RegExp;
  explanation?: RegExp;
  matched?: RegExp;
  adjustment?: RegExp;
  entities?: Detection["entities"];
  attack?: string[];
  severity?: Detection["severity"];
  impact?: number;
  firstSeen?: string;
  /** Whether the detection is context only (Detection.context; false when unset). */
  context?: boolean;
  check?: (detections: Detection[]) => void;
}

export interface Case<O> {
  name: string;
  evidence: UserEvidence;
  options?: Partial<O>;
  context?: Partial<RuleContext<O>> & { configInput?: unknown };
  expect: Expect;
}

export function checkDetections(detections: Detection[], expect: Expect): void {
  assert.equal(detections.length, expect.count, `detections: ${JSON.stringify(detections.map((d) => d.title ?? d.explanation))}`);
  const first = detections[0];
  if (expect.count > 0) {
    for (const detection of detections) {
      assert.ok(detection.confidence >= 0 && detection.confidence <= 1, "confidence in 0..1");
      assert.ok(!Number.isNaN(Date.parse(detection.firstSeen)) && !Number.isNaN(Date.parse(detection.lastSeen)), "firstSeen/lastSeen are ISO times");
      assert.ok(Date.parse(detection.firstSeen) <= Date.parse(detection.lastSeen), "firstSeen <= lastSeen");
      assert.ok(detection.evidence.length > 0, "has evidence");
      assert.ok(detection.explanation.length > 0, "has an explanation");
    }
  }
  if (!first) return;
  if (expect.minConfidence !== undefined) assert.ok(first.confidence >= expect.minConfidence, `confidence ${first.confidence} >= ${expect.minConfidence}`);
  if (expect.maxConfidence !== undefined) assert.ok(first.confidence <= expect.maxConfidence, `confidence ${first.confidence} <= ${expect.maxConfidence}`);
  if (expect.floor !== undefined) assert.equal(first.floor?.level ?? null, expect.floor);
  if (expect.title) assert.match(first.title ?? "", expect.title);
  if (expect.explanation) assert.match(first.explanation, expect.explanation);
  if (expect.matched) assert.match(JSON.stringify(first.matched ?? {}), expect.matched);
  if (expect.adjustment) assert.ok((first.adjustments ?? []).some((a) => expect.adjustment!.test(a.reason)), `adjustment ${expect.adjustment}: ${JSON.stringify(first.adjustments)}`);
  if (expect.entities) assert.deepEqual(first.entities, expect.entities);
  if (expect.attack) assert.deepEqual(first.attack, expect.attack);
  if (expect.severity) assert.equal(first.severity, expect.severity);
  if (expect.impact !== undefined) assert.equal(first.impact, expect.impact);
  if (expect.firstSeen) assert.equal(first.firstSeen, expect.firstSeen);
  if (expect.context !== undefined) assert.equal(first.context ?? false, expect.context);
  expect.check?.(detections);
}

/** One node:test per case; options merge over the rule's defaults as the runner does. */
export function runCases<O>(rule: UserRule<O>, cases: readonly Case<O>[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const ctx = makeContext<O>({ ...rule.defaultOptions, ...c.options }, c.context);
      checkDetections(rule.evaluate(c.evidence, ctx), c.expect);
    });
  }
}

export { makeEvidence };
