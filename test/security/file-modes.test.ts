/**
 * Owner-only outputs wherever they land: every folder a scan creates on the way to an explicit
 * --out, and the default output root with its timestamped run folder.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli, ScanBench } from "../reliability/support/cli.js";
import { smallTenant, UPN } from "../reliability/support/small-tenant.js";
import { walk } from "./support/outputs.js";

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("file modes of everything a scan creates", () => {
  let bench: ScanBench;
  const previousUmask = process.umask(0o022);

  before(() => {
    bench = new ScanBench(smallTenant());
  });
  after(() => {
    bench.close();
    process.umask(previousUmask);
  });

  it("--out a/b/c: each folder created on the way is 0700, every file 0600", async () => {
    const base = join(bench.dir, "nested");
    mkdirSync(base);
    const out = join(base, "a", "b", "c");
    const run = await runCli(["scan", "--tenant-snapshot", bench.snapshotPath, "--config", bench.configPath, "--user", UPN.alex, "--out", out]);
    assert.equal(run.exitCode, 0, run.stderr);
    for (const dir of [join(base, "a"), join(base, "a", "b")]) assert.equal(modeOf(dir), 0o700, dir);
    for (const e of walk(out)) assert.equal(e.mode, e.kind === "dir" ? 0o700 : 0o600, `${e.name || "(out)"}: ${e.mode.toString(8)}`);
  });

  it("the default output root and its run folder are 0700 (with a umask of 022)", async () => {
    const root = join(bench.dir, "reports");
    const config = join(bench.dir, "root-config.json");
    writeFileSync(config, JSON.stringify({ scan: { formats: ["json", "csv"], outputDir: root }, demo: { timeScale: 0.001 } }));
    const run = await runCli(["scan", "--tenant-snapshot", bench.snapshotPath, "--config", config, "--user", UPN.alex]);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(modeOf(root), 0o700);
    const [folder] = readdirSync(root);
    assert.match(folder, /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-scan$/);
    for (const e of walk(join(root, folder))) assert.equal(e.mode, e.kind === "dir" ? 0o700 : 0o600, `${e.name || "(run folder)"}: ${e.mode.toString(8)}`);
  });
});
