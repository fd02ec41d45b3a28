import { Command } from "commander";
import { loadConfig } from "../config/load-config.js";
import { renderDoctor } from "../doctor/render.js";
import { runDoctor } from "../doctor/run-doctor.js";
import { InputError } from "../lib/errors.js";
import { redact } from "../lib/log.js";
import type { SourceRequest } from "../scan/data-source.js";
import { loadSnapshotFile } from "../simulator/snapshot-file.js";
import { parseIntegerOption } from "./options.js";

interface DoctorFlags {
  config?: string;
  tenantSnapshot?: string;
  demo?: boolean;
  demoUsers?: number;
  seed?: number;
}

/** `phishtrail doctor`: credentials, granted permissions and licences against what phishtrail needs. */
export function doctorCommand(setExitCode: (code: number) => void = (code) => void (process.exitCode = code)): Command {
  return new Command("doctor")
    .description("Check credentials, granted permissions and licences against what each source and action needs.")
    .option("--config <file>", "configuration file")
    .option("--tenant-snapshot <file>", "check against the embedded Graph simulator serving this snapshot")
    .option("--demo", "check against the embedded Graph simulator serving the demo tenant")
    .option("--demo-users <n>", "demo tenant size", parseIntegerOption("--demo-users", 10, 100000))
    .option("--seed <n>", "demo tenant seed", parseIntegerOption("--seed", 0, 2 ** 31))
    .addHelpText(
      "after",
      `
Gets a token with the configured credential (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or
AZURE_CLIENT_CERTIFICATE_PATH, or graph.* in config.json), reads the application permissions it
carries (the token itself is never printed), sends one cheap read per licensed source ($top=1) to
see whether the tenant has the licence, and prints a table: source -> needed permission -> granted
-> licence, the containment actions likewise, and the least-privilege app registration.

Examples:
  phishtrail doctor
  phishtrail doctor --config prod.json
  phishtrail doctor --demo                      see the output against the built-in demo tenant

Exit codes: 0 every scan source is usable; 1 a scan source lacks its permission or licence, or no
token could be obtained (containment permissions are reported but do not change the exit code);
2 bad input.`,
    )
    .action(async (flags: DoctorFlags) => {
      const { config } = loadConfig(flags.config);
      if (flags.demo && flags.tenantSnapshot) throw new InputError("--demo and --tenant-snapshot cannot be combined", "BAD_ARGS");
      let source: SourceRequest = { kind: "graph" };
      if (flags.demo) source = { kind: "demo", users: flags.demoUsers ?? config.demo.users, seed: flags.seed ?? config.demo.seed };
      if (flags.tenantSnapshot) source = { kind: "snapshot", path: flags.tenantSnapshot, snapshot: loadSnapshotFile(flags.tenantSnapshot) };
      const result = await runDoctor(source, config, process.env, new Date());
      process.stdout.write(redact(renderDoctor(result)));
      setExitCode(result.ok ? 0 : 1);
    });
}
