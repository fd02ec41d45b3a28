import { Agent, request } from "undici";
import { SNAPSHOT_FORMAT, type GraphObject, type TenantSnapshot } from "../../src/snapshot/types.js";
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from "../../src/simulator/server.js";

/** A small hand-written tenant in Graph's own shapes, enough to exercise every route. */
export const IDS = {
  org: "3c2b1a09-8f7e-4d6c-b5a4-938271605f4e",
  alice: "5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f",
  bob: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
  carol: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  dave: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
  erin: "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f",
  exchangeApp: "00000002-0000-0ff1-ce00-000000000000",
  mailHelperSp: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
  graphSp: "61f012b1-42c2-4251-bc4e-9f6f0ee2d3c1",
};

export const UPN = {
  alice: "alice@fabrikam.example",
  bob: "bob@fabrikam.example",
  carol: "carol@fabrikam.example",
  dave: "dave_contoso.example#EXT#@fabrikam.example",
  erin: "erin@fabrikam.example",
};

export const NOW = Date.parse("2025-03-04T06:00:00Z");
const HOUR = 3_600_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** 90 sign-ins over three days: every 3rd non-interactive, beta-only members present. */
export function signIns(): GraphObject[] {
  const people: Array<keyof typeof UPN> = ["alice", "bob", "dave"];
  return Array.from({ length: 90 }, (_, i) => {
    const who = people[i % 3];
    const interactive = i % 3 !== 2;
    return {
      id: `si-${String(i).padStart(3, "0")}`,
      createdDateTime: iso(NOW - (i + 1) * 0.8 * HOUR),
      userDisplayName: who,
      userPrincipalName: UPN[who],
      userId: IDS[who],
      appId: IDS.exchangeApp,
      appDisplayName: i % 5 === 0 ? "Office 365 Exchange Online" : "Microsoft Teams",
      ipAddress: i % 7 === 0 ? "185.220.101.47" : `10.0.0.${i}`,
      clientAppUsed: i % 7 === 0 ? "IMAP4" : "Browser",
      correlationId: `c0ffee00-0000-4000-8000-${String(i).padStart(12, "0")}`,
      conditionalAccessStatus: "notApplied",
      isInteractive: interactive,
      riskDetail: "none",
      riskLevelAggregated: i % 7 === 0 ? "medium" : "none",
      riskLevelDuringSignIn: "none",
      riskState: i % 7 === 0 ? "atRisk" : "none",
      riskEventTypes: [],
      riskEventTypes_v2: i % 7 === 0 ? ["unfamiliarFeatures"] : [],
      resourceDisplayName: "Office 365 Exchange Online",
      resourceId: IDS.exchangeApp,
      status: { errorCode: i % 4 === 0 ? 50126 : 0, failureReason: i % 4 === 0 ? "Invalid username or password." : "Other.", additionalDetails: null },
      deviceDetail: { deviceId: "", displayName: null, operatingSystem: i % 2 ? "Windows 10" : "Linux", browser: "Edge", isCompliant: false, isManaged: false, trustType: null },
      location: { city: i % 7 === 0 ? "Frankfurt am Main" : "Seattle", state: null, countryOrRegion: i % 7 === 0 ? "DE" : "US", geoCoordinates: { altitude: null, latitude: 1, longitude: 2 } },
      appliedConditionalAccessPolicies: [],
      // Beta-only members that /v1.0 must not emit.
      userAgent: i % 7 === 0 ? "python-requests/2.31" : "Mozilla/5.0",
      authenticationRequirement: "singleFactorAuthentication",
      ...(interactive ? {} : { signInEventTypes: ["nonInteractiveUser"] }),
    };
  });
}

function message(i: number, folder: "inbox" | "sent"): GraphObject {
  const at = iso(NOW - (i + 1) * 2 * HOUR);
  return {
    "@odata.etag": `W/"CQAAABYAAAB${i}"`,
    id: `AAMkAD-${folder}-${i}=`,
    createdDateTime: at,
    receivedDateTime: at,
    sentDateTime: at,
    subject: folder === "sent" ? `Updated remittance details ${i}` : `Weekly report ${i}`,
    bodyPreview: "Please use the new account below",
    body: { contentType: "text", content: "Please use the new account below" },
    hasAttachments: i % 2 === 0,
    isRead: i % 3 !== 0,
    importance: "normal",
    internetMessageId: `<msg-${folder}-${i}@fabrikam.example>`,
    from: { emailAddress: { name: "Alice", address: folder === "sent" ? UPN.alice : "news@vendor.example" } },
    toRecipients: [{ emailAddress: { name: "AP Desk", address: i % 5 === 0 ? "ap@contoso-vendor.example" : "team@fabrikam.example" } }],
    ccRecipients: [],
    bccRecipients: [],
  };
}

export function tenant(overrides: Partial<TenantSnapshot> = {}): TenantSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    capturedAt: iso(NOW),
    organization: { id: IDS.org, displayName: "Fabrikam", verifiedDomains: [{ name: "fabrikam.example", isDefault: true }] },
    licenses: { entraIdP1: true, entraIdP2: true, defender: true, auditLogQuery: true },
    users: [
      { id: IDS.alice, userPrincipalName: UPN.alice, displayName: "Alice Archer", givenName: "Alice", surname: "Archer", mail: UPN.alice, accountEnabled: true, userType: "Member", jobTitle: "Accounts", businessPhones: [], signInActivity: { lastSignInDateTime: iso(NOW - HOUR) }, createdDateTime: "2023-01-01T00:00:00Z" },
      { id: IDS.bob, userPrincipalName: UPN.bob, displayName: "Bob Baker", givenName: "Bob", surname: "Baker", mail: UPN.bob, accountEnabled: true, userType: "Member", businessPhones: [], createdDateTime: "2024-01-01T00:00:00Z" },
      { id: IDS.carol, userPrincipalName: UPN.carol, displayName: "Carol Chen", mail: UPN.carol, accountEnabled: true, userType: "Member", businessPhones: [] },
      { id: IDS.dave, userPrincipalName: UPN.dave, displayName: "Dave Guest", mail: "dave@contoso.example", accountEnabled: true, userType: "Guest", businessPhones: [] },
      { id: IDS.erin, userPrincipalName: UPN.erin, displayName: "Erin Evans", mail: UPN.erin, accountEnabled: false, userType: "Member", businessPhones: [] },
    ],
    signIns: signIns(),
    directoryAudits: [
      { id: "Directory_1", category: "ApplicationManagement", correlationId: "7c2e9d41-0a1b-4c3d-9e8f-5a6b7c8d9e0f", result: "success", activityDisplayName: "Consent to application", activityDateTime: iso(NOW - 3 * HOUR), loggedByService: "Core Directory", operationType: "Assign", initiatedBy: { user: { id: IDS.alice, userPrincipalName: UPN.alice }, app: null }, targetResources: [{ id: IDS.mailHelperSp, displayName: "Mail Helper Pro", type: "ServicePrincipal" }] },
      { id: "Directory_2", category: "UserManagement", correlationId: "7c2e9d41-0a1b-4c3d-9e8f-5a6b7c8d9e10", result: "success", activityDisplayName: "User registered security info", activityDateTime: iso(NOW - 2 * HOUR), loggedByService: "Authentication Methods", operationType: "Add", initiatedBy: { user: { id: IDS.alice, userPrincipalName: UPN.alice }, app: null }, targetResources: [{ id: IDS.alice, displayName: "Alice Archer", type: "User" }] },
      { id: "Directory_3", category: "UserManagement", correlationId: "7c2e9d41-0a1b-4c3d-9e8f-5a6b7c8d9e11", result: "success", activityDisplayName: "Update user", activityDateTime: iso(NOW - 30 * HOUR), loggedByService: "Core Directory", operationType: "Update", initiatedBy: { user: null, app: { appId: IDS.exchangeApp, displayName: "Exchange" } }, targetResources: [{ id: IDS.bob, displayName: "Bob Baker", type: "User" }] },
    ],
    alerts: Array.from({ length: 12 }, (_, i) => ({
      "@odata.type": "#microsoft.graph.security.alert",
      id: `alert-${i}`,
      status: i % 3 === 0 ? "resolved" : "new",
      severity: i % 2 === 0 ? "high" : "medium",
      classification: "unknown",
      determination: "unknown",
      serviceSource: "azureAdIdentityProtection",
      title: `Alert ${i}`,
      assignedTo: null,
      createdDateTime: iso(NOW - (i + 1) * HOUR),
      lastUpdateDateTime: iso(NOW - i * HOUR),
      evidence: [],
    })),
    riskyUsers: [
      { id: IDS.alice, isDeleted: false, isProcessing: false, riskLastUpdatedDateTime: iso(NOW - HOUR), riskLevel: "high", riskState: "atRisk", riskDetail: "none", userDisplayName: "Alice Archer", userPrincipalName: UPN.alice },
      { id: IDS.bob, isDeleted: false, isProcessing: false, riskLastUpdatedDateTime: iso(NOW - 40 * HOUR), riskLevel: "low", riskState: "dismissed", riskDetail: "adminDismissedAllRiskForUser", userDisplayName: "Bob Baker", userPrincipalName: UPN.bob },
    ],
    riskDetections: [
      { id: "rd-1", riskEventType: "unfamiliarFeatures", riskState: "atRisk", riskLevel: "medium", riskDetail: "none", source: "IdentityProtection", detectionTimingType: "realtime", activity: "signin", ipAddress: "185.220.101.47", activityDateTime: iso(NOW - 3 * HOUR), detectedDateTime: iso(NOW - 3 * HOUR), userId: IDS.alice, userPrincipalName: UPN.alice, additionalInfo: "[]" },
      { id: "rd-2", riskEventType: "anonymizedIPAddress", riskState: "atRisk", riskLevel: "high", riskDetail: "none", source: "IdentityProtection", detectionTimingType: "realtime", activity: "signin", ipAddress: "185.220.101.47", activityDateTime: iso(NOW - 2 * HOUR), detectedDateTime: iso(NOW - 2 * HOUR), userId: IDS.alice, userPrincipalName: UPN.alice, additionalInfo: "[]" },
      { id: "rd-3", riskEventType: "unlikelyTravel", riskState: "dismissed", riskLevel: "low", riskDetail: "none", source: "IdentityProtection", detectionTimingType: "offline", activity: "signin", ipAddress: "10.1.1.1", activityDateTime: iso(NOW - 50 * HOUR), detectedDateTime: iso(NOW - 49 * HOUR), userId: IDS.bob, userPrincipalName: UPN.bob, additionalInfo: "[]" },
    ],
    servicePrincipals: [
      { id: IDS.mailHelperSp, appId: "11111111-2222-4333-8444-555555555555", displayName: "Mail Helper Pro", servicePrincipalType: "Application", accountEnabled: true, publisherName: "Unverified", tags: ["WindowsAzureActiveDirectoryIntegratedApp"], servicePrincipalNames: ["11111111-2222-4333-8444-555555555555"] },
      { id: IDS.graphSp, appId: "00000003-0000-0000-c000-000000000000", displayName: "Microsoft Graph", servicePrincipalType: "Application", accountEnabled: true, publisherName: "Microsoft Services", tags: [], servicePrincipalNames: ["https://graph.microsoft.com"] },
      { id: "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6f", appId: IDS.exchangeApp, displayName: "Office 365 Exchange Online", servicePrincipalType: "Application", accountEnabled: true, publisherName: "Microsoft Services", tags: [], servicePrincipalNames: [] },
    ],
    oauth2PermissionGrants: [
      { id: "grant-alice-1", clientId: IDS.mailHelperSp, consentType: "Principal", principalId: IDS.alice, resourceId: IDS.graphSp, scope: "Mail.Read Mail.Send offline_access User.Read" },
      { id: "grant-bob-1", clientId: IDS.mailHelperSp, consentType: "Principal", principalId: IDS.bob, resourceId: IDS.graphSp, scope: "User.Read" },
      { id: "grant-admin-1", clientId: IDS.graphSp, consentType: "AllPrincipals", principalId: null, resourceId: IDS.graphSp, scope: "User.Read" },
    ],
    userRegistrationDetails: [
      { id: IDS.alice, userPrincipalName: UPN.alice, userDisplayName: "Alice Archer", userType: "member", isAdmin: false, isMfaCapable: true, isMfaRegistered: true, methodsRegistered: ["mobilePhone", "microsoftAuthenticatorPush"], lastUpdatedDateTime: iso(NOW - HOUR) },
      { id: IDS.bob, userPrincipalName: UPN.bob, userDisplayName: "Bob Baker", userType: "member", isAdmin: true, isMfaCapable: false, isMfaRegistered: false, methodsRegistered: [], lastUpdatedDateTime: iso(NOW - 9 * HOUR) },
      { id: IDS.erin, userPrincipalName: UPN.erin, userDisplayName: "Erin Evans", userType: "member", isAdmin: false, isMfaCapable: true, isMfaRegistered: true, methodsRegistered: ["fido2"], lastUpdatedDateTime: iso(NOW - 90 * HOUR) },
    ],
    conditionalAccessPolicies: [
      { id: "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a", displayName: "Require MFA for admins", state: "enabled", createdDateTime: "2024-01-01T00:00:00Z", conditions: {}, grantControls: { operator: "OR", builtInControls: ["mfa"] } },
      { id: "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", displayName: "Block legacy auth", state: "enabledForReportingButNotEnforced", createdDateTime: "2024-02-01T00:00:00Z", conditions: {}, grantControls: { operator: "OR", builtInControls: ["block"] } },
    ],
    mailboxes: {
      // Keyed by UPN on purpose: snapshots may key mailboxes by either.
      [UPN.alice]: {
        inbox: Array.from({ length: 12 }, (_, i) => message(i, "inbox")),
        sentItems: Array.from({ length: 15 }, (_, i) => message(i, "sent")),
        messageRules: [
          { id: "AQAAAK7xQ3E=", displayName: ".", sequence: 1, isEnabled: true, hasError: false, isReadOnly: false, conditions: { bodyOrSubjectContains: ["invoice", "payment"] }, actions: { moveToFolder: "AAMkRSS", markAsRead: true, stopProcessingRules: true, forwardTo: [{ emailAddress: { name: "accounts", address: "acct-team@outlook-mail.example" } }] } },
          { id: "AQAAAK7xQ3F=", displayName: "Newsletters", sequence: 2, isEnabled: true, hasError: false, isReadOnly: false, conditions: { senderContains: ["news@"] }, actions: { moveToFolder: "AAMkNews" } },
        ],
        mailboxSettings: { timeZone: "W. Europe Standard Time", automaticRepliesSetting: { status: "alwaysEnabled", externalAudience: "all" }, userPurpose: "user" },
      },
      [IDS.bob]: { inbox: [message(0, "inbox")], sentItems: [] },
    },
    authenticationMethods: {
      [IDS.alice]: [
        { "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", id: "28c10230-6103-485e-b985-444c60001490", password: null, createdDateTime: null },
        { "@odata.type": "#microsoft.graph.phoneAuthenticationMethod", id: "3179e48a-750b-4051-897c-87b9720928f7", phoneNumber: "+44 7700900123", phoneType: "mobile", smsSignInState: "notAllowedByPolicy" },
        { "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", id: "6b2f0a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b", displayName: "Pixel 8", deviceTag: "SoftwareTokenActivated", phoneAppVersion: "6.2503.1234", createdDateTime: iso(NOW - 2 * HOUR) },
        { "@odata.type": "#microsoft.graph.fido2AuthenticationMethod", id: "f1d0f1d0-0000-4000-8000-000000000001", displayName: "YubiKey", model: "YubiKey 5", createdDateTime: "2024-05-01T00:00:00Z" },
      ],
    },
    auditLogRecords: [
      { "@odata.type": "#microsoft.graph.security.auditLogRecord", id: "ar-1", createdDateTime: iso(NOW - 3 * HOUR), auditLogRecordType: "exchangeAdmin", operation: "New-InboxRule", userPrincipalName: UPN.alice, userId: UPN.alice, service: "Exchange", clientIp: "185.220.101.47", objectId: "alice\\.", auditData: { "@odata.type": "#microsoft.graph.security.exchangeAdminAuditRecord", Parameters: [{ Name: "Name", Value: "." }] } },
      { "@odata.type": "#microsoft.graph.security.auditLogRecord", id: "ar-2", createdDateTime: iso(NOW - 2 * HOUR), auditLogRecordType: "ExchangeAdmin", operation: "Set-Mailbox", userPrincipalName: UPN.alice, userId: UPN.alice, service: "Exchange", clientIp: "185.220.101.47", objectId: "alice", auditData: { Parameters: [{ Name: "ForwardingSmtpAddress", Value: "smtp:x@evil.example" }] } },
      { "@odata.type": "#microsoft.graph.security.auditLogRecord", id: "ar-3", createdDateTime: iso(NOW - 26 * HOUR), auditLogRecordType: "exchangeItem", operation: "Send", userPrincipalName: UPN.bob, userId: UPN.bob, service: "Exchange", clientIp: "10.0.0.9", objectId: "bob", auditData: {} },
      { "@odata.type": "#microsoft.graph.security.auditLogRecord", id: "ar-4", createdDateTime: iso(NOW - 1 * HOUR), auditLogRecordType: "azureActiveDirectoryStsLogon", operation: "UserLoggedIn", userPrincipalName: UPN.alice, userId: UPN.alice, service: "AzureActiveDirectory", clientIp: "185.220.101.47", objectId: "x", auditData: {} },
    ],
    ...overrides,
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

/** A started simulator plus a raw HTTPS client (undici with the simulator's CA) and a token. */
export interface TestSimulator {
  sim: SimulatorHandle;
  agent: Agent;
  token: string;
  clock: { ms: number };
  call(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; token?: string | null }): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  newToken(): Promise<string>;
  close(): Promise<void>;
}

export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const clock = { ms: NOW };
  const sim = await startSimulator({ snapshot: tenant(), now: () => new Date(clock.ms), ...options });
  const agent = new Agent({ connect: { ca: sim.caCertPem } });
  const raw = async (method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<Reply> => {
    const response = await request(`${sim.baseUrl}${path}`, { method: method as "GET", body, headers, dispatcher: agent });
    const text = await response.body.text();
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.statusCode, headers: flat, body: parsed, text };
  };
  const newToken = async () => {
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: sim.clientId, client_secret: sim.clientSecret, scope: "https://graph.microsoft.com/.default" });
    const reply = await raw("POST", `/${sim.tenantId}/oauth2/v2.0/token`, form.toString(), { "content-type": "application/x-www-form-urlencoded" });
    if (reply.status !== 200) throw new Error(`token request failed: ${reply.text}`);
    return reply.body.access_token as string;
  };
  const token = await newToken();
  const call: TestSimulator["call"] = (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const bearer = opts.token === undefined ? token : opts.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    return raw(method, path, body, headers);
  };
  return {
    sim,
    agent,
    token,
    clock,
    call,
    get: (path, headers) => call("GET", path, { headers }),
    newToken,
    close: async () => {
      await agent.close();
      await sim.close();
    },
  };
}
