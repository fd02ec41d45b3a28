import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { InboxRule, SignIn, UserEvidence } from "../../src/collect/evidence.js";
import { parseConfig } from "../../src/config/load-config.js";
import { normalisePhone } from "../../src/derive/phones.js";
import { deriveTenantFacts } from "../../src/derive/tenant-facts.js";
import { TEST_USER, WINDOW, emptySignInBaseline, failed, makeEvidence, makeTenantEvidence, ok } from "../helpers/evidence.js";

const config = parseConfig({}, "(test)");
const T0 = Date.parse("2026-11-25T10:00:00Z");
const MINUTE = 60_000;

let nextId = 0;
function signIn(upn: string, minute: number, ip: string, errorCode: number): SignIn {
  const ms = T0 + minute * MINUTE;
  return {
    id: `s${++nextId}`,
    time: new Date(ms).toISOString(),
    ms,
    userId: upn,
    userPrincipalName: upn,
    ipAddress: ip,
    legacyAuth: false,
    isInteractive: true,
    errorCode,
    success: errorCode === 0,
    riskEventTypes: [],
    authenticationDetails: [],
  };
}

function user(id: string, extra: Partial<UserEvidence> = {}): UserEvidence {
  return makeEvidence({ user: { ...TEST_USER, id, userPrincipalName: `${id}@contoso.example` }, ...extra });
}

/** One investigated user holding all the given sign-ins (spray is about the IP, not whose list). */
function factsFor(signIns: SignIn[], configInput: unknown = {}, peers: SignIn[] = []) {
  return deriveTenantFacts(
    [user("u1", { signIns: ok(signIns) })],
    makeTenantEvidence({ peerSignIns: ok(peers) }),
    parseConfig(configInput, "(test)"),
    WINDOW,
  );
}

const SPRAY_IP = "198.51.100.7";
const failures = (count: number, stepMinutes: number, code = 50126, ip = SPRAY_IP) =>
  Array.from({ length: count }, (_, i) => signIn(`victim${i}@contoso.example`, i * stepMinutes, ip, code));

describe("spray IPs", () => {
  test(">= 5 distinct accounts failing within 20 minutes make a spray IP (Sentinel)", () => {
    const facts = factsFor(failures(5, 4));
    const spray = facts.sprayIps.get(SPRAY_IP);
    assert.ok(spray);
    assert.equal(spray.distinctUsers, 5);
    assert.match(spray.basis, /20 min/);
    assert.equal(spray.firstSeen, "2026-11-25T10:00:00.000Z");
    assert.equal(spray.lastSeen, "2026-11-25T10:16:00.000Z");
    assert.equal(spray.failedUsers, 5);
    assert.equal(spray.successfulUsers, 0);
  });

  test("4 accounts, or 5 spread over more than 20 minutes, are not a spray", () => {
    assert.equal(factsFor(failures(4, 1)).sprayIps.size, 0);
    assert.equal(factsFor(failures(5, 6)).sprayIps.size, 0);
  });

  test("the same account failing many times counts once", () => {
    const repeated = Array.from({ length: 20 }, (_, i) => signIn("same@contoso.example", i, SPRAY_IP, 50126));
    assert.equal(factsFor(repeated).sprayIps.size, 0);
  });

  test("only 50053/50126/50055 count as spray failures", () => {
    assert.equal(factsFor(failures(6, 1, 50034)).sprayIps.size, 0);
    assert.equal(factsFor(failures(6, 1, 50053)).sprayIps.size, 1);
  });

  test("a burst straddling a 20-minute bin boundary still counts (sliding window)", () => {
    const straddling = failures(5, 2).map((s) => signIn(s.userPrincipalName, (s.ms - T0) / MINUTE + 15, SPRAY_IP, 50126));
    assert.equal(factsFor(straddling).sprayIps.size, 1);
  });

  test("the 30-minute Elastic window reports the larger count when the spray is wider than 20 minutes", () => {
    const spray = factsFor(failures(16, 1.8)).sprayIps.get(SPRAY_IP);
    assert.ok(spray);
    assert.equal(spray.distinctUsers, 16);
    assert.match(spray.basis, /30 min/);
  });

  test("shared NAT: an IP where successful accounts are as many as failing ones is excluded", () => {
    const successes = Array.from({ length: 5 }, (_, i) => signIn(`worker${i}@contoso.example`, 30 + i, SPRAY_IP, 0));
    assert.equal(factsFor([...failures(5, 1), ...successes]).sprayIps.size, 0);
    const fewSuccesses = successes.slice(0, 2);
    const spray = factsFor([...failures(5, 1), ...fewSuccesses]).sprayIps.get(SPRAY_IP);
    assert.ok(spray);
    assert.equal(spray.successfulUsers, 2);
  });

  test("an interrupt (MFA required) proves the password: it counts as a success for the NAT test", () => {
    const interrupts = Array.from({ length: 5 }, (_, i) => signIn(`worker${i}@contoso.example`, 30 + i, SPRAY_IP, 50074));
    assert.equal(factsFor([...failures(5, 1), ...interrupts]).sprayIps.size, 0);
  });

  test("allow-listed ranges are never spray sources", () => {
    assert.equal(factsFor(failures(8, 1), { allowLists: { ipRanges: ["198.51.100.0/24"] } }).sprayIps.size, 0);
    assert.equal(factsFor(failures(8, 1), { allowLists: { ipRanges: ["198.51.101.0/24"] } }).sprayIps.size, 1);
  });

  test("peer sign-ins count, sign-ins outside the window do not, failed sources are ignored", () => {
    const all = failures(5, 1);
    assert.equal(factsFor(all.slice(0, 3), {}, all.slice(3)).sprayIps.size, 1);
    const old = failures(5, 1).map((s) => ({ ...s, ms: Date.parse(WINDOW.from) - 3_600_000 }));
    assert.equal(factsFor(old).sprayIps.size, 0);
    const facts = deriveTenantFacts([user("u1", { signIns: failed() })], makeTenantEvidence({ peerSignIns: failed() }), config, WINDOW);
    assert.equal(facts.sprayIps.size, 0);
  });

  test("sign-ins of different users are pooled, different IPs are not", () => {
    const spread = failures(5, 1).map((s, i) => ({ ...s, ipAddress: i < 3 ? SPRAY_IP : "192.0.2.1" }));
    assert.equal(factsFor(spread).sprayIps.size, 0);
    const users = failures(5, 1).map((s, i) => user(`u${i}`, { signIns: ok([s]) }));
    assert.equal(deriveTenantFacts(users, makeTenantEvidence(), config, WINDOW).sprayIps.size, 1);
  });

  test("fast enough for 10,000 users x 20 sign-ins", () => {
    const users: UserEvidence[] = [];
    for (let u = 0; u < 10_000; u++) {
      const list: SignIn[] = [];
      for (let i = 0; i < 20; i++) {
        const code = i % 7 === 0 ? 50126 : 0;
        list.push(signIn(`user${u}@contoso.example`, (u % 1440) + i * 30, `10.${u % 250}.${i}.${u % 200}`, code));
      }
      users.push(user(`u${u}`, { signIns: ok(list) }));
    }
    const start = performance.now();
    deriveTenantFacts(users, makeTenantEvidence(), config, WINDOW);
    const elapsed = performance.now() - start;
    assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  });
});

describe("phones, forwarding and domains", () => {
  test("normalisePhone keeps the country prefix and digits, drops extensions and junk", () => {
    assert.equal(normalisePhone("+1 425-555-0100"), "+14255550100");
    assert.equal(normalisePhone("+1 (425) 555-0100 x123"), "+14255550100");
    assert.equal(normalisePhone("0044 20 7946 0000"), "+442079460000");
    assert.equal(normalisePhone("425 555 0100"), "4255550100");
    assert.equal(normalisePhone("12345"), undefined);
    assert.equal(normalisePhone(undefined), undefined);
  });

  test("phoneOwners groups users registering the same number, however it is written", () => {
    const method = (id: string, phoneNumber: string) => ({ id, kind: "phone" as const, odataType: "#microsoft.graph.phoneAuthenticationMethod", phoneNumber });
    const users = [
      user("u1", { authMethods: ok([method("m1", "+1 4255550100"), method("m2", "+1 425-555-0100")]) }),
      user("u2", { authMethods: ok([method("m3", "+1 (425) 555-0100")]) }),
      user("u3", { authMethods: failed() }),
    ];
    const facts = deriveTenantFacts(users, makeTenantEvidence(), config, WINDOW);
    assert.deepEqual([...facts.phoneOwners], [["+14255550100", ["u1", "u2"]]]);
  });

  test("forwardingOwners: lower-cased targets of enabled rules (forward, attachment, redirect)", () => {
    const rule = (id: string, extra: Partial<InboxRule>): InboxRule => ({
      id,
      displayName: id,
      isEnabled: true,
      keywords: [],
      fromAddresses: [],
      matchesAllMail: true,
      forwardTo: [],
      forwardAsAttachmentTo: [],
      redirectTo: [],
      delete: false,
      permanentDelete: false,
      markAsRead: false,
      stopProcessingRules: false,
      ...extra,
    });
    const users = [
      user("u1", { inboxRules: ok([rule("r1", { forwardTo: ["SMTP:Evil@Attacker.example"] }), rule("r2", { redirectTo: ["evil@attacker.example"] })]) }),
      user("u2", { inboxRules: ok([rule("r3", { forwardAsAttachmentTo: ["evil@attacker.example"] })]) }),
      user("u3", { inboxRules: ok([rule("r4", { forwardTo: ["other@attacker.example"], isEnabled: false })]) }),
    ];
    const facts = deriveTenantFacts(users, makeTenantEvidence(), config, WINDOW);
    assert.deepEqual([...facts.forwardingOwners], [["evil@attacker.example", ["u1", "u2"]]]);
  });

  test("acceptedDomains are the organization's verified domains, lower-case; none when it was not collected", () => {
    const org = { id: "o", displayName: "C", verifiedDomains: ["Contoso.Example", "contoso-mail.example"], defaultDomain: "contoso.example" };
    const facts = deriveTenantFacts([], makeTenantEvidence({ organization: ok(org) }), config, WINDOW);
    assert.deepEqual([...facts.acceptedDomains].sort(), ["contoso-mail.example", "contoso.example"]);
    const none = deriveTenantFacts([], makeTenantEvidence({ organization: failed() }), config, WINDOW);
    assert.equal(none.acceptedDomains.size, 0);
  });

  test("sharedEgressIps: IPs two or more users signed in from before the window (office egress), not one user's home", () => {
    const withIps = (id: string, ips: Record<string, number>) => user(id, { signInBaseline: ok({ ...emptySignInBaseline(), ips }) });
    const users = [
      withIps("u1", { "195.171.42.3": 40, "81.2.69.10": 12 }),
      withIps("u2", { "195.171.42.3": 25, "198.51.100.9": 0 }),
      withIps("u3", { "198.51.100.9": 0 }),
      user("u4", { signInBaseline: failed() }),
    ];
    const facts = deriveTenantFacts(users, makeTenantEvidence(), config, WINDOW);
    assert.deepEqual([...(facts.sharedEgressIps ?? [])], ["195.171.42.3"]);
  });
});
