/**
 * Secrets on the failure paths: a token endpoint whose error echoes the client secret, an
 * unexpected error whose message and stack carry it (PHISHTRAIL_DEBUG prints the stack), and the
 * password `contain --reset-password` generates, which may live only in its own owner-only file.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { runCli, ScanBench } from "../reliability/support/cli.js";
import { smallTenant, UPN } from "../reliability/support/small-tenant.js";
import { filesAsText, walk } from "./support/outputs.js";

const SECRET = "sim-secret-4b1e0c2d-leak~check_9876543210";
const FAKE_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJyb2xlcyI6WyJVc2VyLlJlYWQuQWxsIl19.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

describe("no secret, token or generated password escapes on failure paths", () => {
  let bench: ScanBench;

  before(() => {
    bench = new ScanBench(smallTenant());
  });
  after(() => bench.close());
  beforeEach(() => {
    process.env.PHISHTRAIL_DEBUG = "1";
  });
  afterEach(() => {
    delete process.env.PHISHTRAIL_DEBUG;
  });

  it("a token endpoint error that echoes the secret and a token: exit 1, the cause named, neither printed", async () => {
    const run = await bench.scan(["--user", UPN.alex], {
      clientSecret: SECRET,
      faults: [{ route: "token", kind: "status", status: 401, code: "invalid_client", message: `AADSTS7000215: Invalid client secret provided: '${SECRET}' (last token ${FAKE_TOKEN}).` }],
    });
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(run.stderr, /Cannot get a Graph token/);
    assert.match(run.stderr, /invalid_client|AADSTS7000215/, "the cause is still named");
    for (const text of [run.stdout, run.stderr]) {
      assert.ok(!text.includes(SECRET), "the client secret was printed");
      assert.doesNotMatch(text, JWT, "a token was printed");
    }
  });

  it("an unexpected error carrying the secret and a token: PHISHTRAIL_DEBUG prints its stack, redacted", async () => {
    const run = await runCli(["scan", "--tenant-snapshot", bench.snapshotPath, "--config", bench.configPath, "--user", UPN.alex, "--out", join(bench.dir, "unexpected")], {
      clientSecret: SECRET,
      started: () => {
        throw new TypeError(`request to https://login.example/token?client_secret=${SECRET} failed; Authorization: Bearer ${FAKE_TOKEN}`);
      },
    });
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /TypeError: request to https:\/\/login\.example\/token\?client_secret=\*\*\* failed/);
    assert.match(run.stderr, /\n\s+at /, "the stack is printed in debug mode");
    assert.ok(!run.stderr.includes(SECRET), "the client secret was printed");
    assert.doesNotMatch(run.stderr, JWT, "a token was printed");
  });

  it("AZURE_CLIENT_SECRET from the environment is never printed, whatever fails", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AZURE_TENANT_ID: "6f3c1a2b-4d5e-4f60-8a71-92b3c4d5e6f7", AZURE_CLIENT_ID: "0d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d", AZURE_CLIENT_SECRET: SECRET, AZURE_AUTHORITY_HOST: "https://127.0.0.1:9", PHISHTRAIL_GRAPH_URL: `https://127.0.0.1:9/${SECRET}` });
    try {
      const run = await runCli(["scan", "--config", bench.configPath, "--user", UPN.alex, "--out", join(bench.dir, "env-secret")]);
      assert.equal(run.exitCode, 1, run.stderr);
      // The mistaken URL is echoed back to name the problem; the secret inside it is not.
      assert.match(run.stderr, /must be an origin without a path.*https:\/\/127\.0\.0\.1:9\/\*\*\*/);
      assert.ok(!run.stderr.includes(SECRET) && !run.stdout.includes(SECRET), "the environment's client secret was printed");
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it("contain --reset-password: the new password is only in its owner-only password file", async () => {
    const out = join(bench.dir, "contain");
    const run = await runCli(["contain", "--tenant-snapshot", bench.snapshotPath, "--config", bench.configPath, "--user", UPN.alex, "--reset-password", "--revoke-sessions", "--apply", "--yes", "--out", out]);
    assert.equal(run.exitCode, 0, run.stderr);
    const passwordLines = readFileSync(join(out, "password.txt"), "utf8").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
    assert.equal(passwordLines.length, 1, "password.txt holds one password");
    const password = passwordLines[0].trim();
    assert.ok(password.length >= 16);
    for (const { name, text } of [...filesAsText(out).filter((f) => f.name !== "password.txt"), { name: "stdout", text: run.stdout }, { name: "stderr", text: run.stderr }]) {
      assert.ok(!text.includes(password), `${name} holds the generated password`);
      assert.doesNotMatch(text, JWT, `${name} holds a token`);
    }
    for (const e of walk(out)) assert.equal(e.mode, e.kind === "dir" ? 0o700 : 0o600, `${e.name || "(out)"} has mode ${e.mode.toString(8)}`);
  });
});
