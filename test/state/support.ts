import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { main } from "../../src/cli/index.js";
import type { GraphObject, TenantSnapshot } from "../../src/snapshot/types.js";

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

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
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

/** An attacker's successful, risky sign-in (Graph signIn shape). */
export function attackerSignIn(user: GraphObject, at: number, id: string, origin = { ip: "203.0.113.66", country: "BR", city: "Sao Paulo", asn: 28573 }): GraphObject {
  return {
    id,
    createdDateTime: iso(at),
    userDisplayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    userId: user.id,
    appId: "9199bf20-a13f-4107-85dc-02114787ef48",
    appDisplayName: "One Outlook Web",
    ipAddress: origin.ip,
    clientAppUsed: "Browser",
    correlationId: `${id}-c`,
    conditionalAccessStatus: "success",
    isInteractive: true,
    riskDetail: "none",
    riskLevelAggregated: "high",
    riskLevelDuringSignIn: "high",
    riskState: "atRisk",
    riskEventTypes: ["unfamiliarFeatures"],
    riskEventTypes_v2: ["unfamiliarFeatures"],
    resourceDisplayName: "Office 365 Exchange Online",
    resourceId: "00000002-0000-0ff1-ce00-000000000000",
    status: { errorCode: 0, failureReason: "Other.", additionalDetails: "MFA successfully completed" },
    deviceDetail: { deviceId: "", displayName: null, operatingSystem: "Linux", browser: "Firefox 121.0", isCompliant: false, isManaged: false, trustType: null },
    location: { city: origin.city, state: null, countryOrRegion: origin.country, geoCoordinates: { altitude: null, latitude: -23.55, longitude: -46.63 } },
    signInEventTypes: ["interactiveUser"],
    userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    authenticationRequirement: "multiFactorAuthentication",
    autonomousSystemNumber: origin.asn,
    authenticationDetails: [],
  };
}

/** An inbox rule forwarding everything to an outside address (Graph messageRule shape). */
export function forwardingRule(id: string, address: string): GraphObject {
  return {
    id,
    displayName: ".",
    sequence: 1,
    isEnabled: true,
    hasError: false,
    isReadOnly: false,
    conditions: {},
    actions: { forwardTo: [{ emailAddress: { name: address, address } }], markAsRead: true, stopProcessingRules: true },
  };
}
