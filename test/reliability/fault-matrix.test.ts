/**
 * The fault matrix: the real scan (runScan, the Graph client, @azure/identity, retries, $batch,
 * paging) against the in-process simulator injecting every kind of Graph failure into every
 * source. Each case must end with a complete report: every user present, the failed source's
 * coverage naming Graph's code and the fix, every other source and the findings that do not need
 * the failed one exactly as in a clean run, exit 0, and `run.complete` telling the truth.
 *
 * By default a sample runs (every kind on at least two sources, every source under at least
 * three kinds); PHISHTRAIL_FULL_MATRIX=1 runs every applicable combination.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SourceId } from "../../src/collect/evidence.js";
import type { Report } from "../../src/report/types.js";
import { FAST_CONFIG } from "./support/cli.js";
import { directScan, type DirectScan } from "./support/direct-scan.js";
import { BATCH_POISONING, buildCase, fullMatrix, READ_PERMISSIONS, sampledMatrix, SOURCES_UNDER_TEST, type MatrixCase } from "./support/fault-cases.js";
import { findingKeys, ruleNeeds, sourcesWithFindings } from "./support/findings.js";
import { IDS, PEOPLE, smallTenant, UPN, type Person } from "./support/small-tenant.js";

const TARGETS: readonly Person[] = ["alex", "blair", "casey"];
const RETRIES = FAST_CONFIG.graph.maxRetries;
const FULL = process.env.PHISHTRAIL_FULL_MATRIX === "1";
const CASES = FULL ? fullMatrix(TARGETS, RETRIES) : sampledMatrix(TARGETS, RETRIES);
const PERSON_OF = new Map(PEOPLE.map((p) => [UPN[p], p]));

const baselines = new Map<string, Promise<DirectScan>>();

/** A clean run for a strategy and fixture, shared by the cases that compare against it. */
function baseline(strategy: "per-user" | "bulk", paged: boolean): Promise<DirectScan> {
  const key = `${strategy}|${paged}`;
  let run = baselines.get(key);
  if (!run) {
    run = directScan({ snapshot: smallTenant({ extraSignIns: paged ? 1000 : 0 }), users: TARGETS.map((p) => UPN[p]), strategy, simulator: { grantedPermissions: [...READ_PERMISSIONS] } });
    baselines.set(key, run);
  }
  return run;
}

function runCase(c: MatrixCase): Promise<DirectScan> {
  const snapshot = smallTenant({ extraSignIns: c.paged ? 1000 : 0 });
  for (const key of c.licencesOff ?? []) snapshot.licenses = { ...snapshot.licenses, [key]: false };
  return directScan({
    snapshot,
    users: TARGETS.map((p) => UPN[p]),
    strategy: c.strategy,
    config: c.config,
    simulator: { faults: c.faults, grantedPermissions: c.grantedPermissions ?? [...READ_PERMISSIONS] },
  });
}

function assertFaultFired(c: MatrixCase, run: DirectScan): void {
  const log = run.simulator.requests;
  if (c.faults.length > 0) {
    const fired = log.filter((entry) => entry.fault);
    assert.ok(fired.length > 0, `the injected fault never fired (${JSON.stringify(c.faults)})`);
    if (c.kind === "429-in-batch") assert.ok(fired.every((e) => e.inBatch), "the 429 was not inside a $batch");
    if (c.kind === "paging") assert.ok(fired.every((e) => /skiptoken|\$skip=/i.test(e.url)), `the fault did not hit a nextLink page: ${fired.map((e) => e.url).join(" ")}`);
    if (c.source.scoped) assert.ok(fired.every((e) => e.userId === undefined || e.userId.toLowerCase() === IDS.alex), "a fault scoped to Alex hit someone else");
  } else {
    assert.ok(log.some((e) => e.status === 403 || e.status === 404), "Graph refused nothing: the permission or licence case tested nothing");
  }
}

function assertCoverage(c: MatrixCase, report: Report): void {
  for (const user of report.users) {
    const person = PERSON_OF.get(user.userPrincipalName)!;
    const expected = c.expected.get(person);
    for (const entry of user.coverage) {
      const want = expected?.get(entry.source as SourceId);
      const where = `${user.userPrincipalName} ${entry.source}`;
      if (!want) {
        assert.equal(entry.status, "ok", `${where} should be untouched: ${entry.code} ${entry.message}`);
        continue;
      }
      assert.equal(entry.status, want.status, `${where}: ${entry.code} ${entry.message}`);
      if (typeof want.code === "string") assert.equal(entry.code, want.code, where);
      else assert.match(entry.code ?? "", want.code, where);
      assert.match(entry.message ?? "", want.message, where);
    }
  }
}

function assertFindings(c: MatrixCase, base: Report, report: Report): void {
  const before = findingKeys(base);
  const after = findingKeys(report);
  if (c.transient || c.tenantGap) {
    assert.deepEqual([...after].sort(), [...before].sort(), "findings changed although every source was read in the end");
    return;
  }
  for (const key of before) {
    const ruleId = key.split(" ")[1];
    const needsTouched = [...c.touched].some((s) => ruleNeeds(ruleId, s));
    if (!needsTouched) assert.ok(after.has(key), `finding ${key} does not need the failed source but disappeared`);
  }
  for (const user of report.users) {
    const lost = c.expected.get(PERSON_OF.get(user.userPrincipalName)!);
    for (const f of user.findings) {
      const missing = [...(lost?.keys() ?? [])].filter((s) => ruleNeeds(f.ruleId, s));
      assert.equal(missing.length, 0, `${user.userPrincipalName} ${f.ruleId} ran without ${missing.join(", ")}`);
    }
  }
}

describe(`fault matrix (${CASES.length} cases${FULL ? ", full sweep" : ", sampled; PHISHTRAIL_FULL_MATRIX=1 for all"})`, { concurrency: 2 }, () => {
  it("the clean baseline has findings from most sources, so the matrix can see them disappear", async () => {
    const { report, exitCode } = await baseline("per-user", false);
    assert.equal(exitCode, 0);
    assert.equal(report.run.complete, true, JSON.stringify(report.users.flatMap((u) => u.coverage.filter((x) => x.status !== "ok"))));
    assert.deepEqual(report.run.warnings, []);
    const sources = sourcesWithFindings(report);
    for (const s of ["signIns", "directoryAudits", "auditLog", "inboxRules", "sentItems", "authMethods", "registrationDetails", "alerts", "riskDetections", "oauthGrants"] as const) {
      assert.ok(sources.has(s), `no baseline finding comes from ${s}`);
    }
  });

  for (const c of CASES) {
    it(c.name, { todo: c.todo }, async () => {
      const [base, run] = await Promise.all([baseline(c.strategy, c.paged === true), runCase(c)]);
      const { report } = run;
      assert.equal(run.exitCode, 0, run.log);
      assert.deepEqual(report.users.map((u) => u.userPrincipalName).sort(), TARGETS.map((p) => UPN[p]).sort(), "every targeted user is in report.json");
      assertFaultFired(c, run);
      assertCoverage(c, report);
      assertFindings(c, base.report, report);
      if (c.transient) {
        assert.equal(report.run.complete, true);
        assert.ok(report.run.graph.retries > 0, "a transient fault cleared without a retry?");
        if (c.kind.startsWith("429")) assert.ok(report.run.graph.throttled > 0, "429s were not counted as throttling");
        assert.match(run.log, /no data gaps; reports in/);
      } else if (c.tenantGap) {
        assert.ok(report.run.warnings.some((w) => /organization/i.test(w)), `no warning names the failed organization read: ${JSON.stringify(report.run.warnings)}`);
        assert.equal(report.run.tenant.id, "");
      } else {
        assert.equal(report.run.complete, false, "a data gap must make run.complete false");
        assert.match(run.log, /\d+ data gaps? \(incomplete\); reports in/);
      }
    });
  }

  it("a token that expires mid-run (Graph's clock moves past its exp) is renewed and the scan completes", async () => {
    let calls = 0;
    const start = Date.now();
    const base = await baseline("per-user", false);
    // After the 30th look at the clock the simulator lives two hours later: every cached token has expired.
    const run = await directScan({
      snapshot: smallTenant(),
      users: TARGETS.map((p) => UPN[p]),
      simulator: { grantedPermissions: [...READ_PERMISSIONS], now: () => new Date(Date.now() + (++calls > 30 ? 2 * 3_600_000 : 0)) },
    });
    assert.ok(Date.now() - start < 60_000);
    const expired = run.simulator.requests.filter((e) => e.status === 401);
    assert.ok(expired.length > 0, "no request was refused with an expired token: the clock jump came too late");
    assert.equal(run.report.run.complete, true, JSON.stringify(run.report.users.flatMap((u) => u.coverage.filter((x) => x.status !== "ok"))));
    assert.deepEqual([...findingKeys(run.report)].sort(), [...findingKeys(base.report)].sort());
    assert.ok(run.simulator.requests.filter((e) => e.route === "token").length >= 2, "no fresh token was requested");
  });

  it("--all: a 503 storm on the user list clears within the retry budget", async () => {
    const run = await directScan({ snapshot: smallTenant(), all: true, simulator: { faults: [{ route: "users.list", kind: "status", status: 503, times: 2 }] } });
    assert.equal(run.exitCode, 0);
    assert.deepEqual(run.report.users.map((u) => u.userPrincipalName).sort(), PEOPLE.map((p) => UPN[p]).sort());
    assert.equal(run.report.run.complete, true);
  });

  it("--all: a user list that never comes back fails the run (exit 1) with Graph's code and the fix", async () => {
    await assert.rejects(
      directScan({ snapshot: smallTenant(), all: true, simulator: { faults: [{ route: "users.list", kind: "status", status: 503 }] } }),
      (error: Error & { exitCode?: number }) => {
        assert.equal(error.exitCode, 1);
        assert.match(error.message, /list the tenant's users: .*503 ServiceUnavailable.*rerun later/);
        return true;
      },
    );
  });

  it("a token endpoint that refuses the credential ends the run with exit 1 and a message naming the fix", async () => {
    await assert.rejects(
      directScan({ snapshot: smallTenant(), users: [UPN.alex], simulator: { faults: [{ route: "token", kind: "status", status: 400, code: "invalid_client", message: "AADSTS7000215: Invalid client secret provided." }] } }),
      (error: Error & { exitCode?: number }) => {
        assert.equal(error.exitCode, 1);
        assert.match(error.message, /Cannot get a Graph token/);
        return true;
      },
    );
  });

  it("one user's lookup that keeps resetting the connection inside a $batch costs only that user", { todo: BATCH_POISONING }, async () => {
    const c = buildCase("reset", SOURCES_UNDER_TEST.find((s) => s.name === "users")!, false, TARGETS, RETRIES);
    const run = await runCase(c);
    assertCoverage(c, run.report);
  });

  it("a tenant-level gap (organization unreadable) makes run.complete false", async () => {
    const run = await directScan({ snapshot: smallTenant(), users: [UPN.alex], simulator: { faults: [{ route: "organization.list", kind: "status", status: 503 }] } });
    assert.equal(run.report.run.complete, false);
    assert.ok(run.report.summary.gaps >= 1);
  });
});
