import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { main } from "../../src/cli/index.js";
import type { TenantSnapshot } from "../../src/snapshot/types.js";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

export function tempDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `phishtrail-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process and captures what it prints. Stdout is copied, not swallowed: the test
 * runner reports results on it, and a result written while the CLI runs must not get lost.
 */
export async function runCli(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    out.push(String(chunk));
    return stdoutWrite(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}

export function writeSnapshot(path: string, snapshot: TenantSnapshot): string {
  writeFileSync(path, JSON.stringify(snapshot));
  return path;
}

export function readTickets(outDir: string): Record<string, string>[] {
  return parse(readFileSync(join(outDir, "tickets.csv"), "utf8"), { columns: true }) as Record<string, string>[];
}

export interface ReportJson {
  run: { id: string; window: { from: string; to: string }; baselineFrom: string; graph: { requests: number } };
  users: {
    id: string;
    userPrincipalName: string;
    riskLevel: string;
    ticketKey?: string;
    incident?: { status: string; firstSeen: string };
    findings: { ruleId: string; severity: string; suppressed?: { by: string; reason: string; until?: string } }[];
  }[];
  resolvedIncidents?: { ticketKey: string; userPrincipalName: string; resolvedAt: string }[];
}

export function readReport(outDir: string): ReportJson {
  return JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")) as ReportJson;
}

/** A copy of the snapshot taken later: `capturedAt` moved, collections deep-copied so edits stay local. */
export function later(snapshot: TenantSnapshot, capturedAt: string): TenantSnapshot {
  return { ...structuredClone(snapshot), capturedAt };
}
