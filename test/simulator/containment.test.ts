import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IDS, startTestSimulator, UPN } from "./support.js";

const PASSWORD = "Str0ng!Passw0rd-2025";

describe("containment writes", () => {
  it("revokeSignInSessions answers 200 Edm.Boolean and stamps the user", async () => {
    const t = await startTestSimulator({ throttling: false });
    try {
      const reply = await t.call("POST", `/v1.0/users/${UPN.alice}/revokeSignInSessions`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, { "@odata.context": `${t.sim.baseUrl}/v1.0/$metadata#Edm.Boolean`, value: true });
      const alice = t.sim.state.users?.find((user) => user.id === IDS.alice);
      assert.equal(alice?.signInSessionsValidFromDateTime, "2025-03-04T06:00:00Z");
      const read = await t.get(`/v1.0/users/${IDS.alice}?$select=signInSessionsValidFromDateTime`);
      assert.equal(read.body.signInSessionsValidFromDateTime, "2025-03-04T06:00:00Z");
      assert.equal((await t.call("POST", "/v1.0/users/nobody/revokeSignInSessions")).status, 404);
    } finally {
      await t.close();
    }
  });

  it("PATCH users: disable, and a password reset that is never stored or logged", async () => {
    const t = await startTestSimulator({ throttling: false });
    try {
      const disable = await t.call("PATCH", `/v1.0/users/${IDS.bob}`, { body: { accountEnabled: false } });
      assert.equal(disable.status, 204);
      assert.equal(disable.text, "");
      assert.equal((await t.get(`/v1.0/users/${IDS.bob}?$select=accountEnabled`)).body.accountEnabled, false);
      const weak = await t.call("PATCH", `/v1.0/users/${IDS.bob}`, { body: { passwordProfile: { password: "password", forceChangePasswordNextSignIn: true } } });
      assert.equal(weak.status, 400);
      assert.equal(weak.body.error.code, "Request_BadRequest");
      const reset = await t.call("PATCH", `/v1.0/users/${IDS.bob}`, { body: { passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: true } } });
      assert.equal(reset.status, 204);
      const bob = t.sim.state.users?.find((user) => user.id === IDS.bob);
      assert.equal(bob?.lastPasswordChangeDateTime, "2025-03-04T06:00:00Z");
      assert.deepEqual(bob?.passwordProfile, { forceChangePasswordNextSignIn: true, forceChangePasswordNextSignInWithMfa: false, password: null });
      assert.equal(JSON.stringify(t.sim.state).includes(PASSWORD), false);
      assert.equal(JSON.stringify(t.sim.requests).includes(PASSWORD), false);
      assert.equal((await t.call("PATCH", `/v1.0/users/${IDS.bob}`, { body: { accountEnabled: "no" } })).status, 400);
    } finally {
      await t.close();
    }
  });

  it("each write needs its least-privileged permission", async () => {
    const t = await startTestSimulator({ throttling: false, grantedPermissions: ["User.Read.All", "User.EnableDisableAccount.All", "UserAuthenticationMethod.ReadWrite.All"] });
    try {
      assert.equal((await t.call("PATCH", `/v1.0/users/${IDS.bob}`, { body: { accountEnabled: false } })).status, 204);
      const password = await t.call("PATCH", `/v1.0/users/${IDS.bob}`, { body: { passwordProfile: { password: PASSWORD } } });
      assert.equal(password.status, 403);
      assert.equal(password.body.error.code, "Authorization_RequestDenied");
      assert.equal((await t.call("POST", `/v1.0/users/${IDS.bob}/revokeSignInSessions`)).status, 403);
      const rule = await t.call("DELETE", `/v1.0/users/${IDS.alice}/mailFolders/inbox/messageRules/AQAAAK7xQ3E=`);
      assert.equal(rule.status, 403);
      assert.equal(rule.body.error.code, "ErrorAccessDenied");
      const fido = await t.call("DELETE", `/v1.0/users/${IDS.alice}/authentication/fido2Methods/f1d0f1d0-0000-4000-8000-000000000001`);
      assert.equal(fido.status, 403);
      const phone = await t.call("DELETE", `/v1.0/users/${IDS.alice}/authentication/phoneMethods/3179e48a-750b-4051-897c-87b9720928f7`);
      assert.equal(phone.status, 204);
    } finally {
      await t.close();
    }
  });

  it("DELETE an inbox rule and an authentication method: 204, then 404", async () => {
    const t = await startTestSimulator({ throttling: false });
    try {
      const path = `/v1.0/users/${UPN.alice}/mailFolders/inbox/messageRules/AQAAAK7xQ3E=`;
      assert.equal((await t.call("DELETE", path)).status, 204);
      const again = await t.call("DELETE", path);
      assert.equal(again.status, 404);
      assert.equal(again.body.error.code, "ErrorItemNotFound");
      const rules = await t.get(`/v1.0/users/${IDS.alice}/mailFolders/inbox/messageRules`);
      assert.deepEqual(rules.body.value.map((r: { id: string }) => r.id), ["AQAAAK7xQ3F="]);

      const authenticator = `/v1.0/users/${IDS.alice}/authentication/microsoftAuthenticatorMethods/6b2f0a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b`;
      assert.equal((await t.call("DELETE", authenticator)).status, 204);
      assert.equal((await t.call("DELETE", authenticator)).status, 404);
      // The id exists, but not in that typed collection.
      assert.equal((await t.call("DELETE", `/v1.0/users/${IDS.alice}/authentication/phoneMethods/f1d0f1d0-0000-4000-8000-000000000001`)).status, 404);
      const methods = await t.get(`/v1.0/users/${IDS.alice}/authentication/methods`);
      assert.equal(methods.body.value.length, 3);
      // The password method has no DELETE in a typed collection: not a route.
      assert.equal((await t.call("DELETE", `/v1.0/users/${IDS.alice}/authentication/passwordMethods/28c10230-6103-485e-b985-444c60001490`)).status, 501);
    } finally {
      await t.close();
    }
  });
});
