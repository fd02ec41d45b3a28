import type { DoctorResult, RowCheck } from "./run-doctor.js";

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function granted(check: RowCheck): string {
  if (check.grantedBy === undefined) return "no";
  return check.grantedBy === check.row.permission ? "yes" : `yes (${check.grantedBy})`;
}

function licence(check: RowCheck): string {
  switch (check.licence) {
    case "n/a":
      return "not needed";
    case "ok":
      return `ok (${check.row.licence})`;
    case "missing":
      return `MISSING: ${check.row.licence}`;
    case "unknown":
      return `unknown${check.probe?.code ? ` (${check.probe.code})` : ""}: needs ${check.row.licence}`;
  }
}

/** The source -> permission -> granted -> licence table, on its own (README carries it). */
export function sourceTable(result: Pick<DoctorResult, "scan" | "extras">): string[] {
  return table(
    ["Source", "Needed permission", "Granted", "Licence"],
    [...result.scan, ...result.extras].map((c) => [c.row.name, c.row.permission, granted(c), licence(c)]),
  );
}

export function containmentTable(result: Pick<DoctorResult, "containment">): string[] {
  return table(
    ["Containment action", "Needed permission", "Granted"],
    result.containment.map((c) => [c.row.name, c.row.permission, granted(c)]),
  );
}

/** doctor's whole report. Holds no token and no secret: only claims and fixed requirement text. */
export function renderDoctor(result: DoctorResult): string {
  const lines: string[] = ["phishtrail doctor", ""];
  lines.push(`Graph:       ${result.graphUrl} (cloud ${result.cloud})`);
  if (result.credentialError) {
    lines.push(`Credential:  ${result.credentialKind}: FAILED to get a token: ${result.credentialError}`);
  } else if (result.claims) {
    const c = result.claims;
    lines.push(`Credential:  ${result.credentialKind}: token acquired for app ${c.appId ?? "?"} in tenant ${c.tenantId ?? "?"}${c.expiresAt ? `, valid until ${c.expiresAt}` : ""}`);
    lines.push(`Granted:     ${c.permissions.length ? c.permissions.join(", ") : "(no permissions)"} (${c.kind} permissions from the token)`);
  }
  lines.push("", "Scan sources (each must be usable):", ...sourceTable(result).map((l) => `  ${l}`));
  lines.push("", "Containment (phishtrail contain --apply only):", ...containmentTable(result).map((l) => `  ${l}`));
  lines.push("", "Least-privilege app registration (application permissions, admin consent):");
  lines.push(`  read-only, for scan and doctor: ${result.readOnlySet.join(", ")}`);
  lines.push(`  add for containment:            ${result.containmentSet.join(", ")}`);
  lines.push("");
  const broken = result.scan.filter((c) => !c.usable);
  if (result.credentialError) lines.push("Result: no token, so nothing could be checked: fix the credential (AZURE_* variables, graph.* in config.json) and rerun.");
  else if (broken.length === 0) lines.push("Result: every scan source is usable.");
  else {
    lines.push(`Result: ${broken.length} scan source(s) not usable:`);
    for (const c of broken) lines.push(`  ${c.row.name}: ${c.fix}`);
  }
  return `${lines.join("\n")}\n`;
}
