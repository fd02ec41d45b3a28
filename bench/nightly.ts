/**
 * Nightly mode against a full re-scan on the same demo tenant: the Graph requests and wall time of
 * the second nightly run (window from the last run's end, no history) as ratios of a full scan
 * (7-day window + 30 days of history) of the same tenant at the same moment.
 *
 *   node dist/bench/nightly.js [users=300] [seed=42]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseConfig } from "../src/config/load-config.js";
import type { Config } from "../src/config/schema.js";
import { createLogger } from "../src/lib/log.js";
import { TEMPLATES_DIR, TOOL_VERSION } from "../src/lib/package-info.js";
import { resolveSince } from "../src/lib/time.js";
import { resolveRules } from "../src/rules/index.js";
import { runScan, type ScanResult } from "../src/scan/run-scan.js";
import { generateDemoTenant } from "../src/simulator/demo/generate.js";
import type { TenantSnapshot } from "../src/snapshot/types.js";
import { NightlySession } from "../src/state/nightly.js";
import { chooseWindow } from "../src/state/request.js";

const DAY_MS = 86_400_000;
const T1 = new Date("2026-11-28T06:00:00Z");
const T2 = new Date(T1.getTime() + DAY_MS);

export interface NightlyBenchResult {
  users: number;
  nightly: { requests: number; ms: number; window: { from: string; to: string } };
  full: { requests: number; ms: number; window: { from: string; to: string } };
  requestRatio: number;
  timeRatio: number;
}

/** The tenant a day later: each benign person's last day of sign-ins happens again. */
function nextDay(snapshot: TenantSnapshot, benign: ReadonlySet<string>): TenantSnapshot {
  const signIns = snapshot.signIns ?? [];
  const repeated = signIns
    .filter((s) => benign.has(String(s.userId)) && Date.parse(String(s.createdDateTime)) > T1.getTime() - DAY_MS)
    .map((s) => ({ ...s, id: `${String(s.id)}-next`, createdDateTime: new Date(Date.parse(String(s.createdDateTime)) + DAY_MS).toISOString() }));
  return { ...snapshot, capturedAt: T2.toISOString(), signIns: [...signIns, ...repeated] };
}

async function scan(config: Config, snapshot: TenantSnapshot, now: Date, outDir: string, nightly?: NightlySession): Promise<{ result: ScanResult; ms: number }> {
  const { since, sinceSource } = chooseWindow({ since: nightly ? "last-run" : undefined }, config);
  const started = performance.now();
  try {
    const result = await runScan(
      {
        config,
        targets: { mode: "all" },
        source: { kind: "snapshot", path: "(bench)", snapshot },
        now,
        windowFrom: (at) => resolveSince(since, at, sinceSource),
        formats: ["json", "csv"],
        rules: resolveRules(config, "(bench)"),
        outDir,
        strategy: config.scan.strategy,
        failOn: null,
        progress: false,
        templatesDir: TEMPLATES_DIR,
        toolVersion: TOOL_VERSION,
        ...(nightly ? { nightly } : {}),
      },
      process.env,
      createLogger({ quiet: true }),
    );
    return { result, ms: performance.now() - started };
  } finally {
    nightly?.close();
  }
}

export async function runNightlyBench(users = 300, seed = 42): Promise<NightlyBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "phishtrail-bench-nightly-"));
  try {
    const config = parseConfig({}, "(bench)");
    const state = { statePath: join(dir, "state.sqlite"), sinceLastRun: true, overlapMinutes: config.state.overlapMinutes, ticketThreshold: config.scoring.ticketThreshold };
    const demo = generateDemoTenant({ users, seed, now: T1 });
    const tomorrow = nextDay(demo.snapshot, new Set(demo.groundTruth.benignUserIds));
    // Night 1 seeds the state (a full scan); its cost is not measured.
    await scan(config, demo.snapshot, T1, join(dir, "night1"), NightlySession.open(state));
    const nightly = await scan(config, tomorrow, T2, join(dir, "night2"), NightlySession.open(state));
    const full = await scan(config, tomorrow, T2, join(dir, "full"));
    const summary = (s: { result: ScanResult; ms: number }) => ({ requests: s.result.report.run.graph.requests, ms: Math.round(s.ms), window: s.result.report.run.window });
    const n = summary(nightly);
    const f = summary(full);
    return { users, nightly: n, full: f, requestRatio: n.requests / f.requests, timeRatio: n.ms / f.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatNightlyBench(r: NightlyBenchResult): string {
  return [
    `nightly (${r.users} users): second nightly run vs full re-scan of the same tenant`,
    `  nightly   ${r.nightly.window.from} .. ${r.nightly.window.to}: ${r.nightly.requests} Graph requests, ${r.nightly.ms} ms`,
    `  full      ${r.full.window.from} .. ${r.full.window.to} (+ history): ${r.full.requests} Graph requests, ${r.full.ms} ms`,
    `  ratio     requests ${r.requestRatio.toFixed(2)}, wall time ${r.timeRatio.toFixed(2)}`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [users, seed] = process.argv.slice(2).map(Number);
  process.stdout.write(`${formatNightlyBench(await runNightlyBench(users || undefined, Number.isFinite(seed) ? seed : undefined))}\n`);
}
