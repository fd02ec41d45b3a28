/**
 * Benign people must not look attacked: their everyday noise stays below the thresholds in
 * detections.md (spray, fatigue, travel speed, session theft, hiding/forwarding rules, legacy auth).
 */
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { demoVpnRanges } from "../../../src/simulator/demo/generate.js";
import type { GraphObject } from "../../../src/snapshot/types.js";
import { DAY, NOW_MS, SMALL, demo, densestWindow, distanceKm, isInternal, ms, signIns, type SignIn } from "./fixture.js";

const { snapshot, groundTruth } = demo(SMALL);
const benign = new Set(groundTruth.benignUserIds);
const victims = new Set(groundTruth.scenarios.map((s) => s.userId));
const all = signIns(snapshot);
const benignSignIns = all.filter((s) => benign.has(s.userId));
const MINUTE = 60_000;
const HIDDEN_FOLDERS = new Set(["deleted items", "junk email", "rss feeds", "rss subscriptions", "archive", "conversation history", "notes", "calendar"]);

function byUser<T extends { userId: string }>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.userId) ?? [];
    list.push(item);
    map.set(item.userId, list);
  }
  return map;
}

test("nearly every enabled member is benign, and scenario victims are not", () => {
  const members = snapshot.users!.filter((u) => u.userType === "Member" && u.accountEnabled);
  assert.equal(benign.size, members.length - victims.size);
  for (const id of victims) assert.ok(!benign.has(id));
});

test("no benign inbox rule forwards outside the organisation, deletes, or hides mail", () => {
  let internalForwards = 0;
  let newsletterRules = 0;
  for (const id of benign) {
    const mailbox = snapshot.mailboxes![id];
    if (!mailbox) continue;
    const folderName = new Map(mailbox.mailFolders!.map((f) => [String(f.id), String(f.displayName).toLowerCase()]));
    for (const rule of mailbox.messageRules!) {
      const a = rule.actions as Record<string, unknown>;
      const targets = ["forwardTo", "forwardAsAttachmentTo", "redirectTo"].flatMap((k) => (a[k] as { emailAddress: { address: string } }[] | undefined) ?? []);
      for (const target of targets) assert.ok(isInternal(snapshot, target.emailAddress.address), `benign external forward ${target.emailAddress.address}`);
      internalForwards += targets.length;
      assert.ok(!a.delete && !a.permanentDelete, "benign rule deletes mail");
      if (a.moveToFolder) {
        const name = folderName.get(String(a.moveToFolder))!;
        assert.ok(!HIDDEN_FOLDERS.has(name), `benign rule moves to ${name}`);
        if (name === "newsletters") newsletterRules++;
      }
    }
  }
  assert.ok(internalForwards > 0 && newsletterRules > 0, "benign rules of both kinds exist");
});

test("no address other than the spray source fails for >= 5 users within 20 minutes", () => {
  const failures = all.filter((s) => [50126, 50053, 50055].includes(s.status.errorCode));
  const byIp = new Map<string, SignIn[]>();
  for (const f of failures) byIp.set(f.ipAddress, [...(byIp.get(f.ipAddress) ?? []), f]);
  const sprayIps = [...byIp].filter(([, list]) => densestWindow(list, (s) => ms(s.createdDateTime), (s) => s.userId, 20 * MINUTE) >= 5);
  assert.equal(sprayIps.length, 1, "exactly the scenario's spray address");
  assert.ok(sprayIps[0][1].every((s) => s.location.countryOrRegion === "RU"));
});

test("benign failures come in bursts of fewer than 5, MFA denials singly, each followed by a success from the same address", () => {
  let typos = 0;
  for (const [, list] of byUser(benignSignIns)) {
    const failures = list.filter((s) => s.status.errorCode !== 0 && s.location.countryOrRegion !== "RU");
    assert.ok(densestWindow(failures, (s) => ms(s.createdDateTime), (s) => s.id, 10 * MINUTE) < 5);
    const denials = failures.filter((s) => s.status.errorCode === 500121);
    assert.ok(densestWindow(denials, (s) => ms(s.createdDateTime), (s) => s.id, 10 * MINUTE) <= 1);
    for (const failure of failures) {
      typos++;
      const t = ms(failure.createdDateTime);
      assert.ok(
        list.some((s) => s.status.errorCode === 0 && s.ipAddress === failure.ipAddress && ms(s.createdDateTime) > t && ms(s.createdDateTime) - t < 5 * MINUTE),
        `failure ${failure.id} not followed by a success`,
      );
    }
  }
  assert.ok(typos > 0, "some benign typos exist");
});

test("a benign session never changes address, country or network", () => {
  const sessions = new Map<string, Set<string>>();
  for (const s of benignSignIns) {
    const key = `${s.ipAddress}|${s.location.countryOrRegion}|${s.autonomousSystemNumber}`;
    sessions.set(s.correlationId, (sessions.get(s.correlationId) ?? new Set()).add(key));
  }
  for (const [id, places] of sessions) assert.equal(places.size, 1, `session ${id} spans ${[...places].join(", ")}`);
});

test("benign travel stays below 800 km/h, and somebody does travel", () => {
  let trips = 0;
  for (const [, list] of byUser(benignSignIns.filter((s) => s.status.errorCode === 0))) {
    const sorted = list.sort((a, b) => ms(a.createdDateTime) - ms(b.createdDateTime));
    for (let i = 1; i < sorted.length; i++) {
      const km = distanceKm(sorted[i - 1], sorted[i]);
      if (km < 500) continue;
      trips++;
      const hours = (ms(sorted[i].createdDateTime) - ms(sorted[i - 1].createdDateTime)) / 3_600_000;
      assert.ok(km / hours < 800, `${km.toFixed(0)} km in ${hours.toFixed(2)} h`);
    }
  }
  assert.ok(trips > 0);
});

test("benign sign-ins carry no risk, and benign alerts and risk are closed as benign", () => {
  assert.ok(benignSignIns.every((s) => s.riskLevelDuringSignIn === "none" && s.riskState === "none"));
  for (const d of snapshot.riskDetections!.filter((x) => benign.has(String(x.userId)))) assert.ok(["dismissed", "remediated"].includes(String(d.riskState)));
  for (const r of snapshot.riskyUsers!.filter((x) => benign.has(String(x.id)))) assert.ok(["dismissed", "remediated"].includes(String(r.riskState)));
  const benignAlerts = snapshot.alerts!.filter((a) => (a.evidence as GraphObject[]).some((e) => benign.has(String((e.userAccount as GraphObject | undefined)?.azureAdUserId))));
  assert.ok(benignAlerts.length >= 1);
  for (const a of benignAlerts) assert.ok(["falsePositive", "informationalExpectedActivity"].includes(String(a.classification)));
  assert.ok(snapshot.riskDetections!.some((d) => d.riskState === "dismissed"));
});

test("legacy authentication: only the scan-to-mail printer, every day of the history, from an office address", () => {
  const legacy = benignSignIns.filter((s) => !["Browser", "Mobile Apps and Desktop clients"].includes(s.clientAppUsed) && s.status.errorCode === 0);
  const users = new Set(legacy.map((s) => s.userId));
  assert.equal(users.size, 1);
  assert.ok(legacy.every((s) => s.clientAppUsed === "Authenticated SMTP" && s.ipAddress === legacy[0].ipAddress));
  const days = new Set(legacy.map((s) => s.createdDateTime.slice(0, 10)));
  assert.ok(days.size >= SMALL.historyDays! - 1);
});

test("the VPN egress is shared by many users and only shows successes", () => {
  const prefixes = demoVpnRanges(SMALL).map((cidr) => cidr.replace(/\.0\/24$/, "."));
  const vpn = all.filter((s) => prefixes.some((p) => s.ipAddress.startsWith(p)));
  assert.ok(new Set(vpn.map((s) => s.userId)).size >= snapshot.users!.length * 0.15);
  assert.ok(vpn.every((s) => s.status.errorCode === 0));
});

test("only a handful of people lack MFA; new starters register methods inside the window", () => {
  const unregistered = snapshot.userRegistrationDetails!.filter((r) => benign.has(String(r.id)) && !r.isMfaRegistered);
  assert.ok(unregistered.length >= 2 && unregistered.length <= 7, `${unregistered.length} without MFA`);
  const registrations = snapshot.directoryAudits!.filter((a) => a.activityDisplayName === "User registered security info" && benign.has(String((a.initiatedBy as { user?: { id: string } }).user?.id)));
  assert.ok(registrations.length >= 2);
  assert.ok(!snapshot.directoryAudits!.some((a) => a.activityDisplayName === "User deleted security info" && benign.has(String((a.targetResources as { id: string }[])[0].id))));
});

test("benign consents are to verified publishers without mail scopes", () => {
  const sps = new Map(snapshot.servicePrincipals!.map((sp) => [String(sp.id), sp]));
  const grants = snapshot.oauth2PermissionGrants!.filter((g) => g.consentType === "Principal" && benign.has(String(g.principalId)));
  assert.ok(grants.length >= 2);
  for (const grant of grants) {
    assert.ok(!/\bMail\.|MailboxSettings\.|Files\.|Contacts\./.test(String(grant.scope)));
    assert.ok((sps.get(String(grant.clientId))!.verifiedPublisher as { verifiedPublisherId: string | null }).verifiedPublisherId);
  }
});

test("mass mail from benign users comes only from bulk senders whose earlier history already shows it", () => {
  const recipients = (m: GraphObject) => ["toRecipients", "ccRecipients", "bccRecipients"].reduce((n, k) => n + (m[k] as unknown[]).length, 0);
  let bulk = 0;
  for (const id of benign) {
    const sent = snapshot.mailboxes![id]?.sentItems ?? [];
    const recent = sent.filter((m) => ms(m.sentDateTime) > NOW_MS - 2 * DAY && recipients(m) >= 20);
    if (recent.length === 0) continue;
    bulk++;
    assert.ok(sent.some((m) => ms(m.sentDateTime) < NOW_MS - 4 * DAY && recipients(m) >= 20), "baseline shows bulk mail");
  }
  assert.ok(bulk <= 3);
  const everBulk = [...benign].filter((id) => (snapshot.mailboxes![id]?.sentItems ?? []).some((m) => recipients(m) >= 40));
  assert.ok(everBulk.length >= 1, "a bulk sender exists");
});

test("benign people enrol new devices: one at a time, each with its owner added, never a burst", () => {
  const owners = snapshot.directoryAudits!.filter((a) => a.activityDisplayName === "Add registered owner to device");
  const benignOwners = owners.filter((a) => (a.targetResources as { id: string; type: string }[]).some((t) => t.type === "User" && benign.has(t.id)));
  assert.ok(benignOwners.length >= 2, "some benign device enrolments");
  const registered = new Set(snapshot.directoryAudits!.filter((a) => a.activityDisplayName === "Register device").map((a) => (a.targetResources as { id: string }[])[0].id));
  for (const audit of benignOwners) assert.ok(registered.has((audit.targetResources as { id: string }[])[0].id), "each owner record follows a Register device");
  const perUser = byUser(benignOwners.map((a) => ({ userId: (a.targetResources as { id: string; type: string }[]).find((t) => t.type === "User")!.id })));
  assert.ok([...perUser.values()].every((list) => list.length < 3), "never three devices for one person (Elastic's burst)");
});
