import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../../src/cli/index.js";
import type { Report } from "../../../src/report/types.js";
import { useSimulatorOverrides, type SimulatorOverrides } from "../../../src/scan/data-source.js";
import type { SimulatorHandle } from "../../../src/simulator/server.js";
import type { TenantSnapshot } from "../../../src/snapshot/types.js";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI entry point in this process with stdout and stderr captured, and with the
 * embedded simulator (if the command starts one) given `overrides`. Not re-entrant: tests in a
 * file that uses it run one after another (node:test's default).
 */
export async function runCli(args: string[], overrides?: SimulatorOverrides): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  // The CLI writes strings; node:test's own reporter writes serialized buffers, which pass through.
  const capture = (sink: string[], original: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk !== "string") return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      sink.push(chunk);
      const callback = rest.find((r): r is () => void => typeof r === "function");
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  const release = overrides ? useSimulatorOverrides(overrides) : () => {};
  process.stdout.write = capture(out, writeOut, process.stdout);
  process.stderr.write = capture(err, writeErr, process.stderr);
  try {
    const exitCode = await main(args);
    return { exitCode, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    release();
  }
}

/**
 * Settings that keep a scan against the simulator fast: tiny time scale, few retries. The timeout
 * stays generous so that a loaded CI machine never times out a healthy request.
 */
export const FAST_CONFIG = {
  graph: { maxRetries: 3, requestTimeoutMs: 15_000, concurrency: 8 },
  scan: { formats: ["json"], since: "7d" },
  demo: { timeScale: 0.001 },
};

export interface ScanRun extends CliRun {
  outDir: string;
  /** report.json, when the scan wrote one. */
  report?: Report;
  /** The simulator the scan ran against (its request log). */
  simulator?: SimulatorHandle;
}

/** A temp folder holding a snapshot and a config, from which scans are run into fresh folders. */
export class ScanBench {
  readonly dir: string;
  readonly snapshotPath: string;
  readonly configPath: string;
  #runs = 0;

  constructor(snapshot: TenantSnapshot, config: object = FAST_CONFIG, label = "phishtrail-bench-") {
    this.dir = mkdtempSync(join(tmpdir(), label));
    this.snapshotPath = join(this.dir, "tenant.json");
    this.configPath = join(this.dir, "config.json");
    writeFileSync(this.snapshotPath, JSON.stringify(snapshot));
    writeFileSync(this.configPath, JSON.stringify(config));
  }

  /** `phishtrail scan --tenant-snapshot <snapshot> --config <config> --out <fresh> ...args`. */
  async scan(args: string[], overrides: SimulatorOverrides = {}): Promise<ScanRun> {
    const outDir = join(this.dir, `run-${++this.#runs}`);
    let simulator: SimulatorHandle | undefined;
    const run = await runCli(
      ["scan", "--tenant-snapshot", this.snapshotPath, "--config", this.configPath, "--out", outDir, "--no-progress", ...args],
      {
        ...overrides,
        started: (handle) => {
          simulator = handle;
          overrides.started?.(handle);
        },
      },
    );
    let report: Report | undefined;
    try {
      report = JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")) as Report;
    } catch {
      report = undefined;
    }
    return { ...run, outDir, report, simulator };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
