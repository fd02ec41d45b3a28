/** Every object carries the fields Graph documents for it, with consistent ids, users and times. */
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { SNAPSHOT_FORMAT, type GraphObject } from "../../../src/snapshot/types.js";
import { DAY, NOW_MS, SMALL, demo, ms, signIns } from "./fixture.js";

const { snapshot } = demo(SMALL);
const users = snapshot.users ?? [];
const userIds = new Set(users.map((u) => String(u.id)));
const upnById = new Map(users.map((u) => [String(u.id), String(u.userPrincipalName)]));
const upns = new Set(upnById.values());
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

const SIGN_IN_V1 = [
  "id", "createdDateTime", "userDisplayName", "userPrincipalName", "userId", "appId", "appDisplayName", "ipAddress",
  "clientAppUsed", "correlationId", "conditionalAccessStatus", "isInteractive", "riskDetail", "riskLevelAggregated",
  "riskLevelDuringSignIn", "riskState", "riskEventTypes", "riskEventTypes_v2", "resourceDisplayName", "resourceId",
  "status", "deviceDetail", "location", "appliedConditionalAccessPolicies",
];
const SIGN_IN_BETA = ["signInEventTypes", "userAgent", "authenticationRequirement", "authenticationProtocol", "originalTransferMethod", "autonomousSystemNumber", "authenticationDetails"];

function hasFields(object: GraphObject, fields: string[], label: string): void {
  const missing = fields.filter((field) => !(field in object));
  if (missing.length > 0) assert.fail(`${label} lacks ${missing.join(", ")}: ${JSON.stringify(object).slice(0, 200)}`);
}

function assertUniqueIds(items: GraphObject[], label: string): void {
  const ids = items.map((i) => String(i.id));
  assert.equal(new Set(ids).size, ids.length, `${label} ids are not unique`);
}

test("the snapshot has the contract's envelope", () => {
  assert.equal(snapshot.format, SNAPSHOT_FORMAT);
  assert.equal(snapshot.capturedAt, "2026-11-27T06:00:00Z");
  assert.deepEqual(snapshot.licenses, { entraIdP1: true, entraIdP2: true, defender: true, auditLogQuery: true, exchangeOnline: true });
  const domains = snapshot.organization!.verifiedDomains as { name: string; isDefault: boolean }[];
  assert.ok(domains.filter((d) => d.isDefault).length === 1);
  assert.ok(domains.length >= 2);
});

test("users have Graph's user fields, unique ids and UPNs on verified domains (guests on the initial one)", () => {
  assertUniqueIds(users, "user");
  const domains = (snapshot.organization!.verifiedDomains as { name: string }[]).map((d) => d.name);
  for (const user of users) {
    hasFields(user, ["id", "displayName", "userPrincipalName", "mail", "accountEnabled", "userType", "createdDateTime", "signInActivity"], "user");
    assert.ok(domains.includes(String(user.userPrincipalName).split("@")[1]), String(user.userPrincipalName));
    assert.match(String(user.createdDateTime), ISO_Z);
  }
});

test("sign-ins have the 24 v1.0 properties plus the beta extras, and point at real users", () => {
  const all = signIns(snapshot);
  assert.ok(all.length > 1000);
  assertUniqueIds(all, "signIn");
  for (const signIn of all) {
    hasFields(signIn, SIGN_IN_V1, "signIn");
    hasFields(signIn, SIGN_IN_BETA, "signIn");
    assert.match(signIn.createdDateTime, ISO_Z);
    assert.equal(upnById.get(signIn.userId), signIn.userPrincipalName);
    assert.equal(typeof signIn.isInteractive, "boolean");
    assert.equal(typeof signIn.status.errorCode, "number");
    assert.equal(signIn.location.countryOrRegion.length, 2);
    assert.deepEqual(signIn.signInEventTypes, [signIn.isInteractive ? "interactiveUser" : "nonInteractiveUser"]);
    const t = ms(signIn.createdDateTime);
    assert.ok(t < NOW_MS && t >= NOW_MS - 10 * DAY, signIn.createdDateTime);
  }
});

test("directory audits, audit log records, risk and alerts reference real users with ISO times", () => {
  assertUniqueIds(snapshot.directoryAudits!, "directoryAudit");
  for (const audit of snapshot.directoryAudits!) {
    hasFields(audit, ["id", "category", "correlationId", "result", "activityDisplayName", "activityDateTime", "loggedByService", "operationType", "initiatedBy", "targetResources", "additionalDetails"], "directoryAudit");
    assert.match(String(audit.activityDateTime), ISO_Z);
    assert.ok(ms(audit.activityDateTime) < NOW_MS);
    const by = audit.initiatedBy as { user: { id: string; userPrincipalName: string } | null; app: unknown };
    if (by.user) assert.equal(upnById.get(by.user.id), by.user.userPrincipalName);
    else assert.ok(by.app);
  }
  assertUniqueIds(snapshot.auditLogRecords!, "auditLogRecord");
  for (const record of snapshot.auditLogRecords!) {
    hasFields(record, ["@odata.type", "id", "createdDateTime", "auditLogRecordType", "operation", "organizationId", "userType", "userId", "service", "objectId", "userPrincipalName", "clientIp", "administrativeUnits", "auditData"], "auditLogRecord");
    assert.match(String(record.createdDateTime), ISO_Z);
    assert.ok(ms(record.createdDateTime) < NOW_MS);
    assert.ok(upns.has(String(record.userPrincipalName)));
  }
  assertUniqueIds(snapshot.riskDetections!, "riskDetection");
  for (const detection of snapshot.riskDetections!) {
    hasFields(detection, ["id", "riskEventType", "riskState", "riskLevel", "riskDetail", "source", "detectionTimingType", "activity", "activityDateTime", "detectedDateTime", "userId", "userPrincipalName", "additionalInfo"], "riskDetection");
    assert.equal(upnById.get(String(detection.userId)), detection.userPrincipalName);
    assert.doesNotThrow(() => JSON.parse(String(detection.additionalInfo)));
    assert.ok(ms(detection.detectedDateTime) < NOW_MS && ms(detection.activityDateTime) <= ms(detection.detectedDateTime));
  }
  for (const risky of snapshot.riskyUsers!) {
    hasFields(risky, ["id", "isDeleted", "isProcessing", "riskLastUpdatedDateTime", "riskLevel", "riskState", "riskDetail", "userDisplayName", "userPrincipalName"], "riskyUser");
    assert.equal(upnById.get(String(risky.id)), risky.userPrincipalName);
  }
  assertUniqueIds(snapshot.alerts!, "alert");
  for (const alert of snapshot.alerts!) {
    hasFields(alert, ["@odata.type", "id", "status", "severity", "classification", "determination", "serviceSource", "title", "createdDateTime", "mitreTechniques", "evidence"], "alert");
    const evidence = (alert.evidence as GraphObject[]).find((e) => e["@odata.type"] === "#microsoft.graph.security.userEvidence");
    assert.ok(userIds.has(String((evidence!.userAccount as GraphObject).azureAdUserId)));
  }
});

test("apps and grants: grants point at service principals in the snapshot", () => {
  const sps = new Set(snapshot.servicePrincipals!.map((sp) => String(sp.id)));
  for (const sp of snapshot.servicePrincipals!) hasFields(sp, ["id", "appId", "displayName", "appOwnerOrganizationId", "verifiedPublisher", "publisherName", "signInAudience"], "servicePrincipal");
  for (const grant of snapshot.oauth2PermissionGrants!) {
    hasFields(grant, ["id", "clientId", "consentType", "principalId", "resourceId", "scope"], "oAuth2PermissionGrant");
    assert.ok(sps.has(String(grant.clientId)) && sps.has(String(grant.resourceId)));
    if (grant.consentType === "Principal") assert.ok(userIds.has(String(grant.principalId)));
  }
});

test("mailboxes and authentication methods are keyed by existing user ids and shaped like Graph", () => {
  for (const [id, mailbox] of Object.entries(snapshot.mailboxes!)) {
    assert.ok(userIds.has(id));
    const folders = new Set(mailbox.mailFolders!.map((f) => String(f.id)));
    assert.ok(mailbox.mailFolders!.some((f) => f.displayName === "Inbox"));
    for (const rule of mailbox.messageRules!) {
      hasFields(rule, ["id", "displayName", "sequence", "isEnabled", "hasError", "isReadOnly", "conditions", "actions"], "messageRule");
      const actions = rule.actions as { moveToFolder?: string; forwardTo?: unknown };
      if (actions.moveToFolder) assert.ok(folders.has(actions.moveToFolder), "rule moves to a folder that exists");
    }
    for (const message of [...mailbox.sentItems!, ...mailbox.inbox!]) {
      hasFields(message, ["id", "subject", "sentDateTime", "receivedDateTime", "from", "toRecipients", "ccRecipients", "bccRecipients", "bodyPreview", "internetMessageId", "parentFolderId", "hasAttachments"], "message");
      assert.match(String(message.sentDateTime), ISO_Z);
      assert.ok(folders.has(String(message.parentFolderId)));
    }
    hasFields(mailbox.mailboxSettings!, ["timeZone", "language", "workingHours", "automaticRepliesSetting", "userPurpose"], "mailboxSettings");
  }
  for (const [id, methods] of Object.entries(snapshot.authenticationMethods!)) {
    assert.ok(userIds.has(id));
    assert.ok(methods.some((m) => m["@odata.type"] === "#microsoft.graph.passwordAuthenticationMethod"));
    for (const method of methods) assert.match(String(method["@odata.type"]), /^#microsoft\.graph\.\w+AuthenticationMethod$/);
  }
  for (const row of snapshot.userRegistrationDetails!) {
    hasFields(row, ["id", "userPrincipalName", "isMfaRegistered", "isMfaCapable", "isAdmin", "methodsRegistered", "lastUpdatedDateTime", "userType"], "userRegistrationDetails");
    assert.equal(upnById.get(String(row.id)), row.userPrincipalName);
  }
});

test("conditional access: a sign-in risk policy and, by default, no user-risk policy", () => {
  const policies = snapshot.conditionalAccessPolicies!;
  const conditions = (p: GraphObject) => p.conditions as { signInRiskLevels: string[]; userRiskLevels: string[] };
  assert.ok(policies.some((p) => p.state === "enabled" && conditions(p).signInRiskLevels.length > 0));
  assert.ok(!policies.some((p) => conditions(p).userRiskLevels.length > 0));
  const withUserRisk = demo({ ...SMALL, userRiskPolicy: true }).snapshot.conditionalAccessPolicies!;
  assert.ok(withUserRisk.some((p) => p.state === "enabled" && conditions(p).userRiskLevels.includes("high")));
});
