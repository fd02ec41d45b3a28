import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RouteCount } from "./route-counts.js";
import type { ScanJob, ScanMeasure } from "./scan-process.js";
import type { SimCommand, SimReady, SimReply, SimStart } from "./sim-process.js";

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** Extra node flags for the children, e.g. BENCH_SCAN_NODE_OPTIONS="--cpu-prof" to profile. */
function flags(variable: string): string[] {
  return (process.env[variable] ?? "").split(/\s+/).filter(Boolean);
}

export interface SimProcess {
  ready: SimReady;
  counts(): Promise<{ counts: RouteCount[]; busiestMailbox: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function ask<T extends SimReply["type"]>(child: ChildProcess, command: SimCommand, expect: T): Promise<Extract<SimReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: SimReply) => {
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (reply.type === expect) resolve(reply as Extract<SimReply, { type: T }>);
      else reject(new Error(reply.type === "error" ? reply.message : `simulator answered ${reply.type}, expected ${expect}`));
    };
    const onExit = (code: number | null) => reject(new Error(`simulator process exited (${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(command);
  });
}

/** A Graph simulator serving a generated demo tenant in its own process (a large heap: it holds every sign-in). */
export async function startSimProcess(start: SimStart): Promise<SimProcess> {
  const child = fork(here("./sim-process.js"), [], { execArgv: ["--max-old-space-size=12288", ...flags("BENCH_SIM_NODE_OPTIONS")], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await ask(child, { type: "start", start }, "ready");
  return {
    ready,
    counts: async () => {
      const reply = await ask(child, { type: "counts" }, "counts");
      return { counts: reply.counts, busiestMailbox: reply.busiestMailbox };
    },
    reset: async () => {
      await ask(child, { type: "reset" }, "reset");
    },
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.send({ type: "stop" } satisfies SimCommand);
      }),
  };
}

export interface ScanRun {
  measure: ScanMeasure;
  /** From fork to exit, as a user waiting for the CLI sees it (node start-up and module loading included). */
  processMs: number;
}

/** Runs one scan in a fresh process (so its peak RSS is its own) and returns what it measured. */
export function runScanProcess(job: ScanJob): Promise<ScanRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = fork(here("./scan-process.js"), [], { execArgv: flags("BENCH_SCAN_NODE_OPTIONS"), stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let measure: ScanMeasure | undefined;
    child.once("message", (message: ScanMeasure | { type: "error"; message: string }) => {
      if (message.type === "done") measure = message;
      else reject(new Error(`scan failed: ${message.message}`));
    });
    child.once("exit", (code) => {
      if (measure) resolve({ measure, processMs: performance.now() - started });
      else reject(new Error(`scan process exited (${code}) without a result`));
    });
    child.send(job);
  });
}
