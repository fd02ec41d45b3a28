/**
 * Atomic outputs: every file a scan writes appears whole or not at all. First, every file-writing
 * call in src/ is accounted for (writeFileAtomic, or a temp-then-rename writer, or a stated
 * exception). Then real `phishtrail scan` processes are killed with SIGKILL at several points
 * (evidence being collected, reports being rendered, PDF being printed) and whatever they left
 * must parse completely; only temporaries named as such (".*.partial", ".spill-*") may be partial.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { PACKAGE_ROOT } from "../../src/lib/package-info.js";
import { smallTenant } from "./support/small-tenant.js";

/** Every place in src/ allowed to write a file without writeFileAtomic, and why that is safe. */
const WRITERS: Record<string, string> = {
  "lib/atomic-write.ts": "writeFileAtomic itself: a .partial sibling renamed into place",
  "collect/evidence-snapshot.ts": "tenant-snapshot.json streamed to a .partial sibling then renamed; spill files live in a hidden .spill-* folder removed at the end",
  "simulator/demo/write-snapshot.ts": "demo snapshot streamed to a .partial sibling then renamed",
  "simulator/tls.ts": "the simulator's CA certificate in a fresh private temp folder, not an output",
  "contain/password-delivery.ts": "the new password: created exclusively (wx), owner-only, written in one call",
  "contain/action-log.ts": "actions.jsonl: an append-only log, one JSON line per action, by design",
};
const WRITE_CALL = /\b(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|openSync|writeSync|copyFileSync|cpSync)\s*\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

/** A temporary the writers name as such: ".name.xxxx.partial", or anything under ".spill-*". */
function isNamedTemporary(name: string): boolean {
  return name.split("/").some((part) => part.startsWith(".spill-")) || /^\..+\.partial$/.test(basename(name));
}

/** Files under `dir`, relative; tolerant of files vanishing while a scan runs. */
function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return names.filter((name) => {
    try {
      return statSync(join(dir, name)).isFile();
    } catch {
      return false;
    }
  });
}

/** Asserts that every file in `out` that is not a named temporary is complete. */
function assertNothingHalfWritten(out: string): string[] {
  const present = listFiles(out);
  for (const name of present) {
    if (isNamedTemporary(name)) continue;
    const path = join(out, name);
    const text = readFileSync(path, "utf8");
    switch (name) {
      case "report.json": {
        const report = JSON.parse(text) as { schemaVersion?: string; users?: unknown[] };
        assert.equal(report.schemaVersion, "1", name);
        assert.ok(Array.isArray(report.users), name);
        break;
      }
      case "findings.csv":
      case "tickets.csv": {
        assert.ok(text.endsWith("\n"), `${name} ends mid-line`);
        const rows = parse(text, { relax_column_count: false }) as string[][];
        assert.ok(rows.length >= 1, `${name} has no header`);
        break;
      }
      case "report.html":
        assert.match(text, /<\/html>\s*$/, `${name} is cut short`);
        break;
      case "report.pdf": {
        const bytes = readFileSync(path).toString("latin1");
        assert.ok(bytes.startsWith("%PDF-"), `${name} has no header`);
        assert.match(bytes, /%%EOF\s*$/, `${name} is cut short`);
        break;
      }
      case join("evidence", "tenant-snapshot.json"):
        assert.equal((JSON.parse(text) as { format?: string }).format, "phishtrail-tenant-snapshot/1", name);
        break;
      case join("evidence", "manifest.json"): {
        const manifest = JSON.parse(text) as { files: Array<{ path: string; sha256: string }> };
        for (const file of manifest.files) {
          const digest = createHash("sha256").update(readFileSync(join(out, "evidence", file.path))).digest("hex");
          assert.equal(digest, file.sha256, `manifest lists ${file.path} with another digest`);
        }
        break;
      }
      default:
        assert.fail(`unexpected file after an interrupted scan: ${name}`);
    }
  }
  return present;
}

/** Kills (by pid) every process whose command line names our private temp folder: Chromium orphaned by the SIGKILL. */
function killOrphans(marker: string): void {
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmdline.includes(marker)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // gone already, or not ours to read
    }
  }
}

interface KillPoint {
  name: string;
  /** True once the scan has reached the point where it is to be killed. */
  reached(out: string): boolean;
}

const KILL_POINTS: KillPoint[] = [
  { name: "while evidence is being collected", reached: (out) => listFiles(join(out, "evidence")).some((n) => n.includes(".spill-")) },
  {
    name: "while the evidence snapshot is streamed (or just after)",
    reached: (out) => listFiles(join(out, "evidence")).some((n) => /^\.tenant-snapshot\.json\..*\.partial$/.test(n) || n === "manifest.json"),
  },
  { name: "right after report.json, while the other formats render", reached: (out) => existsSync(join(out, "report.json")) },
  { name: "during PDF rendering", reached: (out) => existsSync(join(out, "report.html")) },
];

describe("atomic outputs", { concurrency: 3 }, () => {
  let root: string;
  let snapshotPath: string;
  let configPath: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), "phishtrail-atomic-"));
    snapshotPath = join(root, "tenant.json");
    configPath = join(root, "config.json");
    writeFileSync(snapshotPath, JSON.stringify(smallTenant({ extraSignIns: 1000 })));
    writeFileSync(configPath, JSON.stringify({ demo: { timeScale: 0.001 } }));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("every file-writing call in src/ is writeFileAtomic or an accounted-for temp-then-rename writer", () => {
    const src = join(PACKAGE_ROOT, "src");
    const unaccounted: string[] = [];
    const seen = new Set<string>();
    for (const file of sourceFiles(src)) {
      const name = relative(src, file);
      const text = readFileSync(file, "utf8").replace(/^import .*$/gm, "");
      for (const match of text.matchAll(WRITE_CALL)) {
        seen.add(name);
        if (!WRITERS[name]) unaccounted.push(`${name}: ${match[1]}(`);
      }
    }
    assert.deepEqual(unaccounted, [], "write through writeFileAtomic (src/lib/atomic-write.ts) or explain the exception in WRITERS");
    assert.ok(seen.has("lib/atomic-write.ts") && seen.has("collect/evidence-snapshot.ts"), "the scan found none of the known writers");
  });

  KILL_POINTS.forEach((point, index) => {
    it(`SIGKILL ${point.name} leaves no file that looks complete but is not`, async () => {
      // Short: Chromium's profile socket path must stay under the 107-byte limit of a Unix socket.
      const dir = join(root, `k${index}`);
      const temp = join(dir, "tmp");
      mkdirSync(temp, { recursive: true });
      const out = join(dir, "out");
      const child: ChildProcess = spawn(
        process.execPath,
        [join(PACKAGE_ROOT, "bin", "phishtrail.js"), "scan", "--tenant-snapshot", snapshotPath, "--all", "--config", configPath, "--out", out, "--format", "html,pdf,csv,json", "--no-progress"],
        { env: { ...process.env, TMPDIR: temp, CI: "1" }, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      let killed = false;
      try {
        await new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            if (point.reached(out)) {
              child.kill("SIGKILL");
              killed = true;
            }
            if (killed || child.exitCode !== null) {
              clearInterval(timer);
              resolve();
            }
          }, 2);
        });
        await exited;
      } finally {
        killOrphans(temp);
      }
      assert.ok(killed, `the scan ended (exit ${child.exitCode}) before reaching the point (${point.name}): ${stderr}`);
      const present = assertNothingHalfWritten(out);
      assert.ok(present.length > 0, "the scan had written nothing: the kill came too early to test anything");
    });
  });
});
