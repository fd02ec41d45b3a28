import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alertOwners, normaliseAlert } from "../../src/collect/sources/alerts.js";
import { auditRecordOwners, normaliseAuditRecord } from "../../src/collect/sources/audit-log.js";
import { methodsFromRegistration, normaliseAuthMethod, normaliseRegistrationDetails } from "../../src/collect/sources/auth-methods.js";
import { clientApp } from "../../src/collect/sources/client-apps.js";
import { normaliseConditionalAccessPolicy } from "../../src/collect/sources/conditional-access.js";
import { directoryAuditOwners, isSecurityInfoChange, normaliseDirectoryAudit } from "../../src/collect/sources/directory-audits.js";
import { folderName, normaliseInboxRule, ruleFolderIds } from "../../src/collect/sources/inbox-rules.js";
import { normaliseMailboxSettings } from "../../src/collect/sources/mailbox-settings.js";
import { isUserGrant, normaliseOAuthGrant } from "../../src/collect/sources/oauth-grants.js";
import { normaliseOrganization } from "../../src/collect/sources/organization.js";
import { isAtRisk, normaliseRiskDetection, normaliseRiskyUser } from "../../src/collect/sources/risk.js";
import { normaliseSentMessage } from "../../src/collect/sources/sent-items.js";
import { normaliseSignIn } from "../../src/collect/sources/sign-ins.js";
import { isEnabledMember, normaliseUser } from "../../src/collect/sources/users.js";

const V1_SIGN_IN = {
  id: "0c4e2b7a-91d3-4f6e-8a52-3f1c9d0b7e21",
  createdDateTime: "2025-03-01T22:14:09Z",
  userDisplayName: "Example User A",
  userPrincipalName: "user.a@fabrikam.example",
  userId: "5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f",
  appId: "00000002-0000-0ff1-ce00-000000000000",
  appDisplayName: "Office 365 Exchange Online",
  ipAddress: "185.220.101.47",
  clientAppUsed: "IMAP4",
  correlationId: "e7d1a3b5-6c2f-4a90-b8e4-1f0d2c3b4a59",
  conditionalAccessStatus: "notApplied",
  isInteractive: true,
  riskDetail: "none",
  riskLevelAggregated: "medium",
  riskLevelDuringSignIn: "medium",
  riskState: "atRisk",
  riskEventTypes: ["unfamiliarFeatures"],
  riskEventTypes_v2: ["unfamiliarFeatures"],
  resourceDisplayName: "Office 365 Exchange Online",
  resourceId: "00000002-0000-0ff1-ce00-000000000000",
  status: { errorCode: 0, failureReason: "Other.", additionalDetails: null },
  deviceDetail: { deviceId: "", displayName: null, operatingSystem: "Linux", browser: null, isCompliant: false, isManaged: false, trustType: null },
  location: { city: "Frankfurt am Main", state: "Hessen", countryOrRegion: "DE", geoCoordinates: { altitude: null, latitude: 50.1109, longitude: 8.6821 } },
  appliedConditionalAccessPolicies: [],
};

describe("sign-in normaliser", () => {
  it("maps a v1.0 sign-in and flags legacy protocols", () => {
    const s = normaliseSignIn(V1_SIGN_IN)!;
    assert.deepEqual(
      [s.time, s.ms, s.country, s.city, s.latitude, s.clientAppUsed, s.legacyAuth, s.success, s.errorCode, s.riskLevelDuringSignIn, s.riskState, s.operatingSystem, s.isCompliant],
      ["2025-03-01T22:14:09.000Z", Date.parse("2025-03-01T22:14:09Z"), "DE", "Frankfurt am Main", 50.1109, "IMAP4", true, true, 0, "medium", "atRisk", "Linux", false],
    );
    assert.deepEqual(s.riskEventTypes, ["unfamiliarFeatures"]);
    assert.deepEqual(s.authenticationDetails, []);
    assert.equal(s.userAgent, undefined);
    assert.ok(!("browser" in s), "null members are left out, not kept as undefined");
  });

  it("reads beta extras, odd casing, numbers as strings, and zone-less seven-digit times", () => {
    const s = normaliseSignIn({
      ...V1_SIGN_IN,
      createdDateTime: "2025-03-01T22:14:09.1234567",
      isInteractive: undefined,
      signInEventTypes: ["NonInteractiveUser"],
      clientAppUsed: "MAPI Over HTTP",
      riskLevelDuringSignIn: "HIGH",
      riskState: "AtRisk",
      riskEventTypes_v2: undefined,
      riskEventTypes: ["anonymizedIPAddress"],
      status: { errorCode: "50126", failureReason: "Invalid username or password." },
      userAgent: "python-requests/2.31",
      authenticationRequirement: "SingleFactorAuthentication",
      authenticationProtocol: "DeviceCode",
      originalTransferMethod: "deviceCodeFlow",
      autonomousSystemNumber: "8075",
      authenticationDetails: [{ authenticationMethod: "Password", succeeded: "false", authenticationStepResultDetail: "Invalid password" }],
      location: undefined,
    })!;
    assert.equal(s.time, "2025-03-01T22:14:09.123Z");
    assert.deepEqual(
      [s.isInteractive, s.clientAppUsed, s.legacyAuth, s.riskLevelDuringSignIn, s.riskState, s.errorCode, s.success, s.autonomousSystemNumber],
      [false, "MAPI over HTTP", true, "high", "atRisk", 50126, false, 8075],
    );
    assert.deepEqual([s.authenticationRequirement, s.authenticationProtocol, s.originalTransferMethod], ["singleFactorAuthentication", "deviceCode", "deviceCodeFlow"]);
    assert.deepEqual(s.signInEventTypes, ["nonInteractiveUser"]);
    assert.deepEqual(s.riskEventTypes, ["anonymizedIPAddress"]);
    assert.deepEqual(s.authenticationDetails, [{ method: "Password", succeeded: false, stepResultDetail: "Invalid password" }]);
    assert.equal(s.country, undefined);
  });

  it("keeps unknown client apps as modern, matches known ones in any casing, and drops sign-ins without a time", () => {
    assert.deepEqual(clientApp("mobile apps and desktop clients"), { name: "Mobile Apps and Desktop clients", legacy: false });
    assert.deepEqual(clientApp("AutoDiscover"), { name: "Autodiscover", legacy: true });
    assert.deepEqual(clientApp("Other clients"), { name: "Other clients", legacy: true });
    assert.deepEqual(clientApp("Universal Outlook"), { name: "Universal Outlook", legacy: false });
    assert.equal(normaliseSignIn({ ...V1_SIGN_IN, createdDateTime: "not a date" }), undefined);
  });
});

describe("directory audit normaliser", () => {
  const raw = {
    id: "Directory_7c2e9d41_XQ1P4_51234567",
    category: "UserManagement",
    correlationId: "7c2e9d41-0a1b-4c3d-9e8f-5a6b7c8d9e0f",
    result: "Success",
    activityDisplayName: "User registered security info",
    activityDateTime: "2025-03-01T22:26:03.118Z",
    loggedByService: "Authentication Methods",
    operationType: "Add",
    initiatedBy: { user: { id: "5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f", userPrincipalName: "user.a@fabrikam.example", ipAddress: "185.220.101.47" }, app: null },
    targetResources: [{ id: "5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f", Type: "User", modifiedProperties: [{ displayName: "StrongAuthenticationMethod", oldValue: null, newValue: '["PhoneAppNotification"]' }] }],
    additionalDetails: [{ key: "User-Agent", value: "Mozilla/5.0" }],
  };
  it("flattens initiator, targets (doc-bug capital Type too) and details", () => {
    const a = normaliseDirectoryAudit(raw)!;
    assert.deepEqual([a.activity, a.result, a.initiatedByUpn, a.initiatedByIp, a.targets[0].type], ["User registered security info", "success", "user.a@fabrikam.example", "185.220.101.47", "User"]);
    assert.deepEqual(a.targets[0].modifiedProperties, [{ name: "StrongAuthenticationMethod", newValue: '["PhoneAppNotification"]' }]);
    assert.deepEqual(a.additionalDetails, { "User-Agent": "Mozilla/5.0" });
    assert.ok(isSecurityInfoChange(a));
    assert.ok(directoryAuditOwners(raw).includes("5b1d6e0f-2c4a-4d8b-9e3f-7a6c5b4d3e2f"));
  });
});

describe("unified audit record normaliser", () => {
  it("finds Parameters at the top of auditData or under dynamicProperties, in any casing", () => {
    const base = { id: "2f1e", createdDateTime: "2025-03-01T22:24:12Z", operation: "New-InboxRule", userId: "user.a@fabrikam.example", userPrincipalName: "user.a@fabrikam.example", service: "Exchange", clientIp: "185.220.101.47" };
    const top = normaliseAuditRecord({ ...base, auditData: { Parameters: [{ Name: "Name", Value: "." }, { Name: "DeleteMessage", Value: true }] } })!;
    const nested = normaliseAuditRecord({ ...base, auditData: { dynamicProperties: { parameters: [{ name: "Name", value: "." }] } } })!;
    assert.deepEqual(top.parameters, { Name: ".", DeleteMessage: "true" });
    assert.deepEqual(nested.parameters, { Name: "." });
    assert.equal(top.clientIp, "185.220.101.47");
  });

  it("reads mailbox-access fields: subjects, counts, throttling, session, mailbox owner", () => {
    const raw = {
      id: "r2",
      createdDateTime: "2025-03-01T23:00:00Z",
      operation: "MailItemsAccessed",
      userId: "attacker@evil.example",
      auditData: {
        MailboxOwnerUPN: "User.A@fabrikam.example",
        ClientIPAddress: "203.0.113.5",
        OperationCount: "12",
        OperationProperties: [{ Name: "IsThrottled", Value: "False" }],
        AppAccessContext: { AADSessionId: "sess-1" },
        Folders: [{ FolderItems: [{ Subject: "Payroll" }, { Subject: "Invoice" }] }],
        AffectedItems: [{ Subject: "Invoice" }],
      },
    };
    const r = normaliseAuditRecord(raw)!;
    assert.deepEqual([r.operationCount, r.isThrottled, r.sessionId, r.clientIp, r.userPrincipalName], [12, false, "sess-1", "203.0.113.5", "attacker@evil.example"]);
    assert.deepEqual(r.subjects.sort(), ["Invoice", "Payroll"]);
    assert.ok(auditRecordOwners(raw).includes("user.a@fabrikam.example"));
  });
});

describe("mailbox normalisers", () => {
  it("turns a phishing rule into keywords, forwards and a named move target", () => {
    const raw = {
      id: "AQAAAK7xQ3E=",
      displayName: ".",
      sequence: 1,
      isEnabled: true,
      hasError: false,
      conditions: { bodyOrSubjectContains: ["invoice", "payment"], subjectContains: ["wire"] },
      actions: {
        moveToFolder: "AAMkRSS=",
        markAsRead: true,
        stopProcessingRules: true,
        forwardTo: [{ emailAddress: { name: "accounts", address: "Acct-Team@Outlook-Mail.example" } }],
        redirectTo: { emailAddress: { address: "drop@protonmail.example" } },
      },
    };
    const names = new Map([["AAMkRSS=", folderName({ id: "AAMkRSS=", displayName: "RSS-Feeds", wellKnownName: "RssFeeds" })!]]);
    const rule = normaliseInboxRule(raw, names)!;
    assert.deepEqual(rule.keywords, ["wire", "invoice", "payment"]);
    assert.deepEqual([rule.forwardTo, rule.redirectTo, rule.moveToFolderName, rule.matchesAllMail, rule.delete], [["acct-team@outlook-mail.example"], ["drop@protonmail.example"], "RSS Feeds", false, false]);
    assert.deepEqual(ruleFolderIds([raw]), ["AAMkRSS="]);
  });

  it("treats a rule without conditions as matching all mail, and tolerates missing actions", () => {
    const rule = normaliseInboxRule({ id: "r", displayName: "all", conditions: { "@odata.type": "x", hasAttachments: false, categories: [] } }, new Map())!;
    assert.deepEqual([rule.matchesAllMail, rule.isEnabled, rule.forwardTo, rule.permanentDelete], [true, true, [], false]);
  });

  it("reads sent mail recipients and URLs, and mailbox settings in any casing", () => {
    const m = normaliseSentMessage({
      id: "m1",
      subject: "Updated remittance details",
      sentDateTime: "2025-03-01T22:31:55Z",
      hasAttachments: true,
      bodyPreview: "Please use https://pay.example/new?x=1. Thanks",
      toRecipients: [{ emailAddress: { name: "AP", address: "AP@Contoso-Vendor.example" } }],
      bccRecipients: [{ emailAddress: { address: "drop@protonmail.example" } }],
    })!;
    assert.deepEqual([m.to, m.cc, m.bcc, m.urls, m.hasAttachments], [["ap@contoso-vendor.example"], [], ["drop@protonmail.example"], ["https://pay.example/new?x=1"], true]);
    assert.deepEqual(normaliseMailboxSettings({ automaticRepliesSetting: { status: "AlwaysEnabled" }, timeZone: "UTC", language: { locale: "en-US" } }), { automaticRepliesStatus: "alwaysEnabled", timeZone: "UTC", language: "en-US" });
    assert.deepEqual(normaliseMailboxSettings({}), {});
  });
});

describe("identity normalisers", () => {
  it("types authentication methods by @odata.type, including the fido2 creationDateTime misspelling", () => {
    const kinds = [
      ["#microsoft.graph.phoneAuthenticationMethod", "phone"],
      ["#microsoft.graph.MicrosoftAuthenticatorAuthenticationMethod", "microsoftAuthenticator"],
      ["microsoft.graph.fido2AuthenticationMethod", "fido2"],
      ["#microsoft.graph.temporaryAccessPassAuthenticationMethod", "temporaryAccessPass"],
      ["#microsoft.graph.qrCodePinAuthenticationMethod", "other"],
    ];
    for (const [type, kind] of kinds) assert.equal(normaliseAuthMethod({ "@odata.type": type, id: "x" })?.kind, kind, type);
    const fido = normaliseAuthMethod({ "@odata.type": "#microsoft.graph.fido2AuthenticationMethod", id: "f", displayName: "YubiKey", creationDateTime: "2025-03-01T22:20:41Z" })!;
    assert.equal(fido.createdDateTime, "2025-03-01T22:20:41.000Z");
  });

  it("reads registration details and summarises them as methods", () => {
    const details = normaliseRegistrationDetails({ id: "u", isMfaRegistered: "true", methodsRegistered: ["mobilePhone", "microsoftAuthenticatorPush"], userPreferredMethodForSecondaryAuthentication: "", systemPreferredAuthenticationMethods: ["push"] });
    assert.deepEqual([details.isMfaRegistered, details.defaultMfaMethod], [true, "push"]);
    assert.deepEqual(methodsFromRegistration(details).map((m) => [m.kind, m.fromRegistrationReport]), [["phone", true], ["microsoftAuthenticator", true]]);
  });

  it("reads alerts and the users their evidence names", () => {
    const raw = {
      id: "fa2b",
      title: "Unfamiliar sign-in properties",
      severity: "Medium",
      status: "New",
      createdDateTime: "2025-03-01T22:19:40Z",
      mitreTechniques: ["T1078"],
      evidence: [
        { "@odata.type": "#microsoft.graph.security.userEvidence", userAccount: { azureAdUserId: "5B1D", userPrincipalName: "User.A@fabrikam.example" } },
        { "@odata.type": "#microsoft.graph.security.mailboxEvidence", primaryAddress: "shared@fabrikam.example" },
        { "@odata.type": "#microsoft.graph.security.ipEvidence", ipAddress: "185.220.101.47" },
      ],
    };
    const alert = normaliseAlert(raw)!;
    assert.deepEqual([alert.severity, alert.status, alert.createdTime], ["medium", "new", "2025-03-01T22:19:40.000Z"]);
    assert.deepEqual(alertOwners(raw).sort(), ["5b1d", "shared@fabrikam.example", "user.a@fabrikam.example"]);
  });

  it("reads risky users and detections (legacy riskType, no location)", () => {
    const user = normaliseRiskyUser({ id: "u", riskLevel: "High", riskState: "atRisk" })!;
    assert.ok(isAtRisk(user));
    assert.ok(!isAtRisk(normaliseRiskyUser({ id: "u", riskLevel: "none", riskState: "remediated" })));
    const d = normaliseRiskDetection({ id: "d", riskType: "unlikelyTravel", detectedDateTime: "2025-03-01T22:14:09Z", riskLevel: "Medium" })!;
    assert.deepEqual([d.riskEventType, d.time, d.riskLevel, d.country], ["unlikelyTravel", "2025-03-01T22:14:09.000Z", "medium", undefined]);
  });

  it("joins a consent grant with its app and keeps only the user's own consents", () => {
    const grant = { id: "g", clientId: "sp-1", consentType: "Principal", principalId: "U1", resourceId: "r", scope: " Mail.Read  offline_access " };
    const g = normaliseOAuthGrant(grant, { id: "sp-1", appId: "app-1", displayName: "Mail Helper", publisherName: "X", verifiedPublisher: { displayName: null }, appOwnerOrganizationId: "t2", createdDateTime: "2025-03-01T22:00:00Z" })!;
    assert.deepEqual([g.scopes, g.appId, g.appDisplayName, g.verifiedPublisher, g.servicePrincipalCreatedDateTime], [["Mail.Read", "offline_access"], "app-1", "Mail Helper", undefined, "2025-03-01T22:00:00.000Z"]);
    assert.ok(isUserGrant(grant, "u1"));
    assert.ok(!isUserGrant({ ...grant, consentType: "AllPrincipals", principalId: null }, "u1"));
  });

  it("reads users, organizations and conditional access policies", () => {
    const user = normaliseUser({ id: "u", userPrincipalName: "a@b.example", accountEnabled: "false", userType: "Member", onPremisesSyncEnabled: null, signInSessionsValidFromDateTime: "2025-03-01T22:00:00Z", usageLocation: "de" })!;
    assert.deepEqual([user.displayName, user.accountEnabled, user.usageLocation, user.signInSessionsValidFromDateTime], ["a@b.example", false, "DE", "2025-03-01T22:00:00.000Z"]);
    assert.ok(!isEnabledMember({ id: "u", accountEnabled: false, userType: "Member" }));
    assert.ok(!isEnabledMember({ id: "g", userType: "Guest" }));
    assert.ok(isEnabledMember({ id: "m" }));
    const org = normaliseOrganization({ id: "o", displayName: "F", verifiedDomains: [{ name: "F.example", isDefault: true }, { name: "f.onmicrosoft.com" }] })!;
    assert.deepEqual([org.verifiedDomains, org.defaultDomain], [["f.example", "f.onmicrosoft.com"], "f.example"]);
    const policy = normaliseConditionalAccessPolicy({ id: "p", displayName: "Risk", state: "EnabledForReportingButNotEnforced", conditions: { userRiskLevels: ["High"] }, grantControls: { builtInControls: ["mfa"] } })!;
    assert.deepEqual([policy.state, policy.userRiskLevels, policy.grantControls, policy.includeUsers], ["enabledForReportingButNotEnforced", ["high"], ["mfa"], []]);
  });
});
