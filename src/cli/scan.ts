import { Command, Option } from "commander";
import { loadConfig } from "../config/load-config.js";
import { InputError } from "../lib/errors.js";
import { createLogger } from "../lib/log.js";
import { TEMPLATES_DIR, TOOL_VERSION } from "../lib/package-info.js";
import { parseIsoDate, resolveSince } from "../lib/time.js";
import type { ReportFormat } from "../render/index.js";
import type { RiskLevel } from "../report/types.js";
import { resolveRules } from "../rules/index.js";
import type { SourceRequest } from "../scan/data-source.js";
import { checkOutDir, newRunFolder } from "../scan/output-dir.js";
import { runScan } from "../scan/run-scan.js";
import { resolveTargets } from "../scan/targets.js";
import { loadSnapshotFile } from "../simulator/snapshot-file.js";
import { NightlySession } from "../state/nightly.js";
import { chooseWindow } from "../state/request.js";
import { parseIntegerOption, collectRepeatable } from "./options.js";

const FORMATS: readonly ReportFormat[] = ["html", "pdf", "csv", "json"];
const LEVELS: RiskLevel[] = ["none", "low", "medium", "high", "critical"];

interface ScanFlags {
  user?: string[];
  usersFile?: string;
  all?: boolean;
  tenantSnapshot?: string;
  demo?: boolean;
  demoUsers?: number;
  seed?: number;
  since?: string;
  now?: string;
  format?: string;
  out?: string;
  strategy?: "auto" | "per-user" | "bulk";
  state?: string;
  config?: string;
  concurrency?: number;
  failOn?: RiskLevel;
  quiet?: boolean;
  progress: boolean;
}

function parseFormats(text: string | undefined, fallback: readonly string[]): ReportFormat[] {
  const list = text === undefined ? fallback : text.split(",").map((f) => f.trim().toLowerCase()).filter(Boolean);
  const formats: ReportFormat[] = ["json"];
  for (const f of list) {
    const format = FORMATS.find((known) => known === f);
    if (!format) throw new InputError(`--format: unknown format "${f}" (use any of ${FORMATS.join(",")})`, "BAD_ARGS");
    if (!formats.includes(format)) formats.push(format);
  }
  return formats;
}

export function scanCommand(setExitCode: (code: number) => void): Command {
  return new Command("scan")
    .description("Investigate users and write reports (HTML, PDF, CSV, JSON).")
    .option("--user <upn-or-id>", "user to investigate (repeatable)", collectRepeatable, [])
    .option("--users-file <path>", "one UPN per line, or a CSV with a userPrincipalName column")
    .option("--all", "every enabled member user of the tenant")
    .option("--tenant-snapshot <file>", "scan a saved tenant snapshot through the embedded Graph simulator")
    .option("--demo", "scan the built-in demo tenant through the embedded Graph simulator")
    .option("--demo-users <n>", "demo tenant size", parseIntegerOption("--demo-users", 40, 100000))
    .option("--seed <n>", "demo tenant seed", parseIntegerOption("--seed", 0, 2 ** 31))
    .option("--since <duration|ISO-8601|last-run>", "start of the investigation window, e.g. 24h, 7d, or last-run (default: config scan.since)")
    .option("--now <ISO-8601>", "reference time (default: now, or the snapshot's capturedAt)")
    .option("--format <list>", "any of html,pdf,csv,json (json is always written)")
    .option("--out <dir>", "write into exactly this folder (default: a new folder under output/)")
    .addOption(new Option("--strategy <strategy>", "how collection is planned").choices(["auto", "per-user", "bulk"]))
    .option("--state <file>", "state file for nightly runs: baselines, incidents, acknowledgements (default: config state.path; with --since last-run, output/phishtrail-state.sqlite)")
    .option("--config <file>", "configuration file", undefined)
    .option("--concurrency <n>", "users investigated at once", parseIntegerOption("--concurrency", 1, 64))
    .addOption(new Option("--fail-on <level>", "exit 3 when any user reaches this level").choices(LEVELS))
    .option("--quiet", "print only the summary line and errors")
    .option("--no-progress", "no progress display")
    .addHelpText(
      "after",
      `
Examples:
  phishtrail scan --demo --all                          scan the built-in demo tenant
  phishtrail scan --user adele@contoso.com --since 7d --format pdf
  phishtrail scan --all --since 24h --format csv --fail-on high
  phishtrail scan --tenant-snapshot export.json --all   replay a saved snapshot offline
  phishtrail scan --all --since last-run --state /var/lib/phishtrail/state.sqlite --format html,csv
                                                        nightly: only what is new since the last run;
                                                        tickets.csv lists new or escalated incidents only

Credentials (real Graph): AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET
(or AZURE_CLIENT_CERTIFICATE_PATH); see 'phishtrail doctor' for the permissions needed.
Exit codes: 0 done, 1 failed at run time, 2 bad input (nothing written), 3 --fail-on level reached.`,
    )
    .action(async (flags: ScanFlags) => {
      const { config, file: configFile } = loadConfig(flags.config);
      const rules = resolveRules(config, configFile ?? "config.json");
      if (flags.concurrency) config.scan.concurrency = flags.concurrency;
      if (flags.demo && flags.tenantSnapshot) throw new InputError("--demo and --tenant-snapshot cannot be combined", "BAD_ARGS");
      const targets = resolveTargets(flags);
      const formats = parseFormats(flags.format, config.scan.formats);
      const fixedNow = flags.now === undefined ? undefined : parseIsoDate(flags.now);
      if (flags.now !== undefined && !fixedNow) throw new InputError(`--now: "${flags.now}" is not an ISO-8601 date`, "BAD_ARGS");
      const { since, sinceSource, nightly: nightlyRequest } = chooseWindow(flags, config);
      resolveSince(since, fixedNow ?? new Date(), sinceSource);
      let source: SourceRequest = { kind: "graph" };
      if (flags.demo) source = { kind: "demo", users: flags.demoUsers ?? config.demo.users, seed: flags.seed ?? config.demo.seed };
      if (flags.tenantSnapshot) source = { kind: "snapshot", path: flags.tenantSnapshot, snapshot: loadSnapshotFile(flags.tenantSnapshot) };
      if (flags.out) checkOutDir(flags.out);
      const startedAt = new Date();
      const outDir = flags.out ?? newRunFolder(config.scan.outputDir, startedAt, "scan");
      const logger = createLogger({ quiet: flags.quiet });
      // Opened last among the checks: a bad state file is bad input (nothing written), a held lock refuses the run.
      const nightly = nightlyRequest ? NightlySession.open(nightlyRequest) : undefined;
      let failure: unknown;
      try {
        const result = await runScan(
          {
            config,
            targets,
            source,
            now: fixedNow,
            windowFrom: (now) => resolveSince(since, now, sinceSource),
            formats,
            rules,
            outDir,
            strategy: flags.strategy ?? config.scan.strategy,
            failOn: flags.failOn ?? config.scan.failOn,
            progress: flags.progress && !flags.quiet,
            templatesDir: TEMPLATES_DIR,
            toolVersion: TOOL_VERSION,
            nightly,
          },
          process.env,
          logger,
        );
        setExitCode(result.exitCode);
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        nightly?.close(failure);
      }
    });
}
