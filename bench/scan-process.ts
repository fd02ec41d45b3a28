/**
 * Child process of the benchmark: one scan, as `phishtrail scan` runs it (find the browser and
 * launch it in the background when a PDF is wanted, resolve and collect with the evidence snapshot,
 * judge, build the report, render the formats, close), against a simulator in another process. It mirrors runScan step
 * for step; runScan itself cannot be used because a "graph" source always budgets at time scale 1.
 * Reports wall and CPU time per phase, Graph counters and peak RSS.
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
import { createPdfRenderer, locateChromium, type PdfRenderer } from "../src/render/pdf.js";
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

/** Setup, collection, judgement, report model, rendering (waiting for the browser first), closing; and the whole. */
export interface Phases {
  launch: number;
  collect: number;
  judge: number;
  report: number;
  render: number;
  close: number;
  total: number;
}

export interface ScanMeasure {
  type: "done";
  /** Wall milliseconds. */
  phases: Phases;
  /** CPU milliseconds (user + system). */
  cpuPhases: Phases;
  /** Peak RSS so far at the end of each phase, bytes: shows which phase set the peak. */
  maxRssAfter: Phases;
  /** Peak resident set size of this process, bytes. */
  maxRssBytes: number;
  strategy: string;
  users: number;
  stats: CollectionResult["stats"];
  plan: CollectionResult["plan"]["estimates"];
  written: string[];
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
/** resourceUsage().maxRSS is in kilobytes. */
const maxRss = () => process.resourceUsage().maxRSS * 1024;

/** Marks phase boundaries: wall, CPU and peak RSS at each. */
class PhaseClock {
  readonly #marks: Array<{ wall: number; cpu: number; rss: number }> = [];

  mark(): void {
    this.#marks.push({ wall: performance.now(), cpu: cpuMs(), rss: maxRss() });
    if (process.env.BENCH_TRACE) {
      const m = process.memoryUsage();
      process.stderr.write(`memory at mark ${this.#marks.length}: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})\n`);
    }
  }

  phases(pick: (m: { wall: number; cpu: number; rss: number }) => number, delta: boolean): Phases {
    const at = this.#marks.map(pick);
    const span = (i: number) => (delta ? at[i + 1] - at[i] : at[i + 1]);
    return { launch: span(0), collect: span(1), judge: span(2), report: span(3), render: span(4), close: span(5), total: delta ? at[6] - at[0] : at[6] };
  }
}

/** BENCH_TRACE=1 prints each collection phase's progress as it changes, with the time since the start. */
function trace(): ((p: { phase: string; done: number; total: number }) => void) | undefined {
  if (!process.env.BENCH_TRACE) return undefined;
  const began = performance.now();
  let last = "";
  return ({ phase, done, total }) => {
    const line = `${phase} ${done}/${total}`;
    if (phase === last.split(" ")[0] && done !== total && done % Math.max(1, Math.round(total / 10)) !== 0) return;
    last = line;
    process.stderr.write(`trace ${((performance.now() - began) / 1000).toFixed(2)}s ${line}\n`);
  };
}

async function scan(job: ScanJob): Promise<ScanMeasure> {
  const clock = new PhaseClock();
  clock.mark();
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
  let launching: Promise<PdfRenderer> | undefined;
  let done: Omit<ScanMeasure, "phases" | "cpuPhases" | "maxRssAfter" | "maxRssBytes">;
  try {
    // As runScan: the browser is found before any Graph work and launched while collecting.
    if (job.formats.includes("pdf")) {
      launching = createPdfRenderer({ chromiumPath: locateChromium(config.report.chromiumPath || undefined), paper: config.report.paper });
      launching.catch(() => undefined);
    }
    createOutDir(job.outDir);
    clock.mark();
    const collection = await collect(gateway, { targets: job.targets, window, strategy: job.strategy, config, evidenceDir: join(job.outDir, "evidence"), onProgress: trace() });
    clock.mark();
    const judged = judge(collection, rules, config, now, window);
    clock.mark();
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
    clock.mark();
    pdf = await launching;
    const written = await renderReports(report, { formats: job.formats, outDir: job.outDir, templatesDir: TEMPLATES_DIR, pdf, csv: config.report.csv });
    clock.mark();
    done = { type: "done", strategy: collection.strategy, users: collection.users.length, stats: collection.stats, plan: collection.plan.estimates, written };
  } finally {
    pdf ??= await launching?.catch(() => undefined);
    await pdf?.close();
    await gateway.close();
  }
  clock.mark();
  return {
    ...done,
    phases: clock.phases((m) => m.wall, true),
    cpuPhases: clock.phases((m) => m.cpu, true),
    maxRssAfter: clock.phases((m) => m.rss, false),
    maxRssBytes: maxRss(),
  };
}

process.once("message", (job: ScanJob) => {
  scan(job).then(
    (measure) => process.send?.(measure, () => process.exit(0)),
    (error: unknown) => process.send?.({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
});
