import { parseConfig } from "../../src/config/load-config.js";
import type { Config, ConfigInput } from "../../src/config/schema.js";
import type { InvestigationWindow } from "../../src/collect/evidence.js";
import { createGraphGateway, type GatewayOptions, type GraphGateway } from "../../src/graph/gateway.js";
import { resolveGraphSettings, type GraphSettings } from "../../src/graph/settings.js";
import { startSimulator, type FaultRule, type RequestLogEntry, type SimulatorHandle, type SimulatorOptions } from "../../src/simulator/server.js";
import { generateDemoTenant, type DemoOptions } from "../../src/simulator/demo/generate.js";
import type { TenantSnapshot } from "../../src/snapshot/types.js";

/** Test rig: an in-process simulator and a gateway pointed at it through the real settings path. */
export interface Harness {
  sim: SimulatorHandle;
  gateway: GraphGateway;
  settings: GraphSettings;
  config: Config;
  window: InvestigationWindow;
  timeScale: number;
  /** Another gateway on the same simulator (fresh counters, fresh token), optionally with other settings. */
  newGateway(options?: GatewayOptions, settings?: Partial<GraphSettings>): GraphGateway;
  close(): Promise<void>;
}

export interface HarnessOptions {
  snapshot: TenantSnapshot;
  timeScale?: number;
  faults?: FaultRule[];
  config?: ConfigInput;
  pageSizes?: SimulatorOptions["pageSizes"];
  /** Real milliseconds the simulator adds to every response (makes concurrent requests overlap). */
  latencyMs?: number;
  grantedPermissions?: string[];
  /** Investigation window length and baseline before it, in days, ending at the snapshot's capturedAt. */
  windowDays?: number;
  baselineDays?: number;
  settings?: Partial<GraphSettings>;
}

const DAY = 86_400_000;

export function simulatorEnv(sim: SimulatorHandle): NodeJS.ProcessEnv {
  return {
    AZURE_TENANT_ID: sim.tenantId,
    AZURE_CLIENT_ID: sim.clientId,
    AZURE_CLIENT_SECRET: sim.clientSecret,
    AZURE_AUTHORITY_HOST: sim.authorityHost,
    PHISHTRAIL_GRAPH_URL: sim.baseUrl,
  };
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const timeScale = options.timeScale ?? 0.001;
  const sim = await startSimulator({
    snapshot: options.snapshot,
    timeScale,
    faults: options.faults,
    pageSizes: options.pageSizes,
    grantedPermissions: options.grantedPermissions,
    latencyMs: options.latencyMs,
  });
  const config = parseConfig(options.config ?? {}, "test config");
  const settings = { ...resolveGraphSettings(config, simulatorEnv(sim)), ...options.settings };
  const gateways: GraphGateway[] = [];
  const newGateway = (extra: GatewayOptions = {}, overrides: Partial<GraphSettings> = {}) => {
    const gateway = createGraphGateway({ ...settings, ...overrides }, { timeScale, caCertPem: sim.caCertPem, ...extra });
    gateways.push(gateway);
    return gateway;
  };
  const now = Date.parse(options.snapshot.capturedAt ?? new Date().toISOString());
  const from = now - (options.windowDays ?? 1) * DAY;
  return {
    sim,
    gateway: newGateway(),
    settings,
    config,
    window: { from: new Date(from).toISOString(), to: new Date(now).toISOString(), baselineFrom: new Date(from - (options.baselineDays ?? 2) * DAY).toISOString() },
    timeScale,
    newGateway,
    close: async () => {
      await Promise.all(gateways.map((g) => g.close()));
      await sim.close();
    },
  };
}

/** Graph calls in the simulator's log: no token traffic; $batch sub-requests only when asked. */
export function graphCalls(sim: SimulatorHandle, options: { subRequests?: boolean } = {}): RequestLogEntry[] {
  return sim.requests.filter((r) => r.route !== "token" && r.route !== "openidConfiguration" && (options.subRequests ? true : !r.inBatch));
}

const demoCache = new Map<string, ReturnType<typeof generateDemoTenant>>();

/** The seeded demo tenant (cached per options within a test file; callers must not mutate it). */
export function demoTenant(options: DemoOptions): ReturnType<typeof generateDemoTenant> {
  const key = JSON.stringify(options);
  let tenant = demoCache.get(key);
  if (!tenant) {
    tenant = generateDemoTenant(options);
    demoCache.set(key, tenant);
  }
  return tenant;
}
