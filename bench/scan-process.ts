/**
 * Child process of the benchmark: one scan, as `phishtrail scan` runs it (resolve, collect with the
 * evidence snapshot, judge, build the report, render the formats), against a simulator running in
 * another process. It mirrors runScan step for step; runScan itself cannot be used because a
 * "graph" source always budgets at time scale 1. Reports its phases, counters and peak RSS.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { collect, type CollectionResult } from "../src/collect/collect.js";
import type { TargetSpec } from "../src/collect/targets.js";
import { parseConfig } from "../src/config/load-config.js";
import type { ConfigInput } from "../src/config/schema.js";
import { createGraphGateway } from "../src/graph/gateway.js";
import { resolveGraphSettings } from "../src/graph/settings.js";
import { TEMPLATES_DIR, TOOL_VERSION } from "../src/lib/package-info.js";
import { DAY_MS, isoMinute } from "../src/lib/time.js";
import { renderReports, type ReportFormat } from "../src/render/index.js";
import { createPdfRenderer, type PdfRenderer } from "../src/render/pdf.js";
import { buildReport } from "../src/report/build-report.js";
import { resolveRules } from "../src/rules/index.js";
import { judge } from "../src/scan/judge.js";
import { createOutDir } from "../src/scan/output-dir.js";
import { tenantGapWarnings } from "../src/scan/tenant-gaps.js";
import type { SimReady } from "./sim-process.js";

export interface ScanJob {
  sim: SimReady;
  timeScale: number;
  targets: TargetSpec;
  strategy: "auto" | "per-user" | "bulk";
  windowHours: number;
  config: ConfigInput;
  formats: ReportFormat[];
  outDir: string;
}

export interface Phases {
  collect: number;
  judge: number;
  report: number;
  render: number;
  total: number;
}

export interface ScanMeasure {
  type: "done";
  /** Wall milliseconds of each phase, and of the whole pipeline. */
  phases: Phases;
  /** CPU milliseconds (user + system) of each phase. */
  cpuPhases: Phases;
  strategy: string;
  users: number;
  stats: CollectionResult["stats"];
  plan: CollectionResult["plan"]["estimates"];
  /** Peak resident set size of this process, bytes. */
  maxRssBytes: number;
  /** Peak RSS so far at the end of each phase, bytes (which phase set the peak). */
  maxRssAfter: Phases;
  cpuMs: { user: number; system: number };
  written: string[];
}

/** resourceUsage().maxRSS is in kilobytes. */
const maxRss = () => process.resourceUsage().maxRSS * 1024;

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function scan(job: ScanJob): Promise<ScanMeasure> {
  const began = performance.now();
  const cpuBegan = cpuMs();
  const config = parseConfig(job.config, "benchmark config");
  const rules = resolveRules(config, "benchmark config");
  const env = {
    AZURE_TENANT_ID: job.sim.tenantId,
    AZURE_CLIENT_ID: job.sim.clientId,
    AZURE_CLIENT_SECRET: job.sim.clientSecret,
    AZURE_AUTHORITY_HOST: job.sim.authorityHost,
    PHISHTRAIL_GRAPH_URL: job.sim.baseUrl,
  };
  const now = new Date(job.sim.capturedAt);
  const from = new Date(now.getTime() - job.windowHours * 3_600_000);
  const window = { from: isoMinute(from), to: isoMinute(now), baselineFrom: isoMinute(new Date(from.getTime() - config.scan.baselineDays * DAY_MS)) };
  const gateway = createGraphGateway(resolveGraphSettings(config, env), { timeScale: job.timeScale, caCertPem: job.sim.caCertPem });
  let pdf: PdfRenderer | undefined;
  try {
    // As runScan: the browser starts before any Graph work.
    if (job.formats.includes("pdf")) pdf = await createPdfRenderer({ chromiumPath: config.report.chromiumPath || undefined, paper: config.report.paper });
    createOutDir(job.outDir);
    const collectStart = performance.now();
    const collectCpu = cpuMs();
    phase = "collect";
    const collection = await collect(gateway, { targets: job.targets, window, strategy: job.strategy, config, evidenceDir: join(job.outDir, "evidence") });
    if (process.env.BENCH_HEAPSNAP) (await import("node:v8")).writeHeapSnapshot(process.env.BENCH_HEAPSNAP);
    const judgeStart = performance.now();
    const judgeCpu = cpuMs();
    const judgeRss = maxRss();
    phase = "judge";
    const judged = judge(collection, rules, config, now, window);
    const reportStart = performance.now();
    const reportCpu = cpuMs();
    const reportRss = maxRss();
    phase = "report";
    const organization = collection.tenant.organization.status === "ok" ? collection.tenant.organization.value : undefined;
    const report = buildReport({
      toolVersion: TOOL_VERSION,
      run: {
        id: randomUUID(),
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
        now: now.toISOString(),
        window: { from: window.from, to: window.to },
        baselineFrom: window.baselineFrom,
        source: "graph",
        tenant: { id: organization?.id ?? "", displayName: organization?.displayName ?? "" },
        strategy: collection.strategy,
        targets: { mode: job.targets.mode, requested: job.targets.mode === "all" ? collection.users.length : job.targets.users.length },
        graph: { requests: collection.stats.requests, throttled: collection.stats.throttled, retries: collection.stats.retries, batches: collection.stats.batches },
        durationMs: 0,
        warnings: [...tenantGapWarnings(collection.tenant), ...collection.warnings, ...judged.warnings],
      },
      window,
      users: judged.users,
      tenantFindings: judged.tenantFindings,
      patterns: judged.patterns,
      rules: judged.rules,
      config,
    });
    const renderStart = performance.now();
    const renderCpu = cpuMs();
    const renderRss = maxRss();
    phase = "render";
    const written = await renderReports(report, { formats: job.formats, outDir: job.outDir, templatesDir: TEMPLATES_DIR, pdf, csv: config.report.csv });
    const end = performance.now();
    const endCpu = cpuMs();
    const endRss = maxRss();
    const cpu = process.cpuUsage();
    return {
      type: "done",
      phases: { collect: judgeStart - collectStart, judge: reportStart - judgeStart, report: renderStart - reportStart, render: end - renderStart, total: end - began },
      cpuPhases: { collect: judgeCpu - collectCpu, judge: reportCpu - judgeCpu, report: renderCpu - reportCpu, render: endCpu - renderCpu, total: endCpu - cpuBegan },
      strategy: collection.strategy,
      users: collection.users.length,
      stats: collection.stats,
      plan: collection.plan.estimates,
      maxRssBytes: endRss,
      maxRssAfter: { collect: judgeRss, judge: reportRss, report: renderRss, render: endRss, total: endRss },
      cpuMs: { user: cpu.user / 1000, system: cpu.system / 1000 },
      written,
    };
  } finally {
    await pdf?.close();
    await gateway.close();
  }
}

let phase = "start";
if (process.env.BENCH_MEMLOG) {
  const began = Date.now();
  setInterval(() => {
    const m = process.memoryUsage();
    console.error(`mem ${phase} t=${((Date.now() - began) / 1000).toFixed(0)}s rss=${(m.rss / 1e6).toFixed(0)} heap=${(m.heapUsed / 1e6).toFixed(0)} ext=${(m.external / 1e6).toFixed(0)} ab=${(m.arrayBuffers / 1e6).toFixed(0)}`);
  }, Number(process.env.BENCH_MEMLOG)).unref();
}

process.once("message", (job: ScanJob) => {
  scan(job).then(
    (measure) => process.send?.(measure, () => process.exit(0)),
    (error: unknown) => process.send?.({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
});
