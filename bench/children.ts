import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RouteCount } from "./route-counts.js";
import type { RulesJob, RulesMeasure } from "./rules-process.js";
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
  /** Simulator-clock times (epoch ms) of the requests to one route, for timelines. */
  times(route: string): Promise<number[]>;
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
    times: async (route) => (await ask(child, { type: "times", route }, "times")).times,
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

export interface ChildRun<T> {
  result: T;
  /** From fork to exit, as a user waiting for the CLI sees it (node start-up and module loading included). */
  processMs: number;
}

/** Runs one job in a fresh child process (so its peak RSS and CPU are its own) and returns its answer. */
function runChild<T extends { type: "done" }>(script: string, job: unknown, variable: string): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = fork(here(script), [], { execArgv: flags(variable), stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: T | undefined;
    child.once("message", (message: T | { type: "error"; message: string }) => {
      if (message.type === "done") result = message as T;
      else reject(new Error(`${script} failed: ${(message as { message: string }).message}`));
    });
    child.once("exit", (code) => {
      if (result) resolve({ result, processMs: performance.now() - started });
      else reject(new Error(`${script} exited (${code}) without a result`));
    });
    child.send(job as object);
  });
}

export function runScanProcess(job: ScanJob): Promise<ChildRun<ScanMeasure>> {
  return runChild<ScanMeasure>("./scan-process.js", job, "BENCH_SCAN_NODE_OPTIONS");
}

export function runRulesProcess(job: RulesJob): Promise<ChildRun<RulesMeasure>> {
  return runChild<RulesMeasure>("./rules-process.js", job, "BENCH_RULES_NODE_OPTIONS");
}
