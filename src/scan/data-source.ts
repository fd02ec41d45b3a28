import type { Config } from "../config/schema.js";
import { registerSecret } from "../lib/log.js";
import type { SimulatorHandle, SimulatorOptions } from "../simulator/server.js";
import type { TenantSnapshot } from "../snapshot/types.js";

/**
 * Extra settings for the embedded simulator: injected faults, the permissions its tokens grant, a
 * different time scale or clock. Tests and benchmarks use them to drive the real scan through
 * failures; `started` hands over the running simulator (request log, token endpoint).
 */
export interface SimulatorOverrides extends Partial<Omit<SimulatorOptions, "snapshot">> {
  started?(handle: SimulatorHandle): void;
}

export type SourceRequest =
  | { kind: "graph" }
  | { kind: "snapshot"; path: string; snapshot: TenantSnapshot; simulator?: SimulatorOverrides }
  | { kind: "demo"; users: number; seed: number; simulator?: SimulatorOverrides };

let ambientOverrides: SimulatorOverrides | undefined;

/**
 * Applies `overrides` to every simulator opened without its own until the returned function is
 * called: the seam that lets a test drive the CLI (`main([...])`) against a faulty simulator.
 */
export function useSimulatorOverrides(overrides: SimulatorOverrides): () => void {
  ambientOverrides = overrides;
  return () => {
    if (ambientOverrides === overrides) ambientOverrides = undefined;
  };
}

export interface OpenedSource {
  kind: "graph" | "snapshot" | "demo";
  /** Environment the Graph settings are resolved from: the real one, or the simulator's. */
  env: NodeJS.ProcessEnv;
  /** CA to trust in-process (the simulator's); real Graph needs none. */
  caCertPem?: string;
  /** Budget windows scaled like the simulator's throttling (1 for real Graph). */
  timeScale: number;
  /** The snapshot's capturedAt, the natural "now" for a replay. */
  capturedAt?: string;
  /** Ground truth of the demo tenant (tests and the quality benchmark). */
  groundTruth?: unknown;
  close(): Promise<void>;
}

/**
 * Where Graph is: real Microsoft Graph, or the embedded simulator serving a snapshot or the demo
 * tenant over HTTPS. Either way the scan then runs the same client, credential, retries, paging
 * and batching; only the URLs and the trusted CA differ.
 */
export async function openDataSource(request: SourceRequest, config: Config, env: NodeJS.ProcessEnv, now: Date): Promise<OpenedSource> {
  if (request.kind === "graph") {
    return { kind: "graph", env, timeScale: 1, close: async () => {} };
  }
  const { startSimulator } = await import("../simulator/server.js");
  let snapshot: TenantSnapshot;
  let groundTruth: unknown;
  if (request.kind === "demo") {
    const { generateDemoTenant } = await import("../simulator/demo/generate.js");
    const demo = generateDemoTenant({ users: request.users, seed: request.seed, now });
    snapshot = demo.snapshot;
    groundTruth = demo.groundTruth;
  } else {
    snapshot = request.snapshot;
  }
  const { started, ...overrides } = request.simulator ?? ambientOverrides ?? {};
  const timeScale = overrides.timeScale ?? config.demo.timeScale;
  const simulator = await startSimulator({ ...overrides, snapshot, timeScale });
  registerSecret(simulator.clientSecret);
  try {
    started?.(simulator);
  } catch (error) {
    await simulator.close();
    throw error;
  }
  return {
    kind: request.kind,
    env: {
      ...env,
      AZURE_TENANT_ID: simulator.tenantId,
      AZURE_CLIENT_ID: simulator.clientId,
      AZURE_CLIENT_SECRET: simulator.clientSecret,
      AZURE_AUTHORITY_HOST: simulator.authorityHost,
      PHISHTRAIL_GRAPH_URL: simulator.baseUrl,
      AZURE_CLIENT_CERTIFICATE_PATH: "",
    },
    caCertPem: simulator.caCertPem,
    timeScale,
    capturedAt: snapshot.capturedAt,
    groundTruth,
    close: () => simulator.close(),
  };
}
