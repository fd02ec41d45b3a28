import type { GraphObject, TenantSnapshot } from "../../src/snapshot/types.js";

/** A small hand-written tenant in Graph's own shapes, for gateway and fault tests. */
export const CAPTURED_AT = "2026-03-10T12:00:00Z";
export const ALICE = { id: "11111111-1111-4111-8111-111111111111", upn: "alice@fabrikam.example" };
export const BOB = { id: "22222222-2222-4222-8222-222222222222", upn: "bob@fabrikam.example" };
export const CAROL = { id: "33333333-3333-4333-8333-333333333333", upn: "carol@fabrikam.example" };

const HOUR = 3_600_000;
const at = (hoursBefore: number) => new Date(Date.parse(CAPTURED_AT) - hoursBefore * HOUR).toISOString().replace(".000", "");

function user(who: { id: string; upn: string }, name: string, extra: GraphObject = {}): GraphObject {
  return { id: who.id, userPrincipalName: who.upn, displayName: name, mail: who.upn, accountEnabled: true, userType: "Member", ...extra };
}

function signIn(who: { id: string; upn: string }, n: number, hoursBefore: number, extra: GraphObject = {}): GraphObject {
  return {
    id: `${who.id.slice(0, 8)}-si-${n}`,
    createdDateTime: at(hoursBefore),
    userPrincipalName: who.upn,
    userId: who.id,
    appId: "00000002-0000-0ff1-ce00-000000000000",
    appDisplayName: "Office 365 Exchange Online",
    ipAddress: "81.2.69.160",
    clientAppUsed: "Browser",
    isInteractive: true,
    status: { errorCode: 0, failureReason: "Other.", additionalDetails: null },
    location: { city: "London", state: "England", countryOrRegion: "GB", geoCoordinates: { latitude: 51.5, longitude: -0.12 } },
    riskEventTypes_v2: [],
    ...extra,
  };
}

function sent(who: { id: string; upn: string }, n: number, hoursBefore: number): GraphObject {
  return {
    id: `${who.id.slice(0, 8)}-msg-${n}`,
    subject: `Report ${n}`,
    sentDateTime: at(hoursBefore),
    receivedDateTime: at(hoursBefore),
    hasAttachments: false,
    bodyPreview: `See https://intranet.fabrikam.example/r/${n} for details.`,
    from: { emailAddress: { name: who.upn, address: who.upn } },
    toRecipients: [{ emailAddress: { name: "Partner", address: `partner${n % 3}@contoso.example` } }],
    ccRecipients: [],
    bccRecipients: [],
  };
}

export function fixtureTenant(): TenantSnapshot {
  return {
    format: "phishtrail-tenant-snapshot/1",
    capturedAt: CAPTURED_AT,
    organization: {
      id: "99999999-9999-4999-8999-999999999999",
      displayName: "Fabrikam",
      verifiedDomains: [
        { name: "fabrikam.example", isDefault: true },
        { name: "fabrikam.onmicrosoft.com", isDefault: false },
      ],
    },
    licenses: { entraIdP1: true, entraIdP2: true, defender: true, auditLogQuery: true },
    users: [user(ALICE, "Alice Archer"), user(BOB, "Bob Baker"), user(CAROL, "Carol Cole")],
    signIns: [
      ...Array.from({ length: 25 }, (_, i) => signIn(ALICE, i, 1 + i * 2)),
      signIn(ALICE, 100, 3, { isInteractive: false, clientAppUsed: "Mobile Apps and Desktop clients" }),
      signIn(CAROL, 0, 5, { ipAddress: "203.0.113.9", status: { errorCode: 50126, failureReason: "Invalid username or password." } }),
      signIn(CAROL, 1, 4),
    ],
    directoryAudits: [
      {
        id: "Directory_audit_1",
        category: "UserManagement",
        correlationId: "c0ffee00-0000-4000-8000-000000000001",
        result: "success",
        activityDisplayName: "User registered security info",
        activityDateTime: at(6),
        loggedByService: "Authentication Methods",
        operationType: "Add",
        initiatedBy: { user: { id: ALICE.id, userPrincipalName: ALICE.upn, ipAddress: "81.2.69.160" }, app: null },
        targetResources: [{ id: ALICE.id, type: "User", userPrincipalName: ALICE.upn, modifiedProperties: [] }],
        additionalDetails: [],
      },
    ],
    auditLogRecords: [
      {
        id: "ual-1",
        createdDateTime: at(7),
        auditLogRecordType: "exchangeAdmin",
        operation: "New-InboxRule",
        userId: ALICE.upn,
        userPrincipalName: ALICE.upn,
        service: "Exchange",
        clientIp: "81.2.69.160",
        auditData: { Parameters: [{ Name: "Name", Value: "." }, { Name: "DeleteMessage", Value: "True" }] },
      },
    ],
    alerts: [
      {
        id: "alert-1",
        title: "Suspicious inbox rule",
        severity: "Medium",
        status: "new",
        createdDateTime: at(5),
        serviceSource: "microsoftDefenderForOffice365",
        mitreTechniques: ["T1564.008"],
        evidence: [{ "@odata.type": "#microsoft.graph.security.userEvidence", userAccount: { azureAdUserId: ALICE.id, userPrincipalName: ALICE.upn } }],
      },
    ],
    riskyUsers: [{ id: ALICE.id, userPrincipalName: ALICE.upn, riskLevel: "medium", riskState: "atRisk", riskDetail: "none", riskLastUpdatedDateTime: at(5), isDeleted: false }],
    riskDetections: [
      { id: "rd-1", userId: ALICE.id, userPrincipalName: ALICE.upn, riskEventType: "unfamiliarFeatures", riskLevel: "medium", riskState: "atRisk", activity: "signin", activityDateTime: at(5), detectedDateTime: at(5), ipAddress: "81.2.69.160" },
    ],
    servicePrincipals: [{ id: "44444444-4444-4444-8444-444444444444", appId: "55555555-5555-4555-8555-555555555555", displayName: "Mail Helper Pro", publisherName: "Unverified Inc", appOwnerOrganizationId: "66666666-6666-4666-8666-666666666666" }],
    oauth2PermissionGrants: [
      { id: "grant-1", clientId: "44444444-4444-4444-8444-444444444444", consentType: "Principal", principalId: ALICE.id, resourceId: "77777777-7777-4777-8777-777777777777", scope: "Mail.Read offline_access" },
    ],
    userRegistrationDetails: [
      { id: ALICE.id, userPrincipalName: ALICE.upn, isMfaRegistered: true, isMfaCapable: true, methodsRegistered: ["microsoftAuthenticatorPush", "mobilePhone"], userPreferredMethodForSecondaryAuthentication: "push" },
      { id: CAROL.id, userPrincipalName: CAROL.upn, isMfaRegistered: true, methodsRegistered: ["mobilePhone"] },
    ],
    conditionalAccessPolicies: [
      { id: "88888888-8888-4888-8888-888888888888", displayName: "Block high user risk", state: "enabled", conditions: { userRiskLevels: ["high"], users: { includeUsers: ["All"] } }, grantControls: { builtInControls: ["block"] } },
    ],
    mailboxes: {
      [ALICE.id]: {
        mailFolders: [{ id: "folder-rss", displayName: "RSS Feeds", wellKnownName: "rssfeeds" }],
        messageRules: [
          { id: "rule-1", displayName: ".", sequence: 1, isEnabled: true, conditions: { bodyOrSubjectContains: ["invoice"] }, actions: { moveToFolder: "folder-rss", markAsRead: true } },
        ],
        sentItems: Array.from({ length: 12 }, (_, i) => sent(ALICE, i, 2 + i * 4)),
        mailboxSettings: { timeZone: "GMT Standard Time", automaticRepliesSetting: { status: "disabled" }, language: { locale: "en-GB" } },
      },
      [CAROL.id]: { messageRules: [], sentItems: [sent(CAROL, 0, 3)] },
    },
    authenticationMethods: {
      [ALICE.id]: [
        { "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", id: "28c10230-6103-485e-b985-444c60001490" },
        { "@odata.type": "#microsoft.graph.phoneAuthenticationMethod", id: "3179e48a-750b-4051-897c-87b9720928f7", phoneNumber: "+44 7700900123", phoneType: "mobile" },
      ],
      [CAROL.id]: [{ "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", id: "28c10230-6103-485e-b985-444c60001490" }],
    },
  };
}
