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
import { createPdfRenderer, locateChromium, type PdfRenderer } from "../render/pdf.js";
import type { ResolvedRule } from "../rules/index.js";
import { summaryLine } from "../render/terminal.js";
import type { NightlySession } from "../state/nightly.js";
import { openDataSource, type SourceRequest } from "./data-source.js";
import { containmentFromProfile, containmentHistoryReader } from "../contain/history.js";
import { judge } from "./judge.js";
import { createOutDir } from "./output-dir.js";
import { tenantGapWarnings } from "./tenant-gaps.js";
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
  /** Where the summary line goes (default process.stdout); lets several scans run in one process. */
  stdout?: { write(text: string): unknown };
  /**
   * Nightly mode: the opened (and locked) state. It picks the window, lends its baselines and
   * acknowledgements to the judgement, tracks incidents in the report, and is committed once the
   * reports are written. The caller closes it.
   */
  nightly?: NightlySession;
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
  const window = plan.nightly ? plan.nightly.windowFor(now, windowFor(plan, now)) : windowFor(plan, now);
  let gateway: GraphGateway | undefined;
  let pdf: PdfRenderer | undefined;
  let launching: Promise<PdfRenderer> | undefined;
  const progress = createProgress({ enabled: plan.progress });
  try {
    const settings = resolveGraphSettings(plan.config, source.env);
    registerSecret(source.env.AZURE_CLIENT_SECRET);
    gateway = createGraphGateway(settings, { timeScale: source.timeScale, caCertPem: source.caCertPem });
    // Found before any Graph work, so a missing browser fails the run before it spends the budget;
    // launched while the evidence is collected, so a one-user PDF does not wait for it.
    if (plan.formats.includes("pdf")) {
      const chromiumPath = locateChromium(plan.config.report.chromiumPath || undefined);
      launching = createPdfRenderer({ chromiumPath, paper: plan.config.report.paper });
      launching.catch(() => undefined); // awaited before rendering, or at the end
    }
    createOutDir(plan.outDir);
    logger.info(`phishtrail: scanning ${plan.targets.mode === "all" ? "all users" : `${plan.targets.users.length} user(s)`} (${source.kind}), window ${window.from} .. ${window.to}`);

    const collected: CollectionResult = await collect(gateway, {
      targets: plan.targets,
      window,
      strategy: plan.strategy,
      config: plan.config,
      evidenceDir: `${plan.outDir}/evidence`,
      onProgress: (p) => progress.update(p.phase, p.done, p.total),
    });
    progress.done();
    const collection = plan.nightly ? nightlyEvidence(plan.nightly, collected) : collected;

    const judged = judge(collection, plan.rules, plan.config, now, window, plan.nightly?.suppressor(now));
    const historyOf = containmentHistoryReader(plan.config.scan.outputDir);
    for (const user of judged.users) {
      user.containmentHistory = [
        ...historyOf(user.evidence.user),
        ...containmentFromProfile(user.evidence.user, window),
      ].sort((a, b) => a.time.localeCompare(b.time));
    }
    const tenantGaps = tenantGapWarnings(collection.tenant);
    const finishedAt = new Date();
    const built = buildReport({
      toolVersion: plan.toolVersion,
      run: {
        id: plan.nightly?.runId ?? randomUUID(),
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
        warnings: [...tenantGaps, ...collection.warnings, ...judged.warnings],
      },
      window,
      users: judged.users,
      tenantFindings: judged.tenantFindings,
      patterns: judged.patterns,
      rules: judged.rules,
      config: plan.config,
      tenantGaps,
    });
    const report = plan.nightly ? plan.nightly.trackIncidents(built, collection.users) : built;

    pdf = await launching;
    const written = await renderReports(report, {
      formats: plan.formats,
      outDir: plan.outDir,
      templatesDir: plan.templatesDir,
      pdf,
      csv: plan.config.report.csv,
    });
    if (plan.nightly) commitNightly(plan.nightly, report, collection, logger);
    (plan.stdout ?? process.stdout).write(`${summaryLine(report, plan.outDir)}\n`);
    const failOn = plan.failOn;
    const reached = failOn !== null && report.users.some((u) => levelAtLeast(u.riskLevel, failOn));
    return { exitCode: reached ? ExitCode.failOnReached : ExitCode.ok, report, outDir: plan.outDir, written, groundTruth: source.groundTruth };
  } finally {
    progress.done();
    pdf ??= await launching?.catch(() => undefined);
    await pdf?.close();
    await gateway?.close();
    await source.close();
  }
}

/** The collected evidence judged against the stored baselines, once the state is known to be this tenant's. */
function nightlyEvidence(nightly: NightlySession, collection: CollectionResult): CollectionResult {
  if (collection.tenant.organization.status === "ok") nightly.checkTenant(collection.tenant.organization.value.id);
  return { ...collection, users: nightly.withStoredBaselines(collection.users) };
}

/** After the reports are written: a run that dies before this leaves the state as it was. */
function commitNightly(nightly: NightlySession, report: Report, collection: CollectionResult, logger: Logger): void {
  nightly.commit(report, collection.users);
  const c = nightly.counts();
  logger.info(
    `nightly: ${c.new} new, ${c.escalated} escalated, ${c.continuing} continuing, ${c.suppressed} acknowledged, ${c.resolved} resolved incident(s); state ${nightly.statePath}`,
  );
  for (const note of nightly.notes()) logger.info(`  ${note}`);
}
