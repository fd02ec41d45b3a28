/**
 * Reads need only read permissions, and only `contain` writes: a scan whose token carries nothing
 * but the read permissions of SOURCE_REQUIREMENTS collects every source and sends no request
 * that changes anything; and no module outside src/contain and src/graph calls the gateway's write
 * methods.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { PACKAGE_ROOT } from "../../src/lib/package-info.js";
import { directScan } from "../reliability/support/direct-scan.js";
import { READ_PERMISSIONS } from "../reliability/support/fault-cases.js";
import { smallTenant, UPN } from "../reliability/support/small-tenant.js";

/** Requests a read-only scan may send besides GET: Graph's $batch (GETs inside), audit query creation, and the token request. */
const READ_ONLY_POSTS = new Set(["batch", "auditLogQueries.create", "token"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe("least privilege", () => {
  it("the read set holds no write permission except the grant reader Graph documents as least privileged", () => {
    const writes = READ_PERMISSIONS.filter((p) => /ReadWrite/i.test(p));
    // graph-api.md §5: listing a user's oauth2PermissionGrants documents DelegatedPermissionGrant.ReadWrite.All.
    assert.deepEqual(writes, ["DelegatedPermissionGrant.ReadWrite.All"]);
  });

  for (const strategy of ["per-user", "bulk"] as const) {
    it(`${strategy}: a token with only the read permissions collects every source and sends no write`, async () => {
      const run = await directScan({ snapshot: smallTenant(), users: [UPN.alex, UPN.blair, UPN.casey], strategy, simulator: { grantedPermissions: [...READ_PERMISSIONS] } });
      assert.equal(run.exitCode, 0);
      const gaps = run.report.users.flatMap((u) => u.coverage.filter((c) => c.status !== "ok").map((c) => `${u.userPrincipalName} ${c.source}: ${c.message}`));
      assert.deepEqual(gaps, [], "a read permission is missing from SOURCE_REQUIREMENTS");
      assert.deepEqual(run.report.run.warnings, []);
      assert.equal(run.report.run.complete, true);
      const log = run.simulator.requests;
      assert.ok(log.length > 20);
      assert.deepEqual(log.filter((e) => e.status === 403), [], "Graph refused something");
      const writes = log.filter((e) => e.method !== "GET" && !(e.method === "POST" && READ_ONLY_POSTS.has(e.route)));
      assert.deepEqual(writes.map((e) => `${e.method} ${e.path}`), [], "a scan sent a request that is not a read");
      assert.ok(log.filter((e) => e.inBatch).every((e) => e.method === "GET"), "a $batch carried a write");
    });
  }

  it("with DelegatedPermissionGrant.Read.All instead of ReadWrite, the simulator serves consents too (a truly read-only set)", async () => {
    const granted = READ_PERMISSIONS.map((p) => (p === "DelegatedPermissionGrant.ReadWrite.All" ? "DelegatedPermissionGrant.Read.All" : p));
    const run = await directScan({ snapshot: smallTenant(), users: [UPN.alex], simulator: { grantedPermissions: granted } });
    assert.equal(run.report.users[0].coverage.find((c) => c.source === "oauthGrants")?.status, "ok");
  });

  it("no module outside src/contain and src/graph calls the gateway's write methods", () => {
    const root = join(PACKAGE_ROOT, "src");
    const offenders: string[] = [];
    let allowed = 0;
    for (const file of sourceFiles(root)) {
      const name = relative(root, file);
      if (/^(contain|graph|simulator)\//.test(name)) continue;
      const text = readFileSync(file, "utf8");
      const patterns = [
        /\bgateway\s*(\?\.|\.)\s*(patch|delete)\s*\(/gi,
        /\bgateway\s*\[\s*["'`](patch|delete|post)["'`]\s*\]/gi,
        /\{[^}]*\b(patch|delete)\b[^}]*\}\s*=\s*[\w.]*gateway\b/gi,
        /\bgateway\s*(\?\.|\.)\s*post\s*\(/gi,
      ];
      for (const pattern of patterns) {
        for (const match of text.matchAll(pattern)) {
          const line = text.slice(0, match.index).split("\n").length;
          const call = text.slice(match.index, text.indexOf("\n", match.index));
          // The only POST a read may make: creating a unified audit log query (it changes nothing in the tenant).
          if (/\.post\s*\(\s*\{\s*path:\s*"\/security\/auditLog\/queries"\s*\}/.test(call)) {
            allowed++;
            continue;
          }
          offenders.push(`${name}:${line}: ${call.trim()}`);
        }
      }
    }
    assert.deepEqual(offenders, [], "gateway writes outside src/contain");
    assert.ok(allowed > 0, "the patterns did not even find the audit query POST: they would find nothing");
  });
});
