/**
 * Child process of the benchmark: sign-in rule throughput on one core. It collects a demo tenant's
 * evidence once (simulator in this process, throttling off: only the evaluation is timed), then
 * runs the sign-in rules over every user again and again until enough CPU time has passed.
 */
import { performance } from "node:perf_hooks";
import { collect } from "../src/collect/collect.js";
import { parseConfig } from "../src/config/load-config.js";
import { deriveTenantFacts } from "../src/derive/tenant-facts.js";
import { createGraphGateway } from "../src/graph/gateway.js";
import { resolveGraphSettings } from "../src/graph/settings.js";
import { DAY_MS } from "../src/lib/time.js";
import { evaluateUser, type RuleRunBase } from "../src/rules/evaluate.js";
import { resolveRules } from "../src/rules/index.js";
import { signInRules } from "../src/rules/sign-ins/index.js";
import { generateDemoTenant, type DemoOptions } from "../src/simulator/demo/generate.js";
import { startSimulator } from "../src/simulator/server.js";

export interface RulesJob {
  demo: DemoOptions;
  /** CPU milliseconds of evaluation to accumulate before stopping. */
  minCpuMs: number;
}

export interface RulesMeasure {
  type: "done";
  users: number;
  rules: string[];
  /** Window sign-ins the rules looked at in one pass over every user. */
  signInsPerPass: number;
  passes: number;
  cpuMs: number;
  wallMs: number;
  signInsPerCpuSecond: number;
  findingsPerPass: number;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function measure(job: RulesJob): Promise<RulesMeasure> {
  const { snapshot } = generateDemoTenant(job.demo);
  const sim = await startSimulator({ snapshot, throttling: false, timeScale: 0.001 });
  const config = parseConfig({}, "benchmark config");
  const env = { AZURE_TENANT_ID: sim.tenantId, AZURE_CLIENT_ID: sim.clientId, AZURE_CLIENT_SECRET: sim.clientSecret, AZURE_AUTHORITY_HOST: sim.authorityHost, PHISHTRAIL_GRAPH_URL: sim.baseUrl };
  const gateway = createGraphGateway(resolveGraphSettings(config, env), { timeScale: 0.001, caCertPem: sim.caCertPem });
  const now = new Date(snapshot.capturedAt ?? Date.now());
  const from = new Date(now.getTime() - DAY_MS);
  const window = { from: from.toISOString(), to: now.toISOString(), baselineFrom: new Date(from.getTime() - 6 * DAY_MS).toISOString() };
  try {
    const collection = await collect(gateway, { targets: { mode: "all" }, window, strategy: "bulk", config });
    const ids = new Set(signInRules.map((r) => r.meta.id));
    const rules = resolveRules(config).filter((r) => ids.has(r.rule.meta.id));
    const facts = deriveTenantFacts(collection.users, collection.tenant, config, window);
    const organization = collection.tenant.organization.status === "ok" ? collection.tenant.organization.value : null;
    const base: RuleRunBase = { now, window, config, facts, organization };
    const users = collection.users;
    const signInsPerPass = users.reduce((sum, u) => sum + (u.signIns.status === "ok" ? u.signIns.value.length : 0), 0);
    const pass = () => users.reduce((found, u) => found + evaluateUser(u, rules, base).findings.length, 0);
    const findingsPerPass = pass(); // warm-up: compiled code, lazily built caches
    let passes = 0;
    const cpuStart = cpuMs();
    const wallStart = performance.now();
    while (cpuMs() - cpuStart < job.minCpuMs) {
      pass();
      passes++;
    }
    const used = cpuMs() - cpuStart;
    return {
      type: "done",
      users: users.length,
      rules: rules.map((r) => r.rule.meta.id),
      signInsPerPass,
      passes,
      cpuMs: used,
      wallMs: performance.now() - wallStart,
      signInsPerCpuSecond: (signInsPerPass * passes) / (used / 1000),
      findingsPerPass,
    };
  } finally {
    await gateway.close();
    await sim.close();
  }
}

process.once("message", (job: RulesJob) => {
  measure(job).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => process.send?.({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
});
