import { randomUUID } from "node:crypto";
import { collect, type CollectionResult } from "../collect/collect.js";
import type { InvestigationWindow } from "../collect/evidence.js";
import type { Config } from "../config/schema.js";
import { createGraphGateway, type GraphGateway } from "../graph/gateway.js";
import { resolveGraphSettings } from "../graph/settings.js";
import { ExitCode, type ExitCodeValue } from "../lib/errors.js";
import type { Logger } from "../lib/log.js";
import { registerSecret } from "../lib/log.js";
import { createProgress } from "../lib/progress.js";
import { DAY_MS, isoMinute } from "../lib/time.js";
import { buildReport, levelAtLeast } from "../report/build-report.js";
import type { Report, RiskLevel } from "../report/types.js";
import { renderReports, type ReportFormat } from "../render/index.js";
import { createPdfRenderer, type PdfRenderer } from "../render/pdf.js";
import type { ResolvedRule } from "../rules/index.js";
import { summaryLine } from "../render/terminal.js";
import { openDataSource, type SourceRequest } from "./data-source.js";
import { judge } from "./judge.js";
import { createOutDir } from "./output-dir.js";
import type { Targets } from "./targets.js";

export interface ScanPlan {
  config: Config;
  targets: Targets;
  source: SourceRequest;
  /** Fixed "now" (from --now); otherwise the snapshot's capturedAt or the clock. */
  now?: Date;
  /** Window start resolver, applied once "now" is known. */
  windowFrom: (now: Date) => Date;
  formats: ReportFormat[];
  rules: readonly ResolvedRule[];
  outDir: string;
  strategy: "auto" | "per-user" | "bulk";
  failOn: RiskLevel | null;
  progress: boolean;
  templatesDir: string;
  toolVersion: string;
}

export interface ScanResult {
  exitCode: ExitCodeValue;
  report: Report;
  outDir: string;
  written: string[];
  groundTruth?: unknown;
}

function windowFor(plan: ScanPlan, now: Date): InvestigationWindow {
  const from = plan.windowFrom(now);
  return {
    from: isoMinute(from),
    to: isoMinute(now),
    baselineFrom: isoMinute(new Date(from.getTime() - plan.config.scan.baselineDays * DAY_MS)),
  };
}

/**
 * The scan pipeline, one direction: collect -> derive -> evaluate -> score -> report -> render.
 * Inputs are validated by the caller before this runs, so a bad input never leaves files behind.
 */
export async function runScan(plan: ScanPlan, env: NodeJS.ProcessEnv, logger: Logger): Promise<ScanResult> {
  const startedAt = new Date();
  const clockNow = plan.now ?? startedAt;
  const source = await openDataSource(plan.source, plan.config, env, clockNow);
  const now = plan.now ?? (source.capturedAt && plan.source.kind === "snapshot" ? new Date(source.capturedAt) : startedAt);
  const window = windowFor(plan, now);
  let gateway: GraphGateway | undefined;
  let pdf: PdfRenderer | undefined;
  const progress = createProgress({ enabled: plan.progress });
  try {
    const settings = resolveGraphSettings(plan.config, source.env);
    registerSecret(source.env.AZURE_CLIENT_SECRET);
    gateway = createGraphGateway(settings, { timeScale: source.timeScale, caCertPem: source.caCertPem });
    // Started before any Graph work: a missing browser fails the run before it spends the budget.
    if (plan.formats.includes("pdf")) {
      pdf = await createPdfRenderer({ chromiumPath: plan.config.report.chromiumPath || undefined, paper: plan.config.report.paper });
    }
    createOutDir(plan.outDir);
    logger.info(`phishtrail: scanning ${plan.targets.mode === "all" ? "all users" : `${plan.targets.users.length} user(s)`} (${source.kind}), window ${window.from} .. ${window.to}`);

    const collection: CollectionResult = await collect(gateway, {
      targets: plan.targets,
      window,
      strategy: plan.strategy,
      config: plan.config,
      evidenceDir: `${plan.outDir}/evidence`,
      onProgress: (p) => progress.update(p.phase, p.done, p.total),
    });
    progress.done();

    const judged = judge(collection, plan.rules, plan.config, now, window);
    const finishedAt = new Date();
    const report = buildReport({
      toolVersion: plan.toolVersion,
      run: {
        id: randomUUID(),
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        now: now.toISOString(),
        window: { from: window.from, to: window.to },
        baselineFrom: window.baselineFrom,
        source: source.kind,
        tenant: {
          id: collection.tenant.organization.status === "ok" ? collection.tenant.organization.value.id : "",
          displayName: collection.tenant.organization.status === "ok" ? collection.tenant.organization.value.displayName : "",
        },
        strategy: collection.strategy,
        targets: { mode: plan.targets.mode, requested: plan.targets.mode === "all" ? collection.users.length : plan.targets.users.length },
        graph: {
          requests: collection.stats.requests,
          throttled: collection.stats.throttled,
          retries: collection.stats.retries,
          batches: collection.stats.batches,
        },
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        warnings: [...collection.warnings, ...judged.warnings],
      },
      window,
      users: judged.users,
      tenantFindings: judged.tenantFindings,
      patterns: judged.patterns,
      rules: judged.rules,
      config: plan.config,
    });

    const written = await renderReports(report, {
      formats: plan.formats,
      outDir: plan.outDir,
      templatesDir: plan.templatesDir,
      pdf,
      csv: plan.config.report.csv,
    });
    process.stdout.write(`${summaryLine(report, plan.outDir)}\n`);
    const failOn = plan.failOn;
    const reached = failOn !== null && report.users.some((u) => levelAtLeast(u.riskLevel, failOn));
    return { exitCode: reached ? ExitCode.failOnReached : ExitCode.ok, report, outDir: plan.outDir, written, groundTruth: source.groundTruth };
  } finally {
    progress.done();
    await pdf?.close();
    await gateway?.close();
    await source.close();
  }
}
