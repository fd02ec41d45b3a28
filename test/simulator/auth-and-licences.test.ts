import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IDS, startTestSimulator, tenant, type TestSimulator } from "./support.js";

function fakeAssertion(iss: string, sub = iss): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT", x5t: "abc" })}.${part({ iss, sub, aud: "x", exp: 9_999_999_999 })}.c2lnbmF0dXJl`;
}

describe("identity platform endpoints and bearer tokens", () => {
  let t: TestSimulator;

  before(async () => {
    t = await startTestSimulator({ throttling: false });
  });
  after(() => t.close());

  it("serves the openid configuration with and without v2.0, for the tenant id or a verified domain", async () => {
    for (const path of [`/${t.sim.tenantId}/v2.0/.well-known/openid-configuration`, `/${t.sim.tenantId}/.well-known/openid-configuration`, "/fabrikam.example/v2.0/.well-known/openid-configuration"]) {
      const reply = await t.call("GET", path, { token: null });
      assert.equal(reply.status, 200, path);
      for (const member of ["authorization_endpoint", "token_endpoint", "issuer", "jwks_uri"]) assert.equal(typeof reply.body[member], "string", member);
      assert.equal(reply.body.token_endpoint, t.sim.tokenEndpoint);
    }
    const unknown = await t.call("GET", "/contoso.example/v2.0/.well-known/openid-configuration", { token: null });
    assert.equal(unknown.status, 400);
  });

  it("token endpoint: wrong secret is AADSTS7000215; a client assertion naming the client works", async () => {
    const form = (extra: Record<string, string>) =>
      new URLSearchParams({ grant_type: "client_credentials", client_id: t.sim.clientId, scope: "https://graph.microsoft.com/.default", ...extra }).toString();
    const post = (body: string) => t.call("POST", `/${t.sim.tenantId}/oauth2/v2.0/token`, { body, token: null, headers: { "content-type": "application/x-www-form-urlencoded" } });
    const wrong = await post(form({ client_secret: "not-the-secret" }));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, "invalid_client");
    assert.match(wrong.body.error_description, /^AADSTS7000215:/);
    assert.deepEqual(wrong.body.error_codes, [7000215]);
    const assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    const good = await post(form({ client_assertion_type: assertionType, client_assertion: fakeAssertion(t.sim.clientId) }));
    assert.equal(good.status, 200);
    assert.equal(good.body.token_type, "Bearer");
    assert.equal((await t.call("GET", "/v1.0/organization", { token: good.body.access_token })).status, 200);
    const stranger = await post(form({ client_assertion_type: assertionType, client_assertion: fakeAssertion("someone-else") }));
    assert.equal(stranger.body.error, "invalid_client");
    const noScope = await post(new URLSearchParams({ grant_type: "client_credentials", client_id: t.sim.clientId, client_secret: t.sim.clientSecret, scope: "User.Read" }).toString());
    assert.equal(noScope.body.error, "invalid_scope");
    const otherApp = await post(form({ client_id: "11111111-1111-4111-8111-111111111111", client_secret: t.sim.clientSecret }));
    assert.equal(otherApp.body.error, "unauthorized_client");
  });

  it("Graph calls need a valid, unexpired bearer token (401 InvalidAuthenticationToken)", async () => {
    const none = await t.call("GET", "/v1.0/users", { token: null });
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, "InvalidAuthenticationToken");
    assert.ok(none.headers["www-authenticate"]);
    const forged = await t.call("GET", "/v1.0/users", { token: `${t.token.slice(0, -4)}AAAA` });
    assert.equal(forged.status, 401);
    const fresh = await t.newToken();
    t.clock.ms += 3_600_000;
    const expired = await t.call("GET", "/v1.0/users", { token: fresh });
    assert.equal(expired.status, 401);
    assert.match(expired.body.error.message, /expired/);
    t.clock.ms -= 3_600_000;
  });

  it("error bodies and headers follow Graph's wire format", async () => {
    const reply = await t.call("GET", "/v1.0/users/nobody", { headers: { "client-request-id": "11111111-2222-4333-8444-555555555555" } });
    assert.equal(reply.status, 404);
    assert.deepEqual(Object.keys(reply.body.error), ["code", "message", "innerError"]);
    const inner = reply.body.error.innerError;
    assert.equal(inner.date, "2025-03-04T06:00:00");
    assert.equal(inner["client-request-id"], "11111111-2222-4333-8444-555555555555");
    assert.equal(inner["request-id"], reply.headers["request-id"]);
    assert.equal(reply.headers["client-request-id"], "11111111-2222-4333-8444-555555555555");
    assert.match(reply.headers["content-type"], /^application\/json;odata\.metadata=minimal;/);
    const ok = await t.get("/v1.0/organization");
    assert.match(ok.headers["client-request-id"], /^[0-9a-f-]{36}$/);
    assert.equal(ok.headers["odata-version"], "4.0");
  });

  it("unknown routes answer 501 and are recorded as unhandled", async () => {
    t.sim.resetLog();
    const reply = await t.get("/v1.0/groups");
    assert.equal(reply.status, 501);
    assert.equal(reply.body.error.code, "NotImplemented");
    const outside = await t.get("/graph/v1.0/users");
    assert.equal(outside.status, 501);
    assert.deepEqual(t.sim.unhandled.map((entry) => [entry.path, entry.route, entry.version]), [
      ["/groups", "unknown", "v1.0"],
      ["/graph/v1.0/users", "unknown", null],
    ]);
  });
});

describe("licences and permissions", () => {
  it("unlicensed tenants get Graph's 403s per feature", async () => {
    const t = await startTestSimulator({
      throttling: false,
      snapshot: tenant({ licenses: { entraIdP1: false, entraIdP2: false, defender: false, auditLogQuery: false, exchangeOnline: false } }),
    });
    try {
      for (const path of ["/v1.0/auditLogs/signIns", "/beta/auditLogs/signIns", "/v1.0/reports/authenticationMethods/userRegistrationDetails", "/v1.0/users?$select=id,signInActivity", `/v1.0/users/${IDS.alice}?$select=signInActivity`]) {
        const reply = await t.get(path);
        assert.equal(reply.status, 403, path);
        assert.equal(reply.body.error.code, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");
        assert.equal(reply.body.error.message, "Neither tenant is B2C or tenant doesn't have premium license");
      }
      for (const path of ["/v1.0/identityProtection/riskyUsers", "/v1.0/identityProtection/riskDetections", "/v1.0/security/alerts_v2"]) {
        const reply = await t.get(path);
        assert.equal(reply.status, 403, path);
        assert.equal(reply.body.error.code, "Forbidden");
      }
      const query = await t.call("POST", "/v1.0/security/auditLog/queries", { body: { displayName: "x" } });
      assert.equal(query.status, 403);
      const mail = await t.get(`/v1.0/users/${IDS.alice}/messages`);
      assert.equal(mail.body.error.code, "MailboxNotEnabledForRESTAPI");
      assert.equal((await t.get("/v1.0/auditLogs/directoryAudits")).status, 200);
      assert.equal((await t.get("/v1.0/users?$select=id")).status, 200);
    } finally {
      await t.close();
    }
  });

  it("a token without the route's permission gets Authorization_RequestDenied (Outlook: ErrorAccessDenied)", async () => {
    const t = await startTestSimulator({ throttling: false, grantedPermissions: ["User.Read.All"] });
    try {
      const claims = JSON.parse(Buffer.from(t.token.split(".")[1], "base64url").toString("utf8"));
      assert.deepEqual(claims.roles, ["User.Read.All"]);
      assert.equal((await t.get("/v1.0/users")).status, 200);
      const signIns = await t.get("/v1.0/auditLogs/signIns");
      assert.equal(signIns.status, 403);
      assert.equal(signIns.body.error.code, "Authorization_RequestDenied");
      assert.equal(signIns.body.error.message, "Insufficient privileges to complete the operation.");
      const activity = await t.get("/v1.0/users?$select=id,signInActivity");
      assert.equal(activity.body.error.code, "Authorization_RequestDenied");
      const mail = await t.get(`/v1.0/users/${IDS.alice}/mailFolders`);
      assert.equal(mail.body.error.code, "ErrorAccessDenied");
    } finally {
      await t.close();
    }
  });
});
