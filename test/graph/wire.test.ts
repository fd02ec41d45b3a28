import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { batchBody, packBatches, readBatchResponses } from "../../src/graph/batch.js";
import { classifyAnswer } from "../../src/graph/classify.js";
import type { BatchItem } from "../../src/graph/request.js";
import { odataString, relativeUrl } from "../../src/graph/request.js";
import { backoffMs, parseRetryAfter } from "../../src/graph/retry-after.js";
import { throttleScopeOf } from "../../src/graph/throttle-scopes.js";

const none = () => undefined;

describe("Retry-After and backoff", () => {
  it("reads seconds, decimal seconds and HTTP-dates", () => {
    const now = Date.parse("2025-03-01T22:40:00Z");
    assert.equal(parseRetryAfter("10", now), 10_000);
    assert.equal(parseRetryAfter("2.128", now), 2128);
    assert.equal(parseRetryAfter("Sat, 01 Mar 2025 22:40:05 GMT", now), 5000);
    assert.equal(parseRetryAfter("Sat, 01 Mar 2025 22:39:00 GMT", now), 0);
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter("soon", now), undefined);
  });

  it("backs off exponentially with jitter inside its bounds", () => {
    assert.equal(backoffMs(1, 1000, 60_000, () => 0), 500);
    assert.equal(backoffMs(3, 1000, 60_000, () => 1), 8000);
    assert.equal(backoffMs(10, 1000, 60_000, () => 1), 60_000);
  });
});

describe("throttle scopes", () => {
  it("puts each endpoint under Graph's published limit", () => {
    const cases: Array<[string, string, string?]> = [
      ["/auditLogs/signIns", "reports"],
      ["https://graph.microsoft.com/beta/auditLogs/directoryAudits?$skiptoken=x", "reports"],
      ["/reports/authenticationMethods/userRegistrationDetails", "reports"],
      ["/users/abc/authentication/methods", "reports"],
      ["/identityProtection/riskyUsers", "identityProtection"],
      ["/identity/conditionalAccess/policies", "identityProtection"],
      ["/security/alerts_v2", "security"],
      ["/users/Alice@X.example/mailFolders('SentItems')/messages", "outlook", "alice@x.example"],
      ["/users/abc/mailboxSettings", "outlook", "abc"],
      ["/users/abc/oauth2PermissionGrants", "directory"],
      ["/organization", "directory"],
    ];
    for (const [path, scope, mailbox] of cases) {
      const found = throttleScopeOf(path);
      assert.equal(found.name, scope, path);
      assert.equal(found.mailbox, mailbox, path);
    }
  });
});

describe("$batch packing and parsing", () => {
  const item = (key: string, path: string): BatchItem => ({ key, path });

  it("packs at most 20, one scope per batch, reports 5 to a batch, and 4 calls per mailbox", () => {
    const items = [
      ...Array.from({ length: 45 }, (_, i) => item(`d${i}`, `/servicePrincipals/${i}`)),
      ...Array.from({ length: 12 }, (_, i) => item(`r${i}`, `/users/u${i}/authentication/methods`)),
      ...Array.from({ length: 6 }, (_, i) => item(`m${i}`, `/users/same/mailFolders/f${i}`)),
      ...Array.from({ length: 3 }, (_, i) => item(`b${i}`, `/users/other${i}/mailboxSettings`)),
    ];
    const batches = packBatches(items, 4);
    assert.deepEqual(batches.flat().map((i) => i.key).sort(), items.map((i) => i.key).sort());
    for (const batch of batches) {
      const scopes = new Set(batch.map((i) => throttleScopeOf(i.path).name));
      assert.equal(scopes.size, 1);
      assert.ok(batch.length <= ([...scopes][0] === "reports" ? 5 : 20));
      const perBox = new Map<string, number>();
      for (const i of batch) {
        const box = throttleScopeOf(i.path).mailbox;
        if (box) perBox.set(box, (perBox.get(box) ?? 0) + 1);
      }
      assert.ok([...perBox.values()].every((n) => n <= 4));
    }
  });

  it("writes relative sub-request URLs with encoded queries", () => {
    const body = batchBody([{ key: "x", path: "/users/a@b.example/mailFolders/SentItems/messages", query: { $filter: "sentDateTime ge 2025-01-01T00:00:00Z", $top: 5 } }]);
    assert.deepEqual(body.requests[0], { id: "1", method: "GET", url: "/users/a@b.example/mailFolders/SentItems/messages?$filter=sentDateTime%20ge%202025-01-01T00%3A00%3A00Z&$top=5" });
    assert.equal(relativeUrl({ path: "/users", query: { $filter: `userPrincipalName eq ${odataString("o'neil@x.example")}` } }), "/users?$filter=userPrincipalName%20eq%20'o''neil%40x.example'");
  });

  it("reads sub-responses by id with case-insensitive header names", () => {
    const parsed = readBatchResponses({
      responses: [
        { id: "2", status: 429, headers: { "retry-after": "1.5" }, body: { error: { code: "TooManyRequests" } } },
        { id: "1", status: 200, headers: { "Content-Type": "application/json" }, body: { value: [] } },
      ],
    });
    assert.equal(parsed?.get(2)?.header("Retry-After"), "1.5");
    assert.equal(parsed?.get(1)?.status, 200);
    assert.equal(readBatchResponses({}), undefined);
  });
});

describe("classifying answers", () => {
  it("retries 429/5xx with their Retry-After, renews on 401, fails fast on other 4xx", () => {
    const header = (name: string) => (name === "retry-after" ? "0.5" : undefined);
    const throttled = classifyAnswer(429, header, '{"error":{"code":"TooManyRequests","message":"x"}}', 0, false);
    assert.ok(throttled.kind === "retry" && throttled.throttled && throttled.waitMs === 500);
    const unavailable = classifyAnswer(503, none, "", 0, false);
    assert.ok(unavailable.kind === "retry" && !unavailable.throttled && unavailable.failure.code === "HTTP503");
    const unauthorised = classifyAnswer(401, none, '{"error":{"code":"InvalidAuthenticationToken"}}', 0, false);
    assert.ok(unauthorised.kind === "retry" && unauthorised.renewToken);
    const denied = classifyAnswer(403, none, '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges"}}', 0, false);
    assert.ok(denied.kind === "fail" && denied.failure.code === "Authorization_RequestDenied");
  });

  it("retries truncated JSON and accepts object, JSON-string and base64 sub-response bodies", () => {
    const truncated = classifyAnswer(200, none, '{"value":[{"id":"1"', 0, false);
    assert.ok(truncated.kind === "retry" && truncated.failure.code === "InvalidJsonResponse");
    for (const body of [{ value: [1] }, '{"value":[1]}', Buffer.from('{"value":[1]}').toString("base64")]) {
      const ok = classifyAnswer(200, none, body, 0, false);
      assert.ok(ok.kind === "ok" && Array.isArray(ok.body.value), JSON.stringify(body));
    }
    const empty = classifyAnswer(204, none, "", 0, false);
    assert.ok(empty.kind === "ok");
  });
});
