import { Command, InvalidArgumentError } from "commander";
import { InputError } from "../lib/errors.js";
import type { TenantSnapshot } from "../snapshot/types.js";
import { loadSnapshotFile } from "../simulator/snapshot-file.js";
import type { SimulatorHandle } from "../simulator/server.js";
import { parseIntegerOption } from "./options.js";

export interface SimulateFlags {
  tenantSnapshot?: string;
  demo?: boolean;
  demoUsers?: number;
  seed?: number;
  port?: number;
  timeScale?: number;
}

export interface SimulateIo {
  write(text: string): void;
  /** Resolves when the simulator should stop (SIGINT/SIGTERM for the CLI). */
  stopped: Promise<void>;
  /** Called once the simulator is listening (tests use it to reach the running server). */
  started?(handle: SimulatorHandle): void;
}

/** `phishtrail simulate`: serve the Graph simulator until stopped. */
export function simulateCommand(): Command {
  return new Command("simulate")
    .description("Serve the Graph simulator (a tenant snapshot or the demo tenant) over HTTPS until stopped.")
    .option("--tenant-snapshot <file>", "serve this tenant snapshot (phishtrail-tenant-snapshot/1)")
    .option("--demo", "serve the generated demo tenant")
    .option("--demo-users <n>", "demo tenant size", parseIntegerOption("--demo-users", 40, 100000))
    .option("--seed <n>", "demo tenant seed", parseIntegerOption("--seed", 0, 2 ** 31))
    .option("--port <n>", "port on 127.0.0.1 (default: any free port)", parseIntegerOption("--port", 0, 65535))
    .option("--time-scale <x>", "real time per Graph time for throttling windows and Retry-After (default 1)", parseTimeScale)
    .addHelpText(
      "after",
      `
It prints the base URL, the token endpoint, the CA certificate path and the export lines that point
'phishtrail scan' and 'phishtrail contain' at it. Changes made by 'contain' last while it runs.

Examples:
  phishtrail simulate --demo --port 8443
  phishtrail simulate --tenant-snapshot export.json --time-scale 0.1`,
    )
    .action(async (flags: SimulateFlags) => {
      const stopped = new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await runSimulate(flags, { write: (text) => process.stdout.write(text), stopped });
    });
}

export async function runSimulate(flags: SimulateFlags, io: SimulateIo): Promise<void> {
  if (flags.demo && flags.tenantSnapshot) throw new InputError("--demo and --tenant-snapshot cannot be combined", "BAD_ARGS");
  if (!flags.demo && !flags.tenantSnapshot) throw new InputError("simulate needs --tenant-snapshot <file> or --demo", "BAD_ARGS");
  if (!flags.demo && (flags.demoUsers !== undefined || flags.seed !== undefined)) throw new InputError("--demo-users and --seed only apply with --demo", "BAD_ARGS");
  const { snapshot, label } = await loadTenant(flags);
  // Loaded on use: its certificate library costs every other command a quarter second at start-up.
  const { startSimulator } = await import("../simulator/server.js");
  const simulator = await startSimulator({ snapshot, port: flags.port ?? 0, timeScale: flags.timeScale ?? 1 });
  try {
    io.write(describe(simulator, snapshot, label));
    io.started?.(simulator);
    await io.stopped;
    io.write("Stopping the Graph simulator.\n");
  } finally {
    await simulator.close();
  }
}

async function loadTenant(flags: SimulateFlags): Promise<{ snapshot: TenantSnapshot; label: string }> {
  if (flags.tenantSnapshot) return { snapshot: loadSnapshotFile(flags.tenantSnapshot), label: flags.tenantSnapshot };
  const { generateDemoTenant } = await import("../simulator/demo/generate.js");
  const seed = flags.seed;
  const { snapshot } = generateDemoTenant({ users: flags.demoUsers, seed });
  return { snapshot, label: `demo tenant${seed === undefined ? "" : ` (seed ${seed})`}` };
}

function describe(simulator: SimulatorHandle, snapshot: TenantSnapshot, label: string): string {
  const exports = {
    AZURE_TENANT_ID: simulator.tenantId,
    AZURE_CLIENT_ID: simulator.clientId,
    AZURE_CLIENT_SECRET: simulator.clientSecret,
    AZURE_AUTHORITY_HOST: simulator.authorityHost,
    PHISHTRAIL_GRAPH_URL: simulator.baseUrl,
    NODE_EXTRA_CA_CERTS: simulator.caCertPath,
  };
  return [
    `Graph simulator serving ${label}: ${snapshot.users?.length ?? 0} users, ${snapshot.signIns?.length ?? 0} sign-ins`,
    `Base URL:        ${simulator.baseUrl}  (Graph at /v1.0 and /beta)`,
    `Token endpoint:  ${simulator.tokenEndpoint}`,
    `CA certificate:  ${simulator.caCertPath}`,
    "",
    "Point scan and contain at it (the environment overrides config.json):",
    ...Object.entries(exports).map(([name, value]) => `export ${name}=${shellWord(value)}`),
    "",
    "Serving until interrupted (Ctrl+C or SIGTERM).",
    "",
  ].join("\n");
}

function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function parseTimeScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000) throw new InvalidArgumentError(`--time-scale expects a number above 0 (at most 1000), got "${value}"`);
  return scale;
}
