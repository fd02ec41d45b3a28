import { Command } from "commander";
import { loadConfig } from "../config/load-config.js";
import { connectGraph } from "../contain/connect.js";
import { runContain } from "../contain/run-contain.js";
import { InputError } from "../lib/errors.js";
import type { SourceRequest } from "../scan/data-source.js";
import { loadSnapshotFile } from "../simulator/snapshot-file.js";
import { collectRepeatable, parseIntegerOption } from "./options.js";

interface ContainFlags {
  user: string;
  revokeSessions?: boolean;
  resetPassword?: boolean;
  disable?: boolean;
  removeRule: string[];
  removeMethod: string[];
  fromReport?: string;
  apply?: boolean;
  yes?: boolean;
  out?: string;
  config?: string;
  passwordFile?: string;
  tenantSnapshot?: string;
  demo?: boolean;
  demoUsers?: number;
  seed?: number;
}

export function containCommand(setExitCode: (code: number) => void): Command {
  return new Command("contain")
    .description("Secure a compromised account: revoke sessions, reset the password, disable, remove flagged inbox rules and MFA methods.")
    .requiredOption("--user <upn-or-id>", "the account to contain")
    .option("--revoke-sessions", "revoke all sign-in sessions and refresh tokens")
    .option("--reset-password", "set a random password that must be changed at next sign-in")
    .option("--disable", "block sign-in (accountEnabled: false)")
    .option("--remove-rule <id>", "delete this inbox rule (repeatable)", collectRepeatable, [])
    .option("--remove-method <id>", "delete this authentication method (repeatable)", collectRepeatable, [])
    .option("--from-report <report.json>", "everything that scan flagged for this user")
    .option("--apply", "perform the plan (default: print it and change nothing)")
    .option("--yes", "with --apply: do not ask for the UPN to be typed back (scripts)")
    .option("--out <dir>", "evidence and action log folder (default: a new folder under output/)")
    .option("--password-file <path>", "write the new password to this new owner-only file")
    .option("--config <file>", "configuration file")
    .option("--tenant-snapshot <file>", "act on a saved tenant snapshot through the embedded Graph simulator (testing)")
    .option("--demo", "act on the built-in demo tenant through the embedded Graph simulator (testing)")
    .option("--demo-users <n>", "demo tenant size", parseIntegerOption("--demo-users", 10, 100000))
    .option("--seed <n>", "demo tenant seed", parseIntegerOption("--seed", 0, 2 ** 31))
    .addHelpText(
      "after",
      `
Safe by default: without --apply it reads the account, prints each action with its Graph call,
the permission it needs and whether it is already done, and changes nothing. With --apply it asks
for the UPN to be typed back (or --yes), saves evidence-before.json, then appends every result to
actions.jsonl in the output folder. Re-running is safe: what is already done says so.

The new password is shown once on an interactive terminal; otherwise (or with --password-file) it
is written to a new owner-only file (default <out>/password.txt) whose path is printed.

Examples:
  phishtrail contain --user adele@contoso.com --revoke-sessions --reset-password
  phishtrail contain --user adele@contoso.com --from-report output/2026-11-27T06-00-00Z-scan/report.json --apply
  phishtrail contain --user adele@contoso.com --remove-rule 'AQAAAK7xQ3E=' --disable --apply --yes

Permissions (application): User.RevokeSessions.All, User-PasswordProfile.ReadWrite.All,
User.EnableDisableAccount.All + User.Read.All, MailboxSettings.ReadWrite,
UserAuthenticationMethod.ReadWrite.All (passkeys: UserAuthMethod-Passkey.ReadWrite.All).
Exit codes: 0 every action done or already done, 1 an action failed, 2 bad input (nothing changed).`,
    )
    .action(async (flags: ContainFlags) => {
      const { config } = loadConfig(flags.config);
      if (flags.demo && flags.tenantSnapshot) throw new InputError("--demo and --tenant-snapshot cannot be combined", "BAD_ARGS");
      let source: SourceRequest = { kind: "graph" };
      if (flags.demo) source = { kind: "demo", users: flags.demoUsers ?? config.demo.users, seed: flags.seed ?? config.demo.seed };
      if (flags.tenantSnapshot) source = { kind: "snapshot", path: flags.tenantSnapshot, snapshot: loadSnapshotFile(flags.tenantSnapshot) };
      const code = await runContain(
        {
          user: flags.user,
          actions: {
            revokeSessions: flags.revokeSessions === true,
            resetPassword: flags.resetPassword === true,
            disable: flags.disable === true,
            removeRules: flags.removeRule,
            removeMethods: flags.removeMethod,
          },
          fromReport: flags.fromReport,
          apply: flags.apply === true,
          yes: flags.yes === true,
          out: flags.out,
          outputRoot: config.scan.outputDir,
          passwordFile: flags.passwordFile,
        },
        {
          stdin: process.stdin,
          stdinIsTTY: process.stdin.isTTY === true,
          stdout: { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true },
          connect: () => connectGraph(source, config, process.env, new Date()),
        },
      );
      setExitCode(code);
    });
}
