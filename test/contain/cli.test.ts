import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PACKAGE_ROOT } from "../../src/lib/package-info.js";
import { ALICE, RULES, containSnapshot, tempRoot } from "./support.js";

/**
 * Runs the real CLI (bin/phishtrail.js -> main) in a child process with piped stdio: the test
 * runner owns this process's stdout, and piped stdin is what a script or scheduler gives.
 */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "phishtrail.js"), ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}

function setUp(): { root: string; snapshot: string; config: string } {
  const root = tempRoot();
  const snapshot = join(root, "tenant.json");
  const config = join(root, "config.json");
  writeFileSync(snapshot, JSON.stringify(containSnapshot()));
  writeFileSync(config, JSON.stringify({ scan: { outputDir: join(root, "output") } }));
  return { root, snapshot, config };
}

describe("phishtrail contain (CLI)", () => {
  it("prints the plan and writes nothing without --apply", async () => {
    const { root, snapshot, config } = setUp();
    const result = await cli(["contain", "--user", ALICE.upn, "--tenant-snapshot", snapshot, "--config", config, "--disable", "--remove-rule", RULES.forward]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1\. disable: the account/);
    assert.match(result.stdout, /Dry run: nothing was changed/);
    assert.equal(existsSync(join(root, "output")), false);
  });

  it("applies with --yes into --out, writing evidence, the action log and the password file", async () => {
    const { root, snapshot, config } = setUp();
    const out = join(root, "case-42");
    const passwordFile = join(root, "handover.txt");
    const args = ["contain", "--user", ALICE.upn, "--tenant-snapshot", snapshot, "--config", config, "--out", out, "--password-file", passwordFile];
    const result = await cli([...args, "--reset-password", "--revoke-sessions", "--remove-rule", RULES.forward, "--apply", "--yes"]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.deepEqual(readdirSync(out).sort(), ["actions.jsonl", "evidence-before.json"]);
    assert.equal(statSync(passwordFile).mode & 0o777, 0o600);
    const password = readFileSync(passwordFile, "utf8").trim().split("\n").at(-1)!;
    for (const text of [result.stdout, result.stderr, readFileSync(join(out, "actions.jsonl"), "utf8"), readFileSync(join(out, "evidence-before.json"), "utf8")]) {
      assert.ok(!text.includes(password));
    }
    assert.match(result.stdout, /3 done, 0 already done, 0 failed/);
  });

  it("exits 2 without --user", async () => {
    const result = await cli(["contain", "--disable"]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /required option '--user <upn-or-id>'/);
  });

  it("refuses --apply without --yes when stdin is not a terminal (exit 2)", async () => {
    const { root, snapshot, config } = setUp();
    const result = await cli(["contain", "--user", ALICE.upn, "--tenant-snapshot", snapshot, "--config", config, "--disable", "--apply"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /stdin is not a terminal.*--yes/);
    assert.equal(existsSync(join(root, "output")), false);
  });
});
