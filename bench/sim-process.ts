/**
 * Child process of the benchmark: generates a demo tenant and serves it with the Graph simulator,
 * so the scanner's memory and CPU are measured without the simulator's. Talks to the parent over
 * IPC (see SimCommand / SimReply).
 */
import { performance } from "node:perf_hooks";
import { generateDemoTenant, type DemoOptions } from "../src/simulator/demo/generate.js";
import { startSimulator, type SimulatorHandle } from "../src/simulator/server.js";
import { busiestMailbox, routeCounts, type RouteCount } from "./route-counts.js";

export interface SimStart {
  demo: DemoOptions;
  timeScale: number;
  latencyMs: number;
}

export interface SimReady {
  type: "ready";
  baseUrl: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertPem: string;
  capturedAt: string;
  users: number;
  signIns: number;
  /** Sign-ins in the last 24 hours before capturedAt. */
  signInsLastDay: number;
  /** UPNs of users a demo scenario attacks (single-user scans pick one). */
  attacked: string[];
  generateMs: number;
}

export type SimCommand = { type: "start"; start: SimStart } | { type: "counts" } | { type: "times"; route: string } | { type: "reset" } | { type: "stop" };
export type SimReply =
  | SimReady
  | { type: "counts"; counts: RouteCount[]; busiestMailbox: number }
  | { type: "times"; times: number[] }
  | { type: "reset" }
  | { type: "error"; message: string };

let simulator: SimulatorHandle | undefined;

function reply(message: SimReply): void {
  process.send?.(message);
}

async function start(options: SimStart): Promise<void> {
  const began = performance.now();
  const { snapshot, groundTruth } = generateDemoTenant(options.demo);
  const generateMs = performance.now() - began;
  const capturedAt = snapshot.capturedAt ?? new Date().toISOString();
  const dayAgo = Date.parse(capturedAt) - 86_400_000;
  const signInsLastDay = (snapshot.signIns ?? []).filter((s) => Date.parse(String(s.createdDateTime)) >= dayAgo).length;
  simulator = await startSimulator({ snapshot, timeScale: options.timeScale, latencyMs: options.latencyMs, prepareIndexes: true });
  reply({
    type: "ready",
    baseUrl: simulator.baseUrl,
    authorityHost: simulator.authorityHost,
    tenantId: simulator.tenantId,
    clientId: simulator.clientId,
    clientSecret: simulator.clientSecret,
    caCertPem: simulator.caCertPem,
    capturedAt,
    users: snapshot.users?.length ?? 0,
    signIns: snapshot.signIns?.length ?? 0,
    signInsLastDay,
    attacked: groundTruth.scenarios.map((s) => s.userPrincipalName),
    generateMs,
  });
}

process.on("message", (command: SimCommand) => {
  void (async () => {
    try {
      switch (command.type) {
        case "start":
          await start(command.start);
          break;
        case "counts":
          reply({ type: "counts", counts: routeCounts(simulator?.requests ?? []), busiestMailbox: busiestMailbox(simulator?.requests ?? []) });
          break;
        case "times":
          reply({ type: "times", times: (simulator?.requests ?? []).filter((r) => r.route === command.route).map((r) => Date.parse(r.time)) });
          break;
        case "reset":
          simulator?.resetLog();
          reply({ type: "reset" });
          break;
        case "stop":
          await simulator?.close();
          process.exit(0);
      }
    } catch (error) {
      reply({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
process.on("disconnect", () => process.exit(0));
