/**
 * Bad input (CONTRACT.md "Exit codes"): every malformed argument, config, users file or tenant
 * snapshot ends with exit 2, a message naming the file and the field or position, and nothing
 * written: neither the default output root nor an explicit --out folder gains anything.
 */
import assert from "node:assert/strict";
import { constants } from "node:buffer";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "./support/cli.js";
import { smallTenant, UPN } from "./support/small-tenant.js";

interface BadCase {
  name: string;
  /** Files to create in the case's folder: name -> content, or a size for a sparse file. */
  files?: Record<string, string | { sparseBytes: number }>;
  /** Arguments after "scan"; "@name" is replaced by the path of that file. */
  args: string[];
  stderr: RegExp[];
}

const GOOD_CONFIG = JSON.stringify({ scan: { formats: ["json"] }, demo: { timeScale: 0.001 } });
const snapshot = (patch: Record<string, unknown>) => JSON.stringify({ ...smallTenant(), ...patch });

const CASES: BadCase[] = [
  // config.json
  { name: "config: unknown key", files: { "config.json": '{"graph": {"retries": 3}}' }, args: ["--demo", "--all", "--config", "@config.json"], stderr: [/config\.json: unknown key "graph\.retries"/] },
  { name: "config: wrong type", files: { "config.json": '{"graph": {"maxRetries": "6"}}' }, args: ["--demo", "--all", "--config", "@config.json"], stderr: [/config\.json: graph\.maxRetries: Expected number, received string/] },
  { name: "config: trailing comma", files: { "config.json": '{\n  "scan": {\n    "since": "7d",\n  }\n}' }, args: ["--demo", "--all", "--config", "@config.json"], stderr: [/config\.json: invalid JSON at line 4, column 3/] },
  { name: "config: named but missing", args: ["--demo", "--all", "--config", "@nowhere.json"], stderr: [/nowhere\.json: config file not found/] },
  // users file
  { name: "users file: a line that is not a user", files: { "users.txt": `${UPN.alex}\n# comment\nnot a user\n` }, args: ["--demo", "--users-file", "@users.txt"], stderr: [/users\.txt: line 3: "not a user" is not a user principal name/] },
  { name: "users file: CSV row without a UPN", files: { "users.csv": `name,userPrincipalName\nAlex,${UPN.alex}\nBlair,\n` }, args: ["--demo", "--users-file", "@users.csv"], stderr: [/users\.csv: line 3: empty userPrincipalName/] },
  { name: "users file: empty", files: { "users.txt": "\n# nobody\n\n" }, args: ["--demo", "--users-file", "@users.txt"], stderr: [/users\.txt: users file names no users/] },
  { name: "users file: huge", files: { "users.txt": { sparseBytes: 50 * 1024 * 1024 + 1 } }, args: ["--demo", "--users-file", "@users.txt"], stderr: [/users\.txt: users file is larger than 50 MB/] },
  { name: "users file: missing", args: ["--demo", "--users-file", "@absent.txt"], stderr: [/absent\.txt: users file not found/] },
  { name: "users file: a folder", files: { "folder/keep": "" }, args: ["--demo", "--users-file", "@folder"], stderr: [/folder: the users file is not a file/] },
  // tenant snapshot
  { name: "snapshot: trailing comma", files: { "tenant.json": '{\n  "format": "phishtrail-tenant-snapshot/1",\n  "users": [],\n}' }, args: ["--tenant-snapshot", "@tenant.json", "--all"], stderr: [/tenant\.json: invalid JSON at line 4, column 1/] },
  { name: "snapshot: a collection of the wrong type", files: { "tenant.json": snapshot({ users: { id: "x" } }) }, args: ["--tenant-snapshot", "@tenant.json", "--all"], stderr: [/tenant\.json: users: expected a list, found an object/] },
  { name: "snapshot: a date of the wrong type", files: { "tenant.json": snapshot({ signIns: [{ id: "s1", createdDateTime: 42 }] }) }, args: ["--tenant-snapshot", "@tenant.json", "--all"], stderr: [/tenant\.json: signIns\[0\]\.createdDateTime: expected an ISO-8601 string, found number 42/] },
  { name: "snapshot: unknown format", files: { "tenant.json": snapshot({ format: "phishtrail-tenant-snapshot/9" }) }, args: ["--tenant-snapshot", "@tenant.json", "--all"], stderr: [/tenant\.json: format: expected "phishtrail-tenant-snapshot\/1", found "phishtrail-tenant-snapshot\/9"/] },
  { name: "snapshot: not an object", files: { "tenant.json": "[1, 2]" }, args: ["--tenant-snapshot", "@tenant.json", "--all"], stderr: [/tenant\.json: expected a JSON object holding a tenant snapshot, found a list/] },
  { name: "snapshot: larger than any JSON Node can read", files: { "tenant.json": { sparseBytes: constants.MAX_STRING_LENGTH + 1 } }, args: ["--tenant-snapshot", "@tenant.json", "--all"], stderr: [/tenant\.json: file is \d+ bytes, larger than the \d+-byte limit/] },
  { name: "snapshot: a folder", files: { "snap/keep": "" }, args: ["--tenant-snapshot", "@snap", "--all"], stderr: [/snap: not a file/] },
  // arguments
  { name: "unknown flag", args: ["--demo", "--all", "--bogus"], stderr: [/unknown option '--bogus'/] },
  { name: "bad --since", args: ["--demo", "--all", "--since", "yesterday"], stderr: [/--since: "yesterday" is neither a duration/] },
  { name: "bad --now", args: ["--demo", "--all", "--now", "2026-13-45"], stderr: [/--now: "2026-13-45" is not an ISO-8601 date/] },
  { name: "bad --format", args: ["--demo", "--all", "--format", "html,docx"], stderr: [/--format: unknown format "docx"/] },
  { name: "bad --concurrency", args: ["--demo", "--all", "--concurrency", "0"], stderr: [/--concurrency must be between 1 and 64/] },
  { name: "bad --fail-on", args: ["--demo", "--all", "--fail-on", "severe"], stderr: [/--fail-on.*severe.*choices/] },
  { name: "bad --user", args: ["--demo", "--user", "alex"], stderr: [/--user: "alex" is not a user principal name/] },
  { name: "--demo with --tenant-snapshot", files: { "tenant.json": snapshot({}) }, args: ["--demo", "--tenant-snapshot", "@tenant.json", "--all"], stderr: [/--demo and --tenant-snapshot cannot be combined/] },
  { name: "--all with --user", args: ["--demo", "--all", "--user", UPN.alex], stderr: [/--all cannot be combined with --user/] },
  { name: "--demo-users below what the demo needs", args: ["--demo", "--all", "--demo-users", "12"], stderr: [/--demo-users must be between 40 and 100000, got 12/] },
  { name: "missing targets", args: ["--demo"], stderr: [/scan needs targets: --user <upn>, --users-file <path> or --all/] },
  { name: "bad --since with an explicit --out", args: ["--demo", "--all", "--since", "-3d", "--out", "@new-out"], stderr: [/--since: "-3d" is neither a duration/] },
  { name: "--out is a file", files: { "taken": "x" }, args: ["--demo", "--all", "--out", "@taken"], stderr: [/--out .*taken: exists but is not a readable folder/] },
];

describe("bad input: exit 2, a message naming file and field, nothing written", () => {
  const home = process.cwd();
  let root: string;

  before(() => {
    // The default output root (./output) and config (./config.json) are resolved from here.
    root = mkdtempSync(join(tmpdir(), "phishtrail-bad-input-"));
    process.chdir(root);
  });
  after(() => {
    process.chdir(home);
    rmSync(root, { recursive: true, force: true });
  });

  CASES.forEach((c, index) => {
    it(c.name, async () => {
      const dir = join(root, `case-${index}`);
      mkdirSync(dir);
      const path = (name: string) => join(dir, name);
      for (const [name, content] of Object.entries(c.files ?? {})) {
        mkdirSync(join(path(name), ".."), { recursive: true });
        if (typeof content === "string") writeFileSync(path(name), content);
        else {
          writeFileSync(path(name), "");
          truncateSync(path(name), content.sparseBytes);
        }
      }
      if (!c.files?.["config.json"]) writeFileSync(path("config.json"), GOOD_CONFIG);
      const hasConfig = c.args.includes("--config");
      const args = c.args.map((a) => (a.startsWith("@") ? path(a.slice(1)) : a));
      const before = readdirSync(dir).sort();
      const run = await runCli(["scan", ...args, ...(hasConfig ? [] : ["--config", path("config.json")]), "--no-progress"]);

      assert.equal(run.exitCode, 2, `exit ${run.exitCode}: ${run.stderr}`);
      for (const pattern of c.stderr) assert.match(run.stderr, pattern);
      assert.equal(run.stdout, "", "nothing but the error is printed");
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace for bad input");
      assert.deepEqual(readdirSync(dir).sort(), before, "the case folder gained a file or folder");
      assert.equal(existsSync(join(root, "output")), false, "the default output root was created");
    });
  });

  it("a config without --out points the default output root elsewhere; it stays untouched too", async () => {
    const dir = join(root, "custom-root");
    mkdirSync(dir);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ scan: { outputDir: join(dir, "reports") } }));
    const run = await runCli(["scan", "--demo", "--config", join(dir, "config.json"), "--since", "soon"]);
    assert.equal(run.exitCode, 2);
    assert.deepEqual(readdirSync(dir), ["config.json"]);
  });
});
