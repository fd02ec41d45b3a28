import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runSimulate, simulateCommand } from "../../src/cli/simulate.js";
import { InputError } from "../../src/lib/errors.js";
import type { SimulatorHandle } from "../../src/simulator/server.js";
import { IDS, tenant } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "phishtrail-simulate-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What a user of `phishtrail simulate` does: a separate Node process with the printed exports,
 * trusting the CA only through NODE_EXTRA_CA_CERTS (read at start-up, so it must be a new process),
 * with the stock credential (authority from AZURE_AUTHORITY_HOST) and the stock Graph client.
 */
const CHILD = `
import { ClientSecretCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";
const env = process.env;
const credential = new ClientSecretCredential(env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID, env.AZURE_CLIENT_SECRET, { disableInstanceDiscovery: true });
const client = Client.initWithMiddleware({
  authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ["https://graph.microsoft.com/.default"] }),
  baseUrl: env.PHISHTRAIL_GRAPH_URL,
  customHosts: new Set([new URL(env.PHISHTRAIL_GRAPH_URL).hostname]),
});
const user = await client.api("/users/${IDS.alice}").select("id,accountEnabled").get();
process.stdout.write(JSON.stringify(user));
`;

function runChild(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("phishtrail simulate", () => {
  it("prints the URLs, CA path and export lines, serves until stopped, then cleans up", async () => {
    const file = join(dir, "tenant.json");
    writeFileSync(file, JSON.stringify(tenant()));
    let output = "";
    let stop!: () => void;
    let handle: SimulatorHandle | undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runSimulate({ tenantSnapshot: file }, { write: (text) => (output += text), stopped, started: (h) => (handle = h) });
    while (!handle) await new Promise((resolve) => setTimeout(resolve, 10));

    const exports = Object.fromEntries([...output.matchAll(/^export ([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(exports), ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_AUTHORITY_HOST", "PHISHTRAIL_GRAPH_URL", "NODE_EXTRA_CA_CERTS"]);
    assert.equal(exports.AZURE_AUTHORITY_HOST, handle.baseUrl);
    assert.equal(exports.PHISHTRAIL_GRAPH_URL, handle.baseUrl);
    assert.match(handle.baseUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(output.includes(`Token endpoint:  ${handle.baseUrl}/${IDS.org}/oauth2/v2.0/token`));
    assert.ok(output.includes(`CA certificate:  ${handle.caCertPath}`));
    assert.equal(statSync(handle.caCertPath).mode & 0o077, 0, "the CA file is owner-only");

    const child = await runChild(exports);
    assert.equal(child.code, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout).id, IDS.alice);
    assert.ok(handle.requests.some((entry) => entry.route === "token"));

    stop();
    await running;
    assert.match(output, /Stopping the Graph simulator/);
    assert.equal(existsSync(handle.caCertPath), false);
  });

  it("refuses missing or conflicting sources and a bad snapshot with InputError", async () => {
    const never = new Promise<void>(() => undefined);
    const io = { write: () => undefined, stopped: never };
    await assert.rejects(runSimulate({}, io), InputError);
    await assert.rejects(runSimulate({ demo: true, tenantSnapshot: "x.json" }, io), InputError);
    await assert.rejects(runSimulate({ tenantSnapshot: "x.json", seed: 3 }, io), InputError);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ format: "nope" }));
    await assert.rejects(runSimulate({ tenantSnapshot: bad }, io), (error: unknown) => error instanceof InputError && /format/.test(error.message));
  });

  it("declares the documented options", () => {
    const command = simulateCommand();
    assert.equal(command.name(), "simulate");
    const flags = command.options.map((option) => option.long);
    assert.deepEqual(flags, ["--tenant-snapshot", "--demo", "--demo-users", "--seed", "--port", "--time-scale"]);
    command.exitOverride().configureOutput({ writeErr: () => undefined });
    assert.throws(() => command.parse(["--time-scale", "0"], { from: "user" }), /--time-scale expects a number above 0/);
  });
});
