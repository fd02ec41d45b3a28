import { SNAPSHOT_FORMAT, type GraphObject, type TenantSnapshot } from "../../../src/snapshot/types.js";

/**
 * A four-user tenant in Graph's own JSON shapes, small enough to scan in well under a second and
 * rich enough that findings come from many sources: Alex is compromised (legacy-protocol and risky
 * sign-ins from abroad, an external forwarding rule, a phishing campaign from the mailbox,
 * mailbox forwarding in the audit log, a new phone, a Defender alert, risk detections, consent to
 * an unverified app); Casey has no MFA and shares the attacker's phone; Blair and Drew are benign.
 *
 * Every attacker-controlled string passes through `text(field, usual)`, so the security tests can
 * put a hostile payload into each of them and scan the result.
 */
export const CAPTURED_AT = "2026-11-27T06:00:00Z";
const NOW = Date.parse(CAPTURED_AT);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DOMAIN = "fabrikam.example";
export const IDS = {
  org: "3c2b1a09-8f7e-4d6c-b5a4-938271605f4e",
  alex: "5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f",
  blair: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
  casey: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  drew: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
  graphSp: "7249deec-524f-4d73-9ad3-858f141985d3",
  badAppSp: "1ff8ce61-dd17-468f-ab74-0ce55f1be8c0",
  badAppId: "57cf4008-69c1-41d1-bce9-1b5ea98e9dfb",
} as const;
export type Person = "alex" | "blair" | "casey" | "drew";
export const PEOPLE: readonly Person[] = ["alex", "blair", "casey", "drew"];
export const UPN: Record<Person, string> = {
  alex: `alex.morgan@${DOMAIN}`,
  blair: `blair.quinn@${DOMAIN}`,
  casey: `casey.lee@${DOMAIN}`,
  drew: `drew.park@${DOMAIN}`,
};
const NAMES: Record<Person, string> = { alex: "Alex Morgan", blair: "Blair Quinn", casey: "Casey Lee", drew: "Drew Park" };

/** Names every attacker-controlled field; the security corpus fills each one. */
export type TextField =
  | "user.displayName"
  | "signIn.appDisplayName"
  | "signIn.city"
  | "signIn.browser"
  | "signIn.userAgent"
  | "rule.displayName"
  | "rule.condition"
  | "rule.forwardName"
  | "message.subject"
  | "message.recipientName"
  | "message.recipientAddress"
  | "app.displayName"
  | "app.publisher"
  | "alert.title"
  | "alert.description"
  | "audit.parameter"
  | "directoryAudit.activity";

export interface SmallTenantOptions {
  text?: (field: TextField, usual: string) => string;
  /** Extra office sign-ins for Alex in the baseline, e.g. 1000 so that they span two pages. */
  extraSignIns?: number;
}

const ATTACKER_IP = "185.220.101.47";
const OFFICE_IP = "81.145.168.3";
const ATTACKER_PHONE = "+7 9238623563";

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function smallTenant(options: SmallTenantOptions = {}): TenantSnapshot {
  const t = options.text ?? ((_field: TextField, usual: string) => usual);
  return {
    format: SNAPSHOT_FORMAT,
    capturedAt: CAPTURED_AT,
    organization: {
      id: IDS.org,
      displayName: "Fabrikam",
      verifiedDomains: [{ name: DOMAIN, isDefault: true, isInitial: false, type: "Managed", capabilities: "Email" }],
    },
    licenses: { entraIdP1: true, entraIdP2: true, defender: true, auditLogQuery: true, exchangeOnline: true },
    users: PEOPLE.map((who) => user(who, t)),
    signIns: [...PEOPLE.flatMap((who) => signIns(who, t)), ...extraSignIns(options.extraSignIns ?? 0)],
    directoryAudits: [phoneRegistered("alex", 20, t), phoneRegistered("casey", 19, t)],
    auditLogRecords: [setMailboxForwarding(t), mailItemsAccessed()],
    alerts: [alert(t)],
    // Everyone has a riskyUser object (the others' risk was remediated long ago), so every read is a 200.
    riskyUsers: PEOPLE.map((who) =>
      who === "alex"
        ? { id: IDS.alex, isDeleted: false, isProcessing: false, riskLastUpdatedDateTime: iso(NOW - 20 * HOUR), riskLevel: "high", riskState: "atRisk", riskDetail: "none", userDisplayName: NAMES.alex, userPrincipalName: UPN.alex }
        : { id: IDS[who], isDeleted: false, isProcessing: false, riskLastUpdatedDateTime: iso(NOW - 90 * DAY), riskLevel: "none", riskState: "remediated", riskDetail: "userPerformedSecuredPasswordChange", userDisplayName: NAMES[who], userPrincipalName: UPN[who] },
    ),
    riskDetections: [
      {
        id: "rd-alex-1",
        requestId: "c0ffee00-0000-4000-8000-00000000a001",
        correlationId: "c0ffee00-0000-4000-8000-00000000a001",
        riskEventType: "anonymizedIPAddress",
        riskState: "atRisk",
        riskLevel: "high",
        riskDetail: "none",
        source: "IdentityProtection",
        detectionTimingType: "realtime",
        activity: "signin",
        tokenIssuerType: "AzureAD",
        ipAddress: ATTACKER_IP,
        location: { city: "Frankfurt am Main", state: "Hessen", countryOrRegion: "DE", geoCoordinates: { latitude: 50.11, longitude: 8.68 } },
        activityDateTime: iso(NOW - 21 * HOUR),
        detectedDateTime: iso(NOW - 21 * HOUR),
        lastUpdatedDateTime: iso(NOW - 20 * HOUR),
        userId: IDS.alex,
        userDisplayName: NAMES.alex,
        userPrincipalName: UPN.alex,
        additionalInfo: "[]",
      },
    ],
    servicePrincipals: [
      { id: IDS.graphSp, appId: "00000003-0000-0000-c000-000000000000", displayName: "Microsoft Graph", appDisplayName: "Microsoft Graph", appOwnerOrganizationId: "f8cdef31-a31e-4b4a-93e4-5f571e91255a", publisherName: "Microsoft Services", verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null }, signInAudience: "AzureADMultipleOrgs", servicePrincipalType: "Application", accountEnabled: true, tags: [], createdDateTime: "2021-06-06T06:00:00Z" },
      {
        id: IDS.badAppSp,
        appId: IDS.badAppId,
        displayName: t("app.displayName", "DocuSafe Viewer"),
        appDisplayName: t("app.displayName", "DocuSafe Viewer"),
        appOwnerOrganizationId: "06b11ecc-ec06-425a-b99a-d326db9ad341",
        publisherName: t("app.publisher", "DocuSafe"),
        verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
        signInAudience: "AzureADMultipleOrgs",
        servicePrincipalType: "Application",
        accountEnabled: true,
        replyUrls: ["https://docusafe-viewer.example/auth/callback"],
        tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
        createdDateTime: iso(NOW - 22 * HOUR),
      },
    ],
    oauth2PermissionGrants: [
      { id: "gw9gPixZDlfSkl4KmOlTw-tZCDXbuq8n95GSrqTvDtk", clientId: IDS.badAppSp, consentType: "Principal", principalId: IDS.alex, resourceId: IDS.graphSp, scope: "offline_access Mail.Read Mail.Send User.Read" },
    ],
    userRegistrationDetails: PEOPLE.map((who) => ({
      id: IDS[who],
      userPrincipalName: UPN[who],
      userDisplayName: NAMES[who],
      userType: "member",
      isAdmin: false,
      isMfaCapable: who !== "casey",
      isMfaRegistered: who !== "casey",
      isPasswordlessCapable: false,
      isSsprCapable: true,
      isSsprEnabled: true,
      isSsprRegistered: who !== "casey",
      lastUpdatedDateTime: iso(NOW - 3 * DAY),
      methodsRegistered: who === "casey" ? [] : ["microsoftAuthenticatorPush", "mobilePhone"],
      systemPreferredAuthenticationMethods: [],
      userPreferredMethodForSecondaryAuthentication: who === "casey" ? "none" : "push",
    })),
    conditionalAccessPolicies: [
      { id: "ca-1", displayName: "Require MFA for admins", state: "enabled", conditions: { userRiskLevels: [], signInRiskLevels: [], users: { includeRoles: ["62e90394-69f5-4237-9190-012177145e10"] } }, grantControls: { operator: "OR", builtInControls: ["mfa"] } },
    ],
    mailboxes: Object.fromEntries(PEOPLE.map((who) => [IDS[who], mailbox(who, t)])),
    authenticationMethods: Object.fromEntries(PEOPLE.map((who) => [IDS[who], methods(who)])),
  };
}

function user(who: Person, t: NonNullable<SmallTenantOptions["text"]>): GraphObject {
  return {
    id: IDS[who],
    userPrincipalName: UPN[who],
    displayName: who === "alex" ? t("user.displayName", NAMES[who]) : NAMES[who],
    givenName: NAMES[who].split(" ")[0],
    surname: NAMES[who].split(" ")[1],
    mail: UPN[who],
    accountEnabled: true,
    userType: "Member",
    jobTitle: "Accounts",
    department: "Finance",
    usageLocation: "GB",
    country: "United Kingdom",
    businessPhones: [],
    createdDateTime: "2023-01-01T00:00:00Z",
    lastPasswordChangeDateTime: "2026-06-30T03:19:00Z",
  };
}

/** Office sign-ins every other day over the baseline, and for Alex an attack from abroad in the window. */
function signIns(who: Person, t: NonNullable<SmallTenantOptions["text"]>): GraphObject[] {
  const list: GraphObject[] = [];
  for (let day = 1; day <= 36; day += 2) {
    list.push(signIn(who, `${who}-office-${day}`, NOW - day * DAY - 9 * HOUR, { ip: OFFICE_IP, city: "London", country: "GB", app: "Office 365 Exchange Online", client: "Browser", browser: "Edge 131.0.0", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0" }));
  }
  if (who === "alex") {
    const abroad = { ip: ATTACKER_IP, city: t("signIn.city", "Frankfurt am Main"), country: "DE", app: t("signIn.appDisplayName", "OfficeHome"), browser: t("signIn.browser", "Chrome 120.0.0"), userAgent: t("signIn.userAgent", "python-requests/2.31") };
    list.push(signIn(who, "alex-imap-1", NOW - 22 * HOUR, { ...abroad, client: "IMAP4" }));
    list.push(signIn(who, "alex-risky-1", NOW - 21 * HOUR, { ...abroad, client: "Browser", risk: "high" }));
  }
  return list;
}

function extraSignIns(count: number): GraphObject[] {
  const office = { ip: OFFICE_IP, city: "London", country: "GB", app: "Microsoft Teams", client: "Mobile Apps and Desktop clients", browser: "", userAgent: "Teams/1.7" };
  return Array.from({ length: count }, (_, i) => signIn("alex", `alex-teams-${i}`, NOW - 8 * DAY - i * 40 * 60_000, office));
}

interface SignInShape {
  ip: string;
  city: string;
  country: string;
  app: string;
  client: string;
  browser: string;
  userAgent: string;
  risk?: "high";
}

function signIn(who: Person, id: string, at: number, s: SignInShape): GraphObject {
  const risky = s.risk === "high";
  return {
    id,
    createdDateTime: iso(at),
    userDisplayName: NAMES[who],
    userPrincipalName: UPN[who],
    userId: IDS[who],
    appId: "4765445b-32c6-49b0-83e6-1d93765276ca",
    appDisplayName: s.app,
    ipAddress: s.ip,
    clientAppUsed: s.client,
    correlationId: `c0ffee00-0000-4000-8000-${String(Math.abs(hash(id))).padStart(12, "0").slice(0, 12)}`,
    conditionalAccessStatus: "notApplied",
    isInteractive: true,
    riskDetail: "none",
    riskLevelAggregated: risky ? "high" : "none",
    riskLevelDuringSignIn: risky ? "high" : "none",
    riskState: risky ? "atRisk" : "none",
    riskEventTypes: [],
    riskEventTypes_v2: risky ? ["anonymizedIPAddress"] : [],
    resourceDisplayName: "Office 365 Exchange Online",
    resourceId: "00000002-0000-0ff1-ce00-000000000000",
    status: { errorCode: 0, failureReason: "Other.", additionalDetails: null },
    deviceDetail: { deviceId: "", displayName: null, operatingSystem: "Windows 10", browser: s.browser, isCompliant: false, isManaged: false, trustType: null },
    location: { city: s.city, state: null, countryOrRegion: s.country, geoCoordinates: { altitude: null, latitude: s.country === "GB" ? 51.5 : 50.1, longitude: s.country === "GB" ? -0.12 : 8.68 } },
    appliedConditionalAccessPolicies: [],
    userAgent: s.userAgent,
    authenticationRequirement: "singleFactorAuthentication",
    signInEventTypes: ["interactiveUser"],
  };
}

function hash(text: string): number {
  let h = 7;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

function mailbox(who: Person, t: NonNullable<SmallTenantOptions["text"]>): GraphObject {
  const sent: GraphObject[] = [];
  for (let day = 2; day <= 30; day += 2) sent.push(message(who, `${who}-sent-${day}`, NOW - day * DAY, "Weekly figures", [`${PEOPLE[(PEOPLE.indexOf(who) + 1) % 4]}`]));
  const rules: GraphObject[] = [
    { id: `${who}-rule-news`, displayName: "Newsletters", sequence: 1, isEnabled: true, hasError: false, isReadOnly: false, conditions: { fromAddresses: [{ emailAddress: { name: "Industry Weekly", address: "news@industryweekly.example" } }] }, actions: { moveToFolder: "AAMkAD-archive=", stopProcessingRules: true } },
  ];
  if (who === "alex") {
    rules.push({
      id: "alex-rule-forward",
      displayName: t("rule.displayName", "AP sync"),
      sequence: 2,
      isEnabled: true,
      hasError: false,
      isReadOnly: false,
      conditions: { bodyOrSubjectContains: [t("rule.condition", "invoice"), "payment", "bank details"] },
      actions: { forwardTo: [{ emailAddress: { name: t("rule.forwardName", "Accounts Remittance"), address: "ap.remittance.desk@proton-mailbox.example" } }], markAsRead: true, delete: true, stopProcessingRules: true },
    });
    const colleagues = Array.from({ length: 30 }, (_, i) => `colleague${i}`);
    for (let i = 0; i < 25; i++) {
      sent.push(message(who, `alex-phish-${i}`, NOW - 20 * HOUR + i * 60_000, t("message.subject", "Action required: Q4 salary review document"), colleagues, t));
    }
  }
  return {
    mailFolders: [{ id: "AAMkAD-archive=", displayName: "Archive", parentFolderId: "AAMkAD-root=", childFolderCount: 0, unreadItemCount: 0, totalItemCount: 10, isHidden: false }],
    messageRules: rules,
    sentItems: sent,
    inbox: [],
    mailboxSettings: { timeZone: "GMT Standard Time", language: { locale: "en-GB", displayName: "English (United Kingdom)" }, automaticRepliesSetting: { status: "disabled", externalAudience: "none" }, userPurpose: "user" },
  };
}

function message(who: Person, id: string, at: number, subject: string, to: string[], t?: NonNullable<SmallTenantOptions["text"]>): GraphObject {
  const phishing = t !== undefined;
  return {
    id: `AAMkAD-${id}=`,
    createdDateTime: iso(at),
    receivedDateTime: iso(at),
    sentDateTime: iso(at),
    subject,
    bodyPreview: phishing ? "Please review the attached salary document before Friday: https://salary-review.example/login" : "Figures attached.",
    hasAttachments: false,
    importance: "normal",
    isRead: true,
    isDraft: false,
    internetMessageId: `<${id}@${DOMAIN}>`,
    from: { emailAddress: { name: NAMES[who], address: UPN[who] } },
    sender: { emailAddress: { name: NAMES[who], address: UPN[who] } },
    toRecipients: to.map((local, i) => ({
      emailAddress: {
        name: phishing && i === 0 ? t("message.recipientName", local) : local,
        address: phishing && i === 1 ? t("message.recipientAddress", `${local}@${DOMAIN}`) : `${local}@${DOMAIN}`,
      },
    })),
    ccRecipients: [],
    bccRecipients: [],
  };
}

function methods(who: Person): GraphObject[] {
  const list: GraphObject[] = [{ "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", id: "28c10230-6103-485e-b985-444c60001490", password: null, createdDateTime: null }];
  if (who === "alex" || who === "casey") {
    list.push({ "@odata.type": "#microsoft.graph.phoneAuthenticationMethod", id: "3179e48a-750b-4051-897c-87b9720928f7", phoneNumber: ATTACKER_PHONE, phoneType: "mobile", smsSignInState: "notAllowedByPolicy", createdDateTime: iso(NOW - (who === "alex" ? 20 : 19) * HOUR) });
  } else {
    list.push({ "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", id: `${IDS[who].slice(0, 8)}-0000-4000-8000-000000000001`, displayName: "iPhone", deviceTag: "SoftwareTokenActivated", createdDateTime: "2024-02-01T09:00:00Z" });
  }
  return list;
}

function phoneRegistered(who: Person, hoursAgo: number, t: NonNullable<SmallTenantOptions["text"]>): GraphObject {
  return {
    id: `Directory_${who}_phone`,
    category: "UserManagement",
    correlationId: `7c2e9d41-0a1b-4c3d-9e8f-5a6b7c8d9e${who === "alex" ? "01" : "02"}`,
    result: "success",
    resultReason: "",
    activityDisplayName: who === "alex" ? t("directoryAudit.activity", "User registered security info") : "User registered security info",
    activityDateTime: iso(NOW - hoursAgo * HOUR),
    loggedByService: "Authentication Methods",
    operationType: "Add",
    initiatedBy: { user: { id: IDS[who], displayName: null, userPrincipalName: UPN[who], ipAddress: ATTACKER_IP }, app: null },
    targetResources: [{ id: IDS[who], displayName: NAMES[who], type: "User", userPrincipalName: UPN[who], modifiedProperties: [] }],
    additionalDetails: [{ key: "Method", value: "Mobile phone" }],
  };
}

function auditRecord(id: string, at: number, operation: string, type: string, parameters: Array<{ Name: string; Value: string }>): GraphObject {
  return {
    "@odata.type": "#microsoft.graph.security.auditLogRecord",
    id,
    createdDateTime: iso(at),
    auditLogRecordType: type,
    operation,
    organizationId: IDS.org,
    userType: "regular",
    userId: UPN.alex,
    service: "Exchange",
    objectId: UPN.alex,
    userPrincipalName: UPN.alex,
    clientIp: ATTACKER_IP,
    administrativeUnits: [],
    auditData: {
      CreationTime: iso(at).replace("Z", ""),
      Id: id,
      Operation: operation,
      OrganizationId: IDS.org,
      RecordType: 1,
      ResultStatus: "True",
      UserId: UPN.alex,
      Workload: "Exchange",
      ClientIP: ATTACKER_IP,
      ObjectId: UPN.alex,
      Parameters: parameters,
    },
  };
}

function setMailboxForwarding(t: NonNullable<SmallTenantOptions["text"]>): GraphObject {
  return auditRecord("c3017d17-b01a-4148-bf47-6e8711f27f60", NOW - 20.5 * HOUR, "Set-Mailbox", "exchangeAdmin", [
    { Name: "Identity", Value: t("audit.parameter", UPN.alex) },
    { Name: "ForwardingSmtpAddress", Value: "smtp:ap.remittance.desk@proton-mailbox.example" },
    { Name: "DeliverToMailboxAndForward", Value: "False" },
  ]);
}

function mailItemsAccessed(): GraphObject {
  return auditRecord("13ed93e2-1ce2-41b2-9d5d-98fbf4dec25e", NOW - 20 * HOUR, "MailItemsAccessed", "exchangeItem", [{ Name: "MailAccessType", Value: "Bind" }]);
}

function alert(t: NonNullable<SmallTenantOptions["text"]>): GraphObject {
  return {
    "@odata.type": "#microsoft.graph.security.alert",
    id: "da637551227677560813_-961444813",
    providerAlertId: "da637551227677560813_-961444813",
    incidentId: "2953",
    status: "new",
    severity: "high",
    classification: null,
    determination: null,
    serviceSource: "microsoftDefenderForOffice365",
    detectionSource: "microsoftDefenderForOffice365",
    detectorId: "suspicious-inbox-forwarding",
    tenantId: IDS.org,
    title: t("alert.title", "Suspicious email forwarding activity"),
    description: t("alert.description", "A user set up a rule that forwards mail to an external address."),
    recommendedActions: "Remove the rule and reset the user's credentials.",
    category: "Exfiltration",
    mitreTechniques: ["T1114.003"],
    createdDateTime: iso(NOW - 19 * HOUR),
    lastUpdateDateTime: iso(NOW - 19 * HOUR),
    firstActivityDateTime: iso(NOW - 20 * HOUR),
    lastActivityDateTime: iso(NOW - 20 * HOUR),
    comments: [],
    evidence: [
      {
        "@odata.type": "#microsoft.graph.security.userEvidence",
        createdDateTime: iso(NOW - 19 * HOUR),
        verdict: "suspicious",
        remediationStatus: "none",
        roles: [],
        tags: [],
        userAccount: { accountName: "alex.morgan", domainName: DOMAIN, userSid: null, azureAdUserId: IDS.alex, userPrincipalName: UPN.alex, displayName: NAMES.alex },
      },
    ],
    systemTags: [],
  };
}
