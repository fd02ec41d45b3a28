import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ClientSecretCredential } from "@azure/identity";
import { BatchRequestContent, BatchResponseContent, Client, PageIterator, type PageCollection } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";
import { Agent } from "undici";
import { startSimulator, type SimulatorHandle } from "../../src/simulator/server.js";
import { IDS, tenant } from "./support.js";

/**
 * The real @azure/identity ClientSecretCredential and the real Graph JS client against the
 * simulator; only URLs and CA trust differ from production. In-process CA trust: the credential
 * takes core-rest-pipeline `tlsOptions.ca`, the Graph client (global fetch) an undici dispatcher
 * in `fetchOptions`.
 */
describe("real Graph client and ClientSecretCredential", () => {
  let sim: SimulatorHandle;
  let client: Client;
  let credential: ClientSecretCredential;
  let dispatcher: Agent;

  before(async () => {
    sim = await startSimulator({ snapshot: tenant(), timeScale: 0.001, pageSizes: { "signIns.list": 20, "users.list": 2 } });
    credential = new ClientSecretCredential(sim.tenantId, sim.clientId, sim.clientSecret, {
      authorityHost: sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: sim.caCertPem },
    });
    dispatcher = new Agent({ connect: { ca: sim.caCertPem } });
    client = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ["https://graph.microsoft.com/.default"] }),
      baseUrl: sim.baseUrl,
      customHosts: new Set(["127.0.0.1"]),
      fetchOptions: { dispatcher } as RequestInit,
    });
  });

  after(async () => {
    await dispatcher.close();
    await sim.close();
  });

  it("issues a JWT access token through the openid-configuration and token endpoints", async () => {
    const token = await credential.getToken("https://graph.microsoft.com/.default");
    assert.ok(token);
    const payload = JSON.parse(Buffer.from(token.token.split(".")[1], "base64url").toString("utf8"));
    assert.equal(payload.tid, sim.tenantId);
    assert.equal(payload.appid, sim.clientId);
    assert.ok(payload.roles.includes("AuditLog.Read.All"));
    assert.ok(payload.exp > payload.iat);
    const routes = sim.requests.map((entry) => entry.route);
    assert.ok(routes.includes("openidConfiguration"));
    assert.ok(routes.includes("token"));
  });

  it("follows @odata.nextLink across at least three pages with PageIterator", async () => {
    sim.resetLog();
    const first: PageCollection = await client.api("/auditLogs/signIns").filter(`createdDateTime ge 2025-03-01T00:00:00Z`).get();
    const ids: string[] = [];
    const iterator = new PageIterator(client, first, (signIn: { id: string }) => {
      ids.push(signIn.id);
      return true;
    });
    await iterator.iterate();
    // 60 interactive sign-ins in v1.0, 20 per page.
    assert.equal(ids.length, 60);
    assert.equal(new Set(ids).size, 60);
    const pages = sim.requests.filter((entry) => entry.route === "signIns.list");
    assert.equal(pages.length, 3);
    assert.ok(pages.every((entry) => entry.status === 200));

    const users: string[] = [];
    const firstUsers: PageCollection = await client.api("/users").select("id,accountEnabled").get();
    await new PageIterator(client, firstUsers, (user: { id: string }) => {
      users.push(user.id);
      return true;
    }).iterate();
    assert.equal(users.length, 5);
  });

  it("sends a 20-request $batch and reads every JSON body", async () => {
    sim.resetLog();
    const steps = Array.from({ length: 20 }, (_, i) => ({
      id: String(i + 1),
      request: new Request(`${sim.baseUrl}/v1.0/users/${i % 2 ? IDS.alice : IDS.bob}?$select=id,displayName`, { method: "GET" }),
    }));
    const batch = new BatchRequestContent(steps);
    const response = await client.api("/$batch").post(await batch.getContent());
    const content = new BatchResponseContent(response);
    for (let i = 1; i <= 20; i++) {
      const sub = content.getResponseById(String(i));
      assert.equal(sub.status, 200);
      const body = await sub.json();
      assert.equal(body.id, i % 2 === 0 ? IDS.alice : IDS.bob);
    }
    const subRequests = sim.requests.filter((entry) => entry.inBatch);
    assert.equal(subRequests.length, 20);
    assert.equal(sim.requests.filter((entry) => entry.route === "batch").length, 1);
  });

  it("retries a 429 with Retry-After through the client's own RetryHandler", async () => {
    sim.resetLog();
    sim.setFaults([{ route: "organization.list", kind: "status", status: 429, retryAfter: 2, nth: [1] }]);
    const organization = await client.api("/organization").get();
    assert.equal(organization.value[0].id, IDS.org);
    const calls = sim.requests.filter((entry) => entry.route === "organization.list");
    assert.deepEqual(
      calls.map((entry) => [entry.status, entry.throttled]),
      [
        [429, true],
        [200, false],
      ],
    );
    sim.setFaults([]);
  });

  it("surfaces Graph errors as GraphError with code and status", async () => {
    await assert.rejects(client.api("/auditLogs/signIns").filter("userAgent eq 'x'").get(), (error: { statusCode: number; code: string }) => {
      assert.equal(error.statusCode, 400);
      assert.equal(error.code, "BadRequest");
      return true;
    });
  });
});
