import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import { parseConfig } from "../../src/config/load-config.js";
import type { ConfigInput } from "../../src/config/schema.js";
import { resolveGraphSettings } from "../../src/graph/settings.js";
import { RuntimeError } from "../../src/lib/errors.js";

const config = (graph: NonNullable<ConfigInput["graph"]> = {}) => parseConfig({ graph }, "config.json");
const ids = { AZURE_TENANT_ID: "tenant-from-env", AZURE_CLIENT_ID: "client-from-env" };

describe("resolveGraphSettings", () => {
  it("uses each cloud's documented authority and Graph hosts, and the cloud's Graph resource as scope", () => {
    const expected = {
      global: ["https://login.microsoftonline.com", "https://graph.microsoft.com"],
      usgov: ["https://login.microsoftonline.us", "https://graph.microsoft.us"],
      usgovdod: ["https://login.microsoftonline.us", "https://dod-graph.microsoft.us"],
      china: ["https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"],
    } as const;
    for (const [cloud, [authority, graph]] of Object.entries(expected)) {
      const s = resolveGraphSettings(config({ cloud: cloud as keyof typeof expected }), { ...ids, AZURE_CLIENT_SECRET: "s" });
      assert.deepEqual([s.authorityHost, s.graphUrl, s.scope], [authority, graph, `${graph}/.default`], cloud);
    }
  });

  it("lets the environment beat config.json, which beats the cloud default", () => {
    const c = config({ tenantId: "t-config", clientId: "c-config", authorityHost: "https://login.config.example", graphUrl: "https://graph.config.example" });
    const fromConfig = resolveGraphSettings(c, { AZURE_CLIENT_SECRET: "s" });
    assert.deepEqual([fromConfig.tenantId, fromConfig.clientId, fromConfig.authorityHost, fromConfig.graphUrl], ["t-config", "c-config", "https://login.config.example", "https://graph.config.example"]);
    const fromEnv = resolveGraphSettings(c, { ...ids, AZURE_CLIENT_SECRET: "s", AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443", PHISHTRAIL_GRAPH_URL: "https://127.0.0.1:8443/" });
    assert.deepEqual([fromEnv.tenantId, fromEnv.clientId, fromEnv.authorityHost, fromEnv.graphUrl], ["tenant-from-env", "client-from-env", "https://127.0.0.1:8443", "https://127.0.0.1:8443"]);
    assert.equal(fromEnv.scope, "https://graph.microsoft.com/.default", "a custom Graph URL still asks for Graph's resource");
  });

  it("picks the credential: certificate path, then client secret, then the default chain", () => {
    assert.equal(resolveGraphSettings(config(), { ...ids, AZURE_CLIENT_CERTIFICATE_PATH: "/k.pem", AZURE_CLIENT_SECRET: "s" }).credential.kind, "certificate");
    assert.equal(resolveGraphSettings(config({ certificatePath: "/c.pem" }), ids).credential.kind, "certificate");
    assert.equal(resolveGraphSettings(config(), { ...ids, AZURE_CLIENT_SECRET: "s" }).credential.kind, "clientSecret");
    assert.equal(resolveGraphSettings(config(), {}).credential.kind, "default");
    assert.equal(resolveGraphSettings(config({ credential: "managedIdentity" }), {}).credential.kind, "managedIdentity");
    assert.equal(resolveGraphSettings(config({ credential: "deviceCode" }), ids).credential.kind, "deviceCode");
  });

  it("never takes the secret from config and never prints it", () => {
    const s = resolveGraphSettings(config(), { ...ids, AZURE_CLIENT_SECRET: "hunter2-secret" });
    assert.ok(s.credential.kind === "clientSecret" && s.credential.secret.reveal() === "hunter2-secret");
    assert.ok(!JSON.stringify(s).includes("hunter2"));
    assert.ok(!inspect(s, { depth: 5 }).includes("hunter2"));
    assert.ok(!`${s.credential.kind === "clientSecret" ? s.credential.secret : ""}`.includes("hunter2"));
  });

  it("names the variable or key to set when something is missing", () => {
    const expectError = (fn: () => unknown, pattern: RegExp) =>
      assert.throws(fn, (e: unknown) => e instanceof RuntimeError && pattern.test(e.message));
    expectError(() => resolveGraphSettings(config(), { AZURE_CLIENT_ID: "c", AZURE_CLIENT_SECRET: "s" }), /AZURE_TENANT_ID or "graph\.tenantId"/);
    expectError(() => resolveGraphSettings(config(), { AZURE_TENANT_ID: "t", AZURE_CLIENT_SECRET: "s" }), /AZURE_CLIENT_ID or "graph\.clientId"/);
    expectError(() => resolveGraphSettings(config({ credential: "clientSecret" }), ids), /AZURE_CLIENT_SECRET/);
    expectError(() => resolveGraphSettings(config({ credential: "certificate" }), ids), /AZURE_CLIENT_CERTIFICATE_PATH or "graph\.certificatePath"/);
    expectError(() => resolveGraphSettings(config(), { ...ids, AZURE_CLIENT_SECRET: "s", PHISHTRAIL_GRAPH_URL: "http://127.0.0.1:8443" }), /https/);
    expectError(() => resolveGraphSettings(config(), { ...ids, AZURE_CLIENT_SECRET: "s", PHISHTRAIL_GRAPH_URL: "https://proxy.example/graph" }), /without a path/);
  });

  it("collects extra CA files from NODE_EXTRA_CA_CERTS and graph.caCertificatePath", () => {
    const s = resolveGraphSettings(config({ caCertificatePath: "/ca/sim.pem" }), { ...ids, AZURE_CLIENT_SECRET: "s", NODE_EXTRA_CA_CERTS: "/ca/corp.pem" });
    assert.deepEqual(s.caCertificatePaths, ["/ca/corp.pem", "/ca/sim.pem"]);
  });
});
