/** Each labelled attack leaves the Graph artefacts detections.md says real attacks leave. */
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { FORWARD_ADDRESS } from "../../../src/simulator/demo/cast.js";
import { SCENARIOS } from "../../../src/simulator/demo/scenarios/index.js";
import type { GraphObject } from "../../../src/snapshot/types.js";
import { HOUR, NOW_MS, SMALL, demo, densestWindow, distanceKm, isInternal, ms, scenario, signIns, userSignIns, type SignIn } from "./fixture.js";

const { snapshot, groundTruth } = demo(SMALL);
const MINUTE = 60_000;
const userIds = new Set(snapshot.users!.map((u) => String(u.id)));

function records(operation: string, upn?: string): GraphObject[] {
  return snapshot.auditLogRecords!.filter((r) => r.operation === operation && (!upn || r.userPrincipalName === upn));
}
function parameter(record: GraphObject, name: string): string | undefined {
  const params = (record.auditData as { Parameters?: { Name: string; Value: string }[] }).Parameters ?? [];
  return params.find((p) => p.Name === name)?.Value;
}
function audits(activity: string, userId: string): GraphObject[] {
  return snapshot.directoryAudits!.filter((a) => a.activityDisplayName === activity && (a.targetResources as { id: string }[]).some((t) => t.id === userId));
}
function detections(userId: string, type: string): GraphObject[] {
  return snapshot.riskDetections!.filter((d) => d.userId === userId && d.riskEventType === type);
}
function countriesBefore(userId: string, beforeMs: number): Set<string> {
  return new Set(userSignIns(snapshot, userId).filter((s) => ms(s.createdDateTime) < beforeMs).map((s) => s.location.countryOrRegion));
}

test("ground truth: every scenario once, each on its own existing user, starting in the last 24 h", () => {
  assert.ok(groundTruth.scenarios.length >= 8);
  assert.deepEqual(groundTruth.scenarios.map((s) => s.scenario), SCENARIOS.map((s) => s.name));
  assert.equal(new Set(groundTruth.scenarios.map((s) => s.userId)).size, groundTruth.scenarios.length);
  const upns = new Map(snapshot.users!.map((u) => [String(u.id), String(u.userPrincipalName)]));
  for (const truth of groundTruth.scenarios) {
    assert.equal(upns.get(truth.userId), truth.userPrincipalName);
    const start = ms(truth.start);
    assert.ok(start > NOW_MS - 24 * HOUR && start < NOW_MS - HOUR, `${truth.scenario} starts ${truth.start}`);
    assert.ok(truth.attack.length > 0 && truth.attack.every((id) => /^T\d{4}(\.\d{3})?$/.test(id)));
    assert.ok(truth.description.length > 20);
    assert.ok(!groundTruth.benignUserIds.includes(truth.userId));
  }
  for (const id of groundTruth.benignUserIds) assert.ok(userIds.has(id));
  // victims have a normal history before the attack
  for (const truth of groundTruth.scenarios) {
    const before = userSignIns(snapshot, truth.userId).filter((s) => ms(s.createdDateTime) < ms(truth.start) - 2 * HOUR);
    assert.ok(before.length > 50, `${truth.scenario} victim has ${before.length} earlier sign-ins`);
  }
});

test("aitm-session-theft: OfficeHome session replayed from another country, hiding rule in that session, internal phish", () => {
  const truth = scenario(groundTruth, "aitm-session-theft");
  const start = ms(truth.start);
  const all = userSignIns(snapshot, truth.userId).filter((s) => ms(s.createdDateTime) >= start);
  const isOfficeHome = (s: SignIn) => s.appId === "4765445b-32c6-49b0-83e6-1d93765276ca" && s.isInteractive && s.clientAppUsed === "Browser" && s.status.errorCode === 0;
  const replayed = (s: SignIn) => all.filter((r) => r.correlationId === s.correlationId && r !== s);
  const office = all.find((s) => isOfficeHome(s) && replayed(s).length > 0)!;
  assert.ok(office);
  const replays = replayed(office);
  assert.ok(replays.length >= 3 && replays.every((s) => !s.isInteractive && s.appId !== office.appId));
  assert.ok(replays.every((s) => s.location.countryOrRegion !== office.location.countryOrRegion && s.autonomousSystemNumber !== office.autonomousSystemNumber));
  assert.ok(ms(replays[0].createdDateTime) - ms(office.createdDateTime) < 15 * MINUTE);
  const proxyIp = replays[0].ipAddress;

  const mailbox = snapshot.mailboxes![truth.userId];
  const rss = mailbox.mailFolders!.find((f) => f.displayName === "RSS Subscriptions")!;
  const rule = mailbox.messageRules!.find((r) => (r.actions as { moveToFolder?: string }).moveToFolder === rss.id)!;
  assert.ok((rule.conditions as { bodyOrSubjectContains: string[] }).bodyOrSubjectContains.includes("invoice"));
  const created = records("New-InboxRule", truth.userPrincipalName).find((r) => r.clientIp === proxyIp)!;
  assert.equal((created.auditData as { SessionId: string }).SessionId, office.correlationId);

  const recipientsOf = (m: GraphObject) => (m.toRecipients as GraphObject[]).length + (m.bccRecipients as GraphObject[]).length;
  const mass = mailbox.sentItems!.filter((m) => ms(m.sentDateTime) > start && recipientsOf(m) >= 10);
  const subjects = new Set(mass.map((m) => m.subject));
  assert.equal(subjects.size, 1, "one subject sent to many");
  const phish = mailbox.sentItems!.filter((m) => subjects.has(m.subject));
  const recipients = new Set(phish.flatMap((m) => [...(m.toRecipients as GraphObject[]), ...(m.bccRecipients as GraphObject[])].map((r) => (r.emailAddress as { address: string }).address)));
  recipients.delete(truth.userPrincipalName);
  assert.ok(recipients.size >= 40 && [...recipients].every((a) => isInternal(snapshot, a)));
  assert.ok(phish.every((m) => /https:\/\//.test(String((m.body as { content: string }).content))));
  assert.equal(detections(truth.userId, "attackerinTheMiddle")[0].riskLevel, "high");
  assert.equal(detections(truth.userId, "anomalousToken").length, 1);
  assert.ok(snapshot.riskyUsers!.some((r) => r.id === truth.userId && r.riskLevel === "high" && r.riskState === "atRisk"));
});

test("password-spray-success-mfa-added: one IP fails for >= 15 users in 20 min, succeeds for the victim, then a phone is registered", () => {
  const truth = scenario(groundTruth, "password-spray-success-mfa-added");
  const success = signIns(snapshot).find((s) => s.userId === truth.userId && s.status.errorCode === 0 && ms(s.createdDateTime) >= ms(truth.start) && s.location.countryOrRegion !== "GB")!;
  const sprayIp = success.ipAddress;
  const failures = signIns(snapshot).filter((s) => s.ipAddress === sprayIp && s.status.errorCode === 50126);
  assert.ok(densestWindow(failures, (s) => ms(s.createdDateTime), (s) => s.userId, 20 * MINUTE) >= 15);
  assert.ok(!failures.some((s) => s.userId === truth.userId));
  const registered = audits("User registered security info", truth.userId).find((a) => (a.initiatedBy as { user: { ipAddress: string } }).user.ipAddress === sprayIp)!;
  const gap = ms(registered.activityDateTime) - ms(success.createdDateTime);
  assert.ok(gap > 0 && gap < 6 * HOUR);
  const phone = snapshot.authenticationMethods![truth.userId].find((m) => m["@odata.type"] === "#microsoft.graph.phoneAuthenticationMethod")!;
  assert.ok(Math.abs(ms(phone.createdDateTime) - ms(registered.activityDateTime)) < MINUTE);
  assert.equal(detections(truth.userId, "passwordSpray")[0].ipAddress, sprayIp);
});

test("illicit-consent: user consent to an unverified, new, multi-tenant app with offline mail scopes", () => {
  const truth = scenario(groundTruth, "illicit-consent");
  const grant = snapshot.oauth2PermissionGrants!.find((g) => g.principalId === truth.userId && String(g.scope).includes("Mail.Read"))!;
  assert.equal(grant.consentType, "Principal");
  assert.deepEqual(String(grant.scope).split(" ").sort(), ["Mail.Read", "Mail.Send", "User.Read", "offline_access"]);
  const sp = snapshot.servicePrincipals!.find((s) => s.id === grant.clientId)!;
  assert.equal((sp.verifiedPublisher as { verifiedPublisherId: string | null }).verifiedPublisherId, null);
  assert.equal(sp.signInAudience, "AzureADMultipleOrgs");
  assert.notEqual(sp.appOwnerOrganizationId, snapshot.organization!.id);
  assert.ok(ms(sp.createdDateTime) > NOW_MS - 24 * HOUR);
  const consent = audits("Consent to application", String(sp.id));
  assert.equal(consent.length, 1);
  assert.equal((consent[0].initiatedBy as { user: { id: string } }).user.id, truth.userId);
  assert.ok(signIns(snapshot).some((s) => s.userId === truth.userId && s.appId === sp.appId && !s.isInteractive && s.location.countryOrRegion !== "GB"));
});

test("external-forward-and-delete: external forward plus delete/mark-read, and the same address on a second victim", () => {
  const truth = scenario(groundTruth, "external-forward-and-delete");
  type Actions = { forwardTo?: { emailAddress: { address: string } }[]; delete?: boolean; markAsRead?: boolean };
  const external = snapshot.mailboxes![truth.userId].messageRules!.filter((r) => ((r.actions as Actions).forwardTo ?? []).some((f) => !isInternal(snapshot, f.emailAddress.address)));
  assert.equal(external.length, 1);
  const actions = external[0].actions as Required<Actions>;
  const address = actions.forwardTo[0].emailAddress.address;
  assert.equal(address, FORWARD_ADDRESS);
  assert.ok(!isInternal(snapshot, address));
  assert.ok(actions.delete && actions.markAsRead);
  assert.equal(parameter(records("New-InboxRule", truth.userPrincipalName).at(-1)!, "ForwardTo"), address);
  const delegation = scenario(groundTruth, "mailbox-delegation");
  const forwarding = records("Set-Mailbox", delegation.userPrincipalName)[0];
  assert.equal(parameter(forwarding, "ForwardingSmtpAddress"), `smtp:${address}`);
});

test("mfa-fatigue: more than 10 declined pushes within 5 minutes, then an approval", () => {
  const truth = scenario(groundTruth, "mfa-fatigue");
  const window = userSignIns(snapshot, truth.userId).filter((s) => Math.abs(ms(s.createdDateTime) - ms(truth.start)) < 10 * MINUTE);
  const denied = window.filter((s) => s.status.errorCode === 500121 && s.status.additionalDetails === "MFA denied; user declined the authentication");
  assert.ok(denied.length > 10);
  const first = ms(denied[0].createdDateTime);
  const success = window.find((s) => s.status.errorCode === 0 && s.isInteractive && s.ipAddress === denied[0].ipAddress && ms(s.createdDateTime) > first)!;
  assert.equal(success.status.additionalDetails, "MFA successfully completed");
  assert.ok(ms(success.createdDateTime) - first <= 5 * MINUTE);
  assert.ok(denied.every((s) => s.ipAddress === success.ipAddress && s.location.countryOrRegion !== "GB"));
});

test("legacy-auth-abroad: IMAP/POP successes from a never-seen country and bulk MailItemsAccessed", () => {
  const truth = scenario(groundTruth, "legacy-auth-abroad");
  const legacy = userSignIns(snapshot, truth.userId).filter((s) => ["IMAP4", "POP3"].includes(s.clientAppUsed) && s.status.errorCode === 0);
  assert.ok(legacy.length >= 3);
  const country = legacy[0].location.countryOrRegion;
  assert.ok(!countriesBefore(truth.userId, ms(legacy[0].createdDateTime)).has(country));
  const reads = records("MailItemsAccessed", truth.userPrincipalName).filter((r) => r.clientIp === legacy[0].ipAddress);
  assert.ok(reads.some((r) => (r.auditData as { OperationCount: number }).OperationCount >= 100));
});

test("mailbox-delegation: FullAccess and SendAs granted from the session of a risky sign-in in a new country", () => {
  const truth = scenario(groundTruth, "mailbox-delegation");
  const risky = userSignIns(snapshot, truth.userId).find((s) => s.isInteractive && s.riskLevelDuringSignIn === "medium" && ms(s.createdDateTime) >= ms(truth.start))!;
  assert.ok(!countriesBefore(truth.userId, ms(risky.createdDateTime)).has(risky.location.countryOrRegion));
  const full = records("Add-MailboxPermission", truth.userPrincipalName)[0];
  const sendAs = records("Add-RecipientPermission", truth.userPrincipalName)[0];
  assert.equal(parameter(full, "AccessRights"), "FullAccess");
  assert.equal(parameter(sendAs, "AccessRights"), "SendAs");
  for (const record of [full, sendAs]) {
    assert.equal(record.clientIp, risky.ipAddress);
    assert.equal((record.auditData as { SessionId: string }).SessionId, risky.correlationId);
  }
});

test("impossible-travel: two interactive successes > 5,000 km apart within an hour, then MFA methods changed", () => {
  const truth = scenario(groundTruth, "impossible-travel");
  const interactive = userSignIns(snapshot, truth.userId).filter((s) => s.isInteractive && s.status.errorCode === 0 && ms(s.createdDateTime) >= ms(truth.start));
  const home = interactive[0];
  const far = interactive.find((s) => s.location.countryOrRegion !== home.location.countryOrRegion)!;
  assert.ok(distanceKm(home, far) > 5000);
  assert.ok(ms(far.createdDateTime) - ms(home.createdDateTime) < HOUR);
  assert.ok(!countriesBefore(truth.userId, ms(far.createdDateTime)).has(far.location.countryOrRegion));
  const deleted = audits("User deleted security info", truth.userId);
  assert.ok(deleted.length >= 1);
  const after = ms(deleted[0].activityDateTime) - ms(far.createdDateTime);
  assert.ok(after > 0 && after < HOUR);
});

test("device-code-phishing: deviceCode sign-in, tokens used from abroad, device registered within minutes", () => {
  const truth = scenario(groundTruth, "device-code-phishing");
  const code = userSignIns(snapshot, truth.userId).find((s) => s.authenticationProtocol === "deviceCode" && s.originalTransferMethod === "deviceCodeFlow")!;
  assert.equal(code.appId, "29d9ed98-a469-4536-ade2-f981bc1d605e");
  const registered = snapshot.directoryAudits!.find((a) => a.activityDisplayName === "Register device" && ms(a.activityDateTime) >= ms(code.createdDateTime))!;
  assert.ok(ms(registered.activityDateTime) - ms(code.createdDateTime) <= 5 * MINUTE);
  const sameSession = userSignIns(snapshot, truth.userId).filter((s) => s.correlationId === code.correlationId);
  assert.ok(new Set(sameSession.map((s) => s.ipAddress)).size > 1 && new Set(sameSession.map((s) => s.autonomousSystemNumber)).size > 1);
});

test("admin-confirmed-compromise: riskyUser confirmedCompromised", () => {
  const truth = scenario(groundTruth, "admin-confirmed-compromise");
  const risky = snapshot.riskyUsers!.find((r) => r.id === truth.userId)!;
  assert.equal(risky.riskState, "confirmedCompromised");
  assert.equal(risky.riskLevel, "high");
  assert.equal(detections(truth.userId, "adminConfirmedUserCompromised").length, 1);
});

test("scenarios survive scaling: a 40-user tenant still has all of them", () => {
  const small = demo({ users: 40, historyDays: 3, signInsPerUserPerDay: 6, seed: 5 });
  assert.equal(small.groundTruth.scenarios.length, SCENARIOS.length);
  const spray = scenario(small.groundTruth, "password-spray-success-mfa-added");
  const success = signIns(small.snapshot).find((s: SignIn) => s.userId === spray.userId && s.status.errorCode === 0 && s.location.countryOrRegion === "RU")!;
  const failures = signIns(small.snapshot).filter((s) => s.ipAddress === success.ipAddress && s.status.errorCode === 50126);
  assert.ok(new Set(failures.map((s) => s.userId)).size >= 15);
});
