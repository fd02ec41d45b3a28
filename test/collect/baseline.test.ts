import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addToMailBaseline, addToSignInBaseline, networkOf, newMailBaseline, newSignInBaseline } from "../../src/collect/baseline.js";
import type { SentMessage, SignIn } from "../../src/collect/evidence.js";

function signIn(time: string, extra: Partial<SignIn> = {}): SignIn {
  return { id: time, time, ms: Date.parse(time), userId: "u", userPrincipalName: "u@x.example", legacyAuth: false, isInteractive: true, errorCode: 0, success: true, riskEventTypes: [], authenticationDetails: [], ...extra };
}

function message(time: string, to: string[], extra: Partial<SentMessage> = {}): SentMessage {
  return { id: time, time, ms: Date.parse(time), subject: "s", to, cc: [], bcc: [], hasAttachments: false, urls: [], ...extra };
}

describe("sign-in baseline", () => {
  it("counts every attempt and active days, but learns familiarity from successes only", () => {
    const b = newSignInBaseline("2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z");
    addToSignInBaseline(b, signIn("2025-02-10T08:00:00Z", { ipAddress: "81.2.69.160", country: "GB", operatingSystem: "Windows 10", browser: "Edge 120", appDisplayName: "Office 365", clientAppUsed: "Browser", autonomousSystemNumber: 5089 }));
    addToSignInBaseline(b, signIn("2025-02-10T09:00:00Z", { ipAddress: "81.2.69.161", country: "GB", clientAppUsed: "IMAP4", legacyAuth: true }));
    addToSignInBaseline(b, signIn("2025-02-11T09:00:00Z", { ipAddress: "203.0.113.9", country: "RU", success: false, errorCode: 50126 }));
    addToSignInBaseline(b, signIn("2025-02-12T09:00:00Z", { ipAddress: "2001:db8:abcd:12::1", authenticationProtocol: "deviceCode" }));
    assert.deepEqual([b.signIns, b.successes, b.activeDays, b.deviceCodeSignIns], [4, 3, 3, 1]);
    assert.deepEqual(b.countries, { GB: 2 });
    assert.deepEqual(b.networks, { "81.2.69.0/24": 2, "2001:db8:abcd::/48": 1 });
    assert.equal(b.ips["203.0.113.9"], undefined, "a failed attacker attempt does not make the IP familiar");
    assert.deepEqual([b.asns, b.deviceCombos, b.legacyClients], [{ "5089": 1 }, { "Windows 10|Edge 120": 1 }, { IMAP4: 1 }]);
    assert.deepEqual(b.dailyCounts, { "2025-02-10": 2, "2025-02-11": 1, "2025-02-12": 1 });
    assert.deepEqual(JSON.parse(JSON.stringify(b)), b, "plain JSON, so a state store can keep it");
  });

  it("derives /24 and /48 networks and ignores what is not an address", () => {
    assert.equal(networkOf("10.1.2.3"), "10.1.2.0/24");
    assert.equal(networkOf("2001:0db8:0000::1"), "2001:db8:0::/48");
    assert.equal(networkOf("::1"), "0:0:0::/48");
    assert.equal(networkOf("not-an-ip"), undefined);
  });
});

describe("mail baseline", () => {
  it("counts messages per day, recipients, domains and the widest message", () => {
    const b = newMailBaseline("2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z");
    addToMailBaseline(b, message("2025-02-10T08:00:00Z", ["a@partner.example", "b@partner.example"]));
    addToMailBaseline(b, message("2025-02-10T09:00:00Z", ["a@partner.example"], { cc: ["c@fabrikam.example"], bcc: ["a@partner.example"] }));
    addToMailBaseline(b, message("2025-02-12T09:00:00Z", ["z@other.example"]));
    assert.deepEqual([b.messages, b.activeDays, b.maxRecipientsPerMessage], [3, 2, 2]);
    assert.deepEqual(b.dailyCounts, { "2025-02-10": 2, "2025-02-12": 1 });
    assert.deepEqual(b.recipientDomains, { "partner.example": 3, "fabrikam.example": 1, "other.example": 1 });
    assert.equal(b.recipients["a@partner.example"], 2);
  });
});
