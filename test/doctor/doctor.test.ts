import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CONTAINMENT_ROWS, leastPrivilegeSet, SCAN_ROWS, satisfiedBy } from "../../src/doctor/requirements.js";
import { readTokenClaims } from "../../src/doctor/token-claims.js";
import { SOURCE_REQUIREMENTS } from "../../src/graph/graph-errors.js";
import type { RequestLogEntry } from "../../src/simulator/server.js";
import { runCli, ScanBench } from "../reliability/support/cli.js";
import { READ_PERMISSIONS } from "../reliability/support/fault-cases.js";
import { smallTenant } from "../reliability/support/small-tenant.js";

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
const CONTAINMENT_SET = leastPrivilegeSet(CONTAINMENT_ROWS);

/** The table row of `source` in doctor's output, split into its columns. */
function row(stdout: string, source: string): string[] {
  const line = stdout.split("\n").find((l) => l.trim().startsWith(`${source} `));
  assert.ok(line, `no row for ${source}`);
  return line.trim().split(/\s{2,}/);
}

describe("phishtrail doctor", () => {
  let bench: ScanBench;
  let log: RequestLogEntry[] = [];
  const doctor = (grantedPermissions: readonly string[], snapshot?: string) =>
    runCli(["doctor", "--tenant-snapshot", snapshot ?? bench.snapshotPath, "--config", bench.configPath], {
      grantedPermissions: [...grantedPermissions],
      started: (handle) => {
        log = handle.requests;
      },
    });

  before(() => {
    bench = new ScanBench(smallTenant());
  });
  after(() => bench.close());

  it("every permission granted and licensed: exit 0, a table with every source and action, no token printed", async () => {
    const run = await doctor([...READ_PERMISSIONS, ...CONTAINMENT_SET]);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    for (const source of Object.keys(SOURCE_REQUIREMENTS)) assert.equal(row(run.stdout, source)[2], "yes", source);
    assert.deepEqual(row(run.stdout, "signIns"), ["signIns", "AuditLog.Read.All", "yes", "ok (Microsoft Entra ID P1)"]);
    assert.deepEqual(row(run.stdout, "directoryAudits"), ["directoryAudits", "AuditLog.Read.All", "yes", "not needed"]);
    for (const action of ["revoke-sessions", "reset-password", "disable", "remove-rule", "remove-method"]) assert.equal(row(run.stdout, action).at(-1), "yes", action);
    assert.match(run.stdout, /Result: every scan source is usable\./);
    assert.match(run.stdout, /token acquired for app [0-9a-f-]{36} in tenant [0-9a-f-]{36}/);
    assert.doesNotMatch(run.stdout + run.stderr, JWT, "the access token was printed");
  });

  it("prints the least-privilege registration: the read-only set scans completely (see test/security), containment separately", async () => {
    const run = await doctor(READ_PERMISSIONS);
    assert.equal(run.exitCode, 0, run.stdout);
    const readOnly = /read-only, for scan and doctor: (.+)/.exec(run.stdout)![1].split(", ");
    assert.deepEqual(readOnly, [...READ_PERMISSIONS].sort((a, b) => a.localeCompare(b)));
    const containment = /add for containment: +(.+)/.exec(run.stdout)![1].split(", ");
    assert.ok(containment.includes("User.RevokeSessions.All") && containment.includes("User-PasswordProfile.ReadWrite.All"));
    assert.ok(!containment.some((p) => readOnly.includes(p)), "containment lists what the read-only set already has");
    assert.equal(row(run.stdout, "revoke-sessions").at(-1), "no", "containment is reported, not required");
  });

  it("one cheap GET per licensed source and nothing else: no write, no collection read", async () => {
    await doctor(READ_PERMISSIONS);
    const graph = log.filter((e) => e.version !== null);
    const routes = graph.map((e) => e.route).sort();
    assert.deepEqual(routes, ["alerts.list", "auditLogQueries.list", "conditionalAccessPolicies.list", "riskDetections.list", "riskyUsers.list", "signIns.list", "userRegistrationDetails.list"]);
    assert.ok(graph.every((e) => e.method === "GET"));
    assert.ok(graph.filter((e) => e.route !== "conditionalAccessPolicies.list").every((e) => /\$top=1\b/.test(e.url)), "a probe asked for more than one item");
  });

  it("a missing permission: exit 1, every source that needs it marked, the fix named", async () => {
    const run = await doctor(READ_PERMISSIONS.filter((p) => p !== "AuditLog.Read.All"));
    assert.equal(run.exitCode, 1);
    for (const source of ["signIns", "directoryAudits", "registrationDetails", "peerSignIns"]) assert.equal(row(run.stdout, source)[2], "no", source);
    assert.equal(row(run.stdout, "alerts")[2], "yes");
    assert.match(run.stdout, /4 scan source\(s\) not usable:/);
    assert.match(run.stdout, /signIns: grant the application permission AuditLog\.Read\.All \(or Directory\.Read\.All\) and admin consent/);
  });

  it("a missing licence: exit 1, the licence named from Graph's own refusal", async () => {
    const path = join(bench.dir, "no-p2.json");
    writeFileSync(path, JSON.stringify(smallTenant()).replace('"entraIdP2":true', '"entraIdP2":false').replace('"defender":true', '"defender":false'));
    const run = await doctor(READ_PERMISSIONS, path);
    assert.equal(run.exitCode, 1);
    assert.deepEqual(row(run.stdout, "riskyUser").slice(2), ["yes", "MISSING: Microsoft Entra ID P2"]);
    assert.deepEqual(row(run.stdout, "riskDetections").slice(2), ["yes", "MISSING: Microsoft Entra ID P2"]);
    assert.deepEqual(row(run.stdout, "alerts").slice(2), ["yes", "MISSING: Microsoft Defender XDR"]);
    assert.match(run.stdout, /riskyUser: .*needs Microsoft Entra ID P2/);
  });

  it("no token: exit 1, the credential error shown, nothing else checked, no secret printed", async () => {
    const secret = "doctor-secret-0c1d2e3f~value";
    const run = await runCli(["doctor", "--tenant-snapshot", bench.snapshotPath, "--config", bench.configPath], {
      clientSecret: secret,
      faults: [{ route: "token", kind: "status", status: 401, code: "invalid_client", message: `AADSTS7000215: Invalid client secret provided: ${secret}` }],
    });
    assert.equal(run.exitCode, 1);
    assert.match(run.stdout, /Credential: +clientSecret: FAILED to get a token: .*AADSTS7000215/);
    assert.match(run.stdout, /Result: no token/);
    assert.ok(!(run.stdout + run.stderr).includes(secret), "the client secret was printed");
  });

  it("--help documents the exit codes; bad input is exit 2", async () => {
    const help = await runCli(["doctor", "--help"]);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /Exit codes: 0 every scan source is usable; 1 a scan source lacks its permission or licence/);
    const bad = await runCli(["doctor", "--demo", "--tenant-snapshot", bench.snapshotPath]);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /cannot be combined/);
  });
});

describe("doctor's permission logic", () => {
  const rowOf = (name: string) => [...SCAN_ROWS, ...CONTAINMENT_ROWS].find((r) => r.name === name)!;

  it("broader grants satisfy narrower needs: ReadWrite for Read, Mail.Read for Mail.ReadBasic.All, documented alternatives", () => {
    assert.equal(satisfiedBy(rowOf("inboxRules"), ["MailboxSettings.ReadWrite"]), "MailboxSettings.Read");
    assert.equal(satisfiedBy(rowOf("sentItems"), ["Mail.Read"]), "Mail.ReadBasic.All");
    assert.equal(satisfiedBy(rowOf("user"), ["Directory.Read.All"]), "Directory.Read.All");
    assert.equal(satisfiedBy(rowOf("authMethods"), ["User.Read.All"]), undefined);
  });

  it("a compound requirement needs every part", () => {
    assert.equal(satisfiedBy(rowOf("disable"), ["User.EnableDisableAccount.All"]), undefined);
    assert.equal(satisfiedBy(rowOf("disable"), ["User.EnableDisableAccount.All", "User.Read.All"]), "User.EnableDisableAccount.All + User.Read.All");
    assert.equal(satisfiedBy(rowOf("disable"), ["User.ReadWrite.All"]), "User.ReadWrite.All");
  });

  it("reads roles from an application token and scopes from a delegated one, without checking the signature", () => {
    const token = (claims: object) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
    assert.deepEqual(readTokenClaims(token({ roles: ["User.Read.All", "AuditLog.Read.All"], tid: "t", appid: "a", exp: 0 }))?.permissions, ["AuditLog.Read.All", "User.Read.All"]);
    const delegated = readTokenClaims(token({ scp: "User.Read Mail.Read", tid: "t", azp: "a" }));
    assert.equal(delegated?.kind, "delegated");
    assert.equal(delegated?.appId, "a");
    assert.equal(readTokenClaims("not-a-jwt"), undefined);
    assert.equal(readTokenClaims("a.%%%.c"), undefined);
  });
});
