import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../../src/config/load-config.js";
import type { Config } from "../../../src/config/schema.js";
import { createLogger } from "../../../src/lib/log.js";
import { TEMPLATES_DIR, TOOL_VERSION } from "../../../src/lib/package-info.js";
import { resolveSince } from "../../../src/lib/time.js";
import type { ReportFormat } from "../../../src/render/index.js";
import type { Report } from "../../../src/report/types.js";
import { resolveRules } from "../../../src/rules/index.js";
import type { SimulatorOverrides } from "../../../src/scan/data-source.js";
import { runScan } from "../../../src/scan/run-scan.js";
import type { SimulatorHandle } from "../../../src/simulator/server.js";
import type { TenantSnapshot } from "../../../src/snapshot/types.js";
import { FAST_CONFIG } from "./cli.js";

export interface DirectScan {
  exitCode: number;
  report: Report;
  simulator: SimulatorHandle;
  /** What the scan logged (stderr in the CLI). */
  log: string;
  outDir: string;
}

export interface DirectScanOptions {
  snapshot: TenantSnapshot;
  users?: string[];
  all?: boolean;
  strategy?: "auto" | "per-user" | "bulk";
  config?: object;
  simulator?: SimulatorOverrides;
  formats?: ReportFormat[];
  /** Leave the output folder for the caller to inspect (and remove). */
  keep?: boolean;
}

/**
 * The scan pipeline exactly as `phishtrail scan --tenant-snapshot` runs it (runScan), with the
 * simulator options given per scan so that several scans can run at once in one process.
 */
export async function directScan(options: DirectScanOptions): Promise<DirectScan> {
  const config: Config = parseConfig(options.config ?? FAST_CONFIG, "test config");
  const outDir = mkdtempSync(join(tmpdir(), "phishtrail-direct-"));
  const lines: string[] = [];
  const sink = { write: (text: string) => lines.push(text) } as unknown as NodeJS.WritableStream;
  let simulator: SimulatorHandle | undefined;
  try {
    const result = await runScan(
      {
        config,
        targets: options.all ? { mode: "all" } : { mode: "users", users: options.users ?? [] },
        source: {
          kind: "snapshot",
          path: "(test snapshot)",
          snapshot: options.snapshot,
          simulator: {
            ...options.simulator,
            started: (handle) => {
              simulator = handle;
              options.simulator?.started?.(handle);
            },
          },
        },
        windowFrom: (now) => resolveSince(config.scan.since, now, "config scan.since"),
        formats: options.formats ?? ["json"],
        rules: resolveRules(config, "test config"),
        outDir,
        strategy: options.strategy ?? config.scan.strategy,
        failOn: null,
        progress: false,
        templatesDir: TEMPLATES_DIR,
        toolVersion: TOOL_VERSION,
        stdout: sink,
      },
      process.env,
      createLogger({ stream: sink }),
    );
    return { exitCode: result.exitCode, report: result.report, simulator: simulator!, log: lines.join(""), outDir };
  } finally {
    if (!options.keep) rmSync(outDir, { recursive: true, force: true });
  }
}
