import { Command, CommanderError } from "commander";
import { ExitCode, PhishtrailError, messageOf } from "../lib/errors.js";
import { redact, registerSecret } from "../lib/log.js";
import { TOOL_VERSION } from "../lib/package-info.js";
import { ackCommand } from "./ack.js";
import { containCommand } from "./contain.js";
import { doctorCommand } from "./doctor.js";
import { scanCommand } from "./scan.js";
import { simulateCommand } from "./simulate.js";

const OVERVIEW = `
phishtrail answers "this user may have been phished: what did the attacker do, how sure are we,
and what do we do now?" for Microsoft 365. It reads Microsoft Graph (sign-ins, inbox rules, sent
mail, MFA methods, audit logs, Defender alerts, risk, consents), scores each user, and writes
HTML, PDF, CSV and JSON reports.

Start here:
  phishtrail scan --demo --all             try it on the built-in demo tenant (no credentials)
  phishtrail scan --user <upn> --since 7d  investigate one user in your tenant
  phishtrail scan --all --since last-run   nightly: only what is new, tickets for new incidents only
  phishtrail ack <ticket_key> --reason ..  stop a known-benign incident from returning
  phishtrail doctor                        check credentials and Graph permissions
  phishtrail <command> --help              options and examples of each command

Exit codes: 0 done, 1 failed at run time, 2 bad input (nothing written), 3 --fail-on level reached.`;

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command("phishtrail")
    .description("Investigate possibly-phished Microsoft 365 users through Microsoft Graph.")
    .version(TOOL_VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", OVERVIEW);
  program.addCommand(scanCommand(setExitCode));
  program.addCommand(simulateCommand());
  program.addCommand(containCommand(setExitCode));
  program.addCommand(ackCommand());
  program.addCommand(doctorCommand(setExitCode));
  for (const command of [program, ...program.commands]) command.exitOverride();
  return program;
}

/** Runs the CLI and returns the process exit code; every failure is mapped here and only here. */
export async function main(argv: string[]): Promise<number> {
  // Known before anything runs, so no message, log line or stack can print it.
  registerSecret(process.env.AZURE_CLIENT_SECRET);
  let exitCode: number = ExitCode.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return ExitCode.ok;
      if (error.exitCode === 0) return ExitCode.ok;
      return ExitCode.badInput;
    }
    process.stderr.write(`phishtrail: ${redact(messageOf(error))}\n`);
    if (error instanceof PhishtrailError) return error.exitCode;
    if (process.env.PHISHTRAIL_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${redact(error.stack)}\n`);
    return ExitCode.runtime;
  }
}
