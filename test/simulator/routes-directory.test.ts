import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IDS, startTestSimulator, UPN, type TestSimulator } from "./support.js";

describe("directory routes: users, organization, service principals, grants, auth methods", () => {
  let t: TestSimulator;

  before(async () => {
    t = await startTestSimulator({ throttling: false, pageSizes: { "users.list": 2 } });
  });
  after(() => t.close());

  it("users: Graph's default member set unless $select asks for more", async () => {
    const reply = await t.get("/v1.0/users");
    assert.equal(reply.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#users`);
    assert.deepEqual(Object.keys(reply.body.value[0]).sort(), ["businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName"]);
    assert.equal(reply.body.value[0].accountEnabled, undefined);
    const selected = await t.get("/v1.0/users?$select=id,accountEnabled");
    assert.deepEqual(selected.body.value[0], { id: IDS.alice, accountEnabled: true });
    assert.equal(selected.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#users(id,accountEnabled)`);
    assert.match(selected.body["@odata.nextLink"], /\$select=id,accountEnabled&\$skiptoken=/);
  });

  it("users: $top between 1 and 999, $count only with ConsistencyLevel: eventual", async () => {
    const big = await t.get("/v1.0/users?$top=1000");
    assert.equal(big.status, 400);
    assert.equal(big.body.error.code, "Request_BadRequest");
    assert.equal(big.body.error.message, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    const noHeader = await t.get("/v1.0/users?$count=true");
    assert.equal(noHeader.status, 400);
    assert.equal(noHeader.body.error.message, "$count is not currently supported.");
    const counted = await t.get("/v1.0/users?$count=true&$top=999", { ConsistencyLevel: "eventual" });
    assert.equal(counted.body["@odata.count"], 5);
  });

  it("users: filters, advanced queries and ordering", async () => {
    const enabled = await t.get("/v1.0/users?$top=10&$select=id&$filter=" + encodeURIComponent("accountEnabled eq true and userType eq 'Member'"));
    assert.deepEqual(enabled.body.value.map((u: { id: string }) => u.id), [IDS.alice, IDS.bob, IDS.carol]);
    const prefix = await t.get("/v1.0/users?$select=id&$filter=" + encodeURIComponent("startswith(displayName,'b') or userPrincipalName eq 'ERIN@fabrikam.example'"));
    assert.deepEqual(prefix.body.value.map((u: { id: string }) => u.id), [IDS.bob, IDS.erin]);
    const ne = await t.get("/v1.0/users?$filter=" + encodeURIComponent("userType ne 'Guest'"));
    assert.equal(ne.status, 400);
    assert.equal(ne.body.error.code, "Request_UnsupportedQuery");
    const advanced = await t.get("/v1.0/users?$count=true&$top=10&$select=id&$filter=" + encodeURIComponent("userType ne 'Guest'"), { consistencylevel: "eventual" });
    assert.equal(advanced.body["@odata.count"], 4);
    const unknown = await t.get("/v1.0/users?$filter=" + encodeURIComponent("favouriteColour eq 'red'"));
    assert.equal(unknown.body.error.code, "Request_UnsupportedQuery");
    const ordered = await t.get("/v1.0/users?$top=10&$select=displayName&$orderby=displayName%20desc");
    assert.deepEqual(ordered.body.value.map((u: { displayName: string }) => u.displayName), ["Erin Evans", "Dave Guest", "Carol Chen", "Bob Baker", "Alice Archer"]);
  });

  it("users/{id|upn}, users('id') and 404 Request_ResourceNotFound", async () => {
    const byUpn = await t.get(`/v1.0/users/${encodeURIComponent(UPN.alice)}?$select=id,signInActivity`);
    assert.equal(byUpn.body.id, IDS.alice);
    assert.ok(byUpn.body.signInActivity.lastSignInDateTime);
    assert.equal(byUpn.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#users(id,signInActivity)/$entity`);
    const byKey = await t.get(`/v1.0/users('${IDS.bob}')`);
    assert.equal(byKey.body.userPrincipalName, UPN.bob);
    const missing = await t.get("/v1.0/users/00000000-0000-4000-8000-000000000000");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "Request_ResourceNotFound");
  });

  it("organization, servicePrincipals (filters, id and appId keys) and grants", async () => {
    const org = await t.get("/v1.0/organization");
    assert.equal(org.body.value[0].displayName, "Fabrikam");
    const byApp = await t.get("/v1.0/servicePrincipals?$filter=" + encodeURIComponent("appId eq '11111111-2222-4333-8444-555555555555'"));
    assert.deepEqual(byApp.body.value.map((sp: { id: string }) => sp.id), [IDS.mailHelperSp]);
    const tagged = await t.get("/v1.0/servicePrincipals?$filter=" + encodeURIComponent("tags/any(t: t eq 'WindowsAzureActiveDirectoryIntegratedApp')"));
    assert.equal(tagged.body.value.length, 1);
    assert.equal((await t.get(`/v1.0/servicePrincipals/${IDS.graphSp}`)).body.displayName, "Microsoft Graph");
    assert.equal((await t.get(`/v1.0/servicePrincipals(appId='${IDS.exchangeApp}')`)).body.displayName, "Office 365 Exchange Online");
    const mine = await t.get(`/v1.0/users/${IDS.alice}/oauth2PermissionGrants`);
    assert.deepEqual(mine.body.value.map((g: { id: string }) => g.id), ["grant-alice-1"]);
    const admin = await t.get("/v1.0/oauth2PermissionGrants?$filter=" + encodeURIComponent("consentType eq 'AllPrincipals'"));
    assert.deepEqual(admin.body.value.map((g: { id: string }) => g.id), ["grant-admin-1"]);
    const byPrincipal = await t.get("/v1.0/oauth2PermissionGrants?$filter=" + encodeURIComponent(`principalId eq '${IDS.bob}'`));
    assert.deepEqual(byPrincipal.body.value.map((g: { id: string }) => g.id), ["grant-bob-1"]);
  });

  it("authentication/methods: polymorphic list, no query options", async () => {
    const reply = await t.get(`/v1.0/users/${UPN.alice}/authentication/methods`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.value.length, 4);
    assert.ok(reply.body.value.every((m: Record<string, unknown>) => typeof m["@odata.type"] === "string"));
    assert.equal(reply.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#users('${IDS.alice}')/authentication/methods`);
    assert.equal((await t.get(`/v1.0/users/${IDS.alice}/authentication/methods?$top=1`)).status, 400);
    assert.equal((await t.get(`/v1.0/users/${IDS.alice}/authentication/methods?$select=id`)).status, 400);
    const empty = await t.get(`/v1.0/users/${IDS.carol}/authentication/methods`);
    assert.deepEqual(empty.body.value, []);
  });

  it("/me is refused for app-only tokens", async () => {
    const reply = await t.get("/v1.0/me/messages");
    assert.equal(reply.status, 400);
    assert.match(reply.body.error.message, /delegated authentication flow/);
  });
});
