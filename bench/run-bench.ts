/**
 * `npm run bench`: how close phishtrail gets to the least time Graph's published throttling limits
 * allow, against the Graph simulator with those limits at a fixed time scale. Every scan runs in
 * its own process and every simulator in another, so each scan's CPU and peak RSS are its own.
 * Prints the results and writes them to output/benchmark.json. Settings can be overridden with
 * BENCH_* environment variables (see SETTINGS) for quicker runs while developing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PACKAGE_ROOT } from "../src/lib/package-info.js";
import { runRulesProcess, runScanProcess, startSimProcess, type ChildRun, type SimProcess } from "./children.js";
import type { RulesMeasure } from "./rules-process.js";
import type { ScanJob, ScanMeasure } from "./scan-process.js";
import { throttleBound, type ThrottleBound } from "./throttle-bound.js";

function setting(name: string, fallback: number): number {
  const value = Number(process.env[`BENCH_${name}`] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`BENCH_${name} must be a positive number`);
  return value;
}

const SETTINGS = {
  timeScale: setting("TIME_SCALE", 0.1),
  latencyMs: setting("LATENCY_MS", 30),
  largeUsers: setting("LARGE_USERS", 10_000),
  mediumUsers: setting("MEDIUM_USERS", 1_000),
  perUserUsers: setting("PER_USER_USERS", 200),
  historyDays: setting("HISTORY_DAYS", 7),
  signInsPerUserPerDay: setting("SIGN_INS_PER_USER_PER_DAY", 20),
  pdfRuns: setting("PDF_RUNS", 5),
  /** The demo's own time scale (config demo.timeScale), for the on-demand PDF as `scan --demo` users see it. */
  demoTimeScale: setting("DEMO_TIME_SCALE", 0.01),
  rulesUsers: setting("RULES_USERS", 1_000),
  rulesCpuMs: setting("RULES_CPU_MS", 3_000),
};

const OUT = join(PACKAGE_ROOT, "output", "benchmark");
const REPORTS_WINDOW_MS = 10_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const ratio = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)}x`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function machine() {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryBytes: totalmem(),
    node: process.version,
    loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  };
}

interface GraphScan {
  label: string;
  users: number;
  run: ChildRun<ScanMeasure>;
  bound: ThrottleBound;
  simulatorThrottled: number;
}

/** Lets every budget window of the previous run pass: a new process starts with fresh client-side budgets. */
function settle(timeScale = SETTINGS.timeScale): Promise<void> {
  return sleep(Math.max(200, 2 * REPORTS_WINDOW_MS * timeScale));
}

async function withSimulator<T>(users: number, work: (sim: SimProcess) => Promise<T>, timeScale = SETTINGS.timeScale): Promise<T> {
  const sim = await startSimProcess({
    demo: { users, historyDays: SETTINGS.historyDays, signInsPerUserPerDay: SETTINGS.signInsPerUserPerDay },
    timeScale,
    latencyMs: SETTINGS.latencyMs,
  });
  const r = sim.ready;
  say(`  simulator: ${int(r.users)} users, ${int(r.signIns)} sign-ins over ${SETTINGS.historyDays} days (${int(r.signInsLastDay)} in the last 24 h), generated in ${seconds(r.generateMs)}`);
  try {
    return await work(sim);
  } finally {
    await sim.stop();
  }
}

async function graphScan(sim: SimProcess, label: string, job: Omit<ScanJob, "sim" | "timeScale">): Promise<GraphScan> {
  await settle();
  await sim.reset();
  const run = await runScanProcess({ ...job, sim: sim.ready, timeScale: SETTINGS.timeScale });
  const { counts, busiestMailbox } = await sim.counts();
  const bound = throttleBound(counts, SETTINGS.timeScale, SETTINGS.latencyMs, busiestMailbox);
  const simulatorThrottled = counts.reduce((sum, c) => sum + c.throttled, 0);
  const m = run.result;
  say(`  ${label}: ${m.users} users, strategy ${m.strategy}`);
  say(`    wall: collect ${seconds(m.phases.collect)}, whole scan ${seconds(m.phases.total)} (setup ${seconds(m.phases.launch)}, judge ${seconds(m.phases.judge)}, report ${seconds(m.phases.report)}, render ${seconds(m.phases.render)})`);
  say(`    CPU: collect ${seconds(m.cpuPhases.collect)}, whole scan ${seconds(m.cpuPhases.total)}`);
  say(`    Graph: ${int(m.stats.requests)} HTTP requests (${int(m.stats.subRequests)} sub-requests in ${int(m.stats.batches)} $batch), ${(m.stats.requests / m.users).toFixed(3)} requests per user, ${int(m.stats.subRequests + m.stats.requests - m.stats.batches)} Graph calls; 429s: ${m.stats.throttled} seen by the scan, ${simulatorThrottled} sent by the simulator; retries ${m.stats.retries}`);
  say(`    peak RSS ${mb(m.maxRssBytes)} (after collect ${mb(m.maxRssAfter.collect)}, judge ${mb(m.maxRssAfter.judge)}, report ${mb(m.maxRssAfter.report)}, render ${mb(m.maxRssAfter.render)})`);
  return { label, users: m.users, run, bound, simulatorThrottled };
}

function printBound(scan: GraphScan): void {
  const { bound } = scan;
  say(`    throttle lower bound (requests in scope / limit x window, x time scale ${SETTINGS.timeScale}):`);
  for (const s of bound.scopes.filter((x) => x.requests > 0)) {
    say(`      ${s.scope.padEnd(28)} ${String(s.requests).padStart(7)} / ${s.limit} per ${s.windowMs / 1000} s -> ${seconds(s.graphMs * SETTINGS.timeScale).padStart(8)}`);
  }
  const collect = scan.run.result.phases.collect;
  say(`    bound = ${seconds(bound.boundMs)} (${bound.binding.scope}); strict bound for a client that never draws a 429 = ${seconds(bound.strictBoundMs)}`);
  say(`    collect wall / bound = ${ratio(collect / bound.boundMs)}; / strict bound = ${ratio(collect / bound.strictBoundMs)}; whole scan / bound = ${ratio(scan.run.result.phases.total / bound.boundMs)}`);
}

interface PdfRuns {
  processMs: number[];
  pipelineMs: number[];
  /** The throttle lower bound of each run's own Graph calls (a user's reports calls can need a second window). */
  boundMs: number[];
  user: string;
  timeScale: number;
}

async function singleUserPdf(sim: SimProcess, timeScale: number, label: string): Promise<PdfRuns> {
  const user = sim.ready.attacked[0];
  const processMs: number[] = [];
  const pipelineMs: number[] = [];
  const boundMs: number[] = [];
  for (let i = 0; i < SETTINGS.pdfRuns; i++) {
    await settle(timeScale);
    await sim.reset();
    const run = await runScanProcess({
      sim: sim.ready,
      timeScale,
      targets: { mode: "users", users: [user] },
      strategy: "auto",
      windowHours: 7 * 24,
      config: {},
      formats: ["json", "pdf"],
      outDir: join(OUT, `single-user-${label}-${i + 1}`),
    });
    const { counts, busiestMailbox } = await sim.counts();
    const bound = throttleBound(counts, timeScale, SETTINGS.latencyMs, busiestMailbox);
    processMs.push(run.processMs);
    pipelineMs.push(run.result.phases.total);
    boundMs.push(bound.boundMs);
    const p = run.result.phases;
    say(
      `    run ${i + 1}: ${seconds(run.processMs)} from process start to exit; pipeline ${seconds(p.total)} (setup ${seconds(p.launch)}, collect ${seconds(p.collect)} with the browser launching alongside, judge ${seconds(p.judge)}, render ${seconds(p.render)}, close ${seconds(p.close)}); ` +
        `${run.result.stats.requests} Graph requests (${bound.binding.requests} ${bound.binding.scope}: throttle bound ${seconds(bound.boundMs)}), ${run.result.stats.throttled} 429s`,
    );
  }
  return { processMs, pipelineMs, boundMs, user, timeScale };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const host = machine();
  const started = Date.now();
  say("phishtrail benchmark");
  say(`machine: ${host.cpus} CPUs (${host.cpuModel}), ${mb(host.memoryBytes)} memory, node ${host.node}, load average ${host.loadAverageAtStart.join(" ")}`);
  say(
    `simulator: Graph's published limits at time scale ${SETTINGS.timeScale} (a 10 s window lasts ${seconds(REPORTS_WINDOW_MS * SETTINGS.timeScale)}), ${SETTINGS.latencyMs} ms added to every response; ` +
      `demo tenants with ${SETTINGS.historyDays} days of history, ${SETTINGS.signInsPerUserPerDay} sign-ins per user per day`,
  );
  say();

  say(`[1] tenant-wide scan, ${int(SETTINGS.largeUsers)}-user tenant, 24 h window (formats json,csv), then single-user PDF scans against the same tenant`);
  const { large, pdf } = await withSimulator(SETTINGS.largeUsers, async (sim) => {
    const large = await graphScan(sim, "phishtrail tenant-wide", {
      targets: { mode: "all" },
      strategy: "auto",
      windowHours: 24,
      config: { scan: { baselineDays: SETTINGS.historyDays - 1 } },
      formats: ["json", "csv"],
      outDir: join(OUT, "tenant-wide-large"),
    });
    printBound(large);
    say(`  single-user on-demand scan to report.pdf (${sim.ready.attacked[0]}, 7 d window, strategy auto), ${SETTINGS.pdfRuns} runs:`);
    const pdf = await singleUserPdf(sim, SETTINGS.timeScale, "large");
    return { large, pdf };
  });
  say();

  say(`[2] tenant-wide scan, ${int(SETTINGS.mediumUsers)}-user tenant (peak RSS at the smaller size)`);
  const medium = await withSimulator(SETTINGS.mediumUsers, (sim) =>
    graphScan(sim, "phishtrail tenant-wide", {
      targets: { mode: "all" },
      strategy: "auto",
      windowHours: 24,
      config: { scan: { baselineDays: SETTINGS.historyDays - 1 } },
      formats: ["json", "csv"],
      outDir: join(OUT, "tenant-wide-medium"),
    }),
  );
  printBound(medium);
  say();

  say(`[3] the same tenant-wide scan forced per-user (as per-user tools collect), ${int(SETTINGS.perUserUsers)}-user tenant`);
  say(
    `  Per-user collection of ${int(SETTINGS.largeUsers)} users would take hours even scaled (about six reports calls per user at 5 per 10 s), ` +
      `so it is measured on a ${int(SETTINGS.perUserUsers)}-user tenant and extrapolated linearly to the large tenant's scanned users: each user costs the same calls whatever the tenant size.`,
  );
  const { bulkSlice, perUser } = await withSimulator(SETTINGS.perUserUsers, async (sim) => {
    const job = { targets: { mode: "all" as const }, windowHours: 24, config: { scan: { baselineDays: SETTINGS.historyDays - 1 } }, formats: ["json", "csv"] as ScanJob["formats"] };
    const bulkSlice = await graphScan(sim, "phishtrail tenant-wide", { ...job, strategy: "auto", outDir: join(OUT, "tenant-wide-slice") });
    const perUser = await graphScan(sim, "per-user", { ...job, strategy: "per-user", outDir: join(OUT, "per-user-slice") });
    printBound(perUser);
    return { bulkSlice, perUser };
  });
  say();

  say(`[4] single-user on-demand scan to report.pdf at the demo's time scale ${SETTINGS.demoTimeScale} (what \`phishtrail scan --demo --user ... --format pdf\` waits for Graph's budgets), ${int(SETTINGS.mediumUsers)}-user tenant`);
  const demoPdf = await withSimulator(SETTINGS.mediumUsers, (sim) => singleUserPdf(sim, SETTINGS.demoTimeScale, "demo"), SETTINGS.demoTimeScale);
  say();

  say(`[5] sign-in rule evaluation, one core, ${int(SETTINGS.rulesUsers)}-user demo tenant's evidence (collection not timed)`);
  const rules: ChildRun<RulesMeasure> = await runRulesProcess({ demo: { users: SETTINGS.rulesUsers, historyDays: SETTINGS.historyDays, signInsPerUserPerDay: SETTINGS.signInsPerUserPerDay }, minCpuMs: SETTINGS.rulesCpuMs });
  const r = rules.result;
  say(`  ${r.rules.length} sign-in rules over ${int(r.users)} users (${int(r.signInsPerPass)} window sign-ins per pass), ${r.passes} passes in ${seconds(r.cpuMs)} CPU: ${int(r.signInsPerCpuSecond)} sign-ins/s`);
  say();

  const largeM = large.run.result;
  const perUserM = perUser.run.result;
  const factor = large.users / perUser.users;
  const perUserRequests = perUserM.stats.requests * factor;
  const perUserWall = perUserM.phases.collect * factor;
  const summary = {
    tenantWide: {
      users: large.users,
      collectWallMs: largeM.phases.collect,
      scanWallMs: largeM.phases.total,
      requests: largeM.stats.requests,
      graphCalls: largeM.stats.requests + largeM.stats.subRequests - largeM.stats.batches,
      requestsPerUser: largeM.stats.requests / large.users,
      throttled: largeM.stats.throttled,
      simulatorThrottled: large.simulatorThrottled,
      boundMs: large.bound.boundMs,
      strictBoundMs: large.bound.strictBoundMs,
      collectOverBound: largeM.phases.collect / large.bound.boundMs,
      collectOverStrictBound: largeM.phases.collect / large.bound.strictBoundMs,
      scanOverBound: largeM.phases.total / large.bound.boundMs,
    },
    perUser: {
      extrapolationFactor: factor,
      measuredUsers: perUser.users,
      measuredRequests: perUserM.stats.requests,
      measuredCollectWallMs: perUserM.phases.collect,
      measuredThrottled: perUserM.stats.throttled,
      extrapolatedRequests: perUserRequests,
      extrapolatedCollectWallMs: perUserWall,
      requestRatio: perUserRequests / largeM.stats.requests,
      wallRatio: perUserWall / largeM.phases.collect,
      sameSizeRequestRatio: perUserM.stats.requests / bulkSlice.run.result.stats.requests,
      sameSizeWallRatio: perUserM.phases.collect / bulkSlice.run.result.phases.collect,
    },
    peakRss: { medium: { users: medium.users, bytes: medium.run.result.maxRssBytes }, large: { users: large.users, bytes: largeM.maxRssBytes } },
    singleUserPdf: [pdf, demoPdf].map((runs) => ({ ...runs, medianProcessMs: median(runs.processMs), medianPipelineMs: median(runs.pipelineMs), medianBoundMs: median(runs.boundMs) })),
    rules: { signInsPerCpuSecond: r.signInsPerCpuSecond, signInsPerPass: r.signInsPerPass, passes: r.passes, cpuMs: r.cpuMs },
  };

  const rssGrowth = summary.peakRss.large.bytes / summary.peakRss.medium.bytes;
  const userGrowth = large.users / medium.users;
  const rows: Array<[string, string, string, boolean]> = [
    [`tenant-wide scan wall (collection), ${int(large.users)} users`, `${seconds(largeM.phases.total)} (${seconds(largeM.phases.collect)})`, "", true],
    ["throttle lower bound (strict)", `${seconds(large.bound.boundMs)} (${seconds(large.bound.strictBoundMs)})`, "", true],
    ["whole scan wall / bound", ratio(summary.tenantWide.scanOverBound), "<= 1.2x", summary.tenantWide.scanOverBound <= 1.2],
    ["collection wall / bound (strict)", `${ratio(summary.tenantWide.collectOverBound)} (${ratio(summary.tenantWide.collectOverStrictBound)})`, "<= 1.2x", summary.tenantWide.collectOverBound <= 1.2],
    ["Graph requests (per user)", `${int(largeM.stats.requests)} (${summary.tenantWide.requestsPerUser.toFixed(3)})`, "", true],
    ["429s in a clean run (scan / simulator)", `${largeM.stats.throttled} / ${large.simulatorThrottled}`, "0", largeM.stats.throttled === 0 && large.simulatorThrottled === 0],
    [`per-user / phishtrail requests (per-user x${factor.toFixed(1)})`, ratio(summary.perUser.requestRatio), ">= 20x", summary.perUser.requestRatio >= 20],
    [`per-user / phishtrail wall (per-user x${factor.toFixed(1)})`, ratio(summary.perUser.wallRatio), ">= 10x", summary.perUser.wallRatio >= 10],
    [`peak RSS, ${int(medium.users)} users`, mb(summary.peakRss.medium.bytes), "", true],
    [`peak RSS, ${int(large.users)} users`, mb(summary.peakRss.large.bytes), "<= 512 MB", summary.peakRss.large.bytes <= 512e6],
    ["RSS growth for user growth", `${ratio(rssGrowth)} for ${ratio(userGrowth)}`, "clearly < user growth", rssGrowth < userGrowth / 2],
    ...summary.singleUserPdf.map(
      (p): [string, string, string, boolean] => [
        `single-user PDF at scale ${p.timeScale}, median of ${SETTINGS.pdfRuns} (process / pipeline; its throttle bound)`,
        `${seconds(p.medianProcessMs)} / ${seconds(p.medianPipelineMs)}; ${seconds(p.medianBoundMs)}`,
        "<= 3 s",
        p.medianProcessMs <= 3000,
      ],
    ),
    ["sign-in rules, one core", `${int(r.signInsPerCpuSecond)} sign-ins/s`, ">= 100,000/s", r.signInsPerCpuSecond >= 100_000],
  ];
  say("results");
  const width = Math.max(...rows.map((row) => row[0].length));
  for (const [name, value, target, met] of rows) say(`  ${name.padEnd(width)}  ${value.padEnd(24)} ${target ? `${target.padEnd(22)} ${met ? "met" : "MISSED"}` : ""}`);
  say(`  (per-user measured on ${int(perUser.users)} users: ${int(perUserM.stats.requests)} requests, ${seconds(perUserM.phases.collect)}; phishtrail on the same tenant: ${int(bulkSlice.run.result.stats.requests)} requests, ${seconds(bulkSlice.run.result.phases.collect)})`);
  say(`benchmark took ${seconds(Date.now() - started)}; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);

  const results = {
    date: new Date().toISOString(),
    machine: { ...host, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))) },
    settings: SETTINGS,
    summary,
    scans: Object.fromEntries(
      [large, medium, bulkSlice, perUser].map((s, i) => [
        ["tenantWideLarge", "tenantWideMedium", "tenantWideSlice", "perUserSlice"][i],
        { users: s.users, measure: s.run.result, processMs: s.run.processMs, bound: s.bound, simulatorThrottled: s.simulatorThrottled },
      ]),
    ),
    rules: r,
  };
  writeFileSync(join(OUT, "benchmark.json"), `${JSON.stringify(results, null, 2)}\n`);
  say(`results written to ${join(OUT, "benchmark.json")}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
