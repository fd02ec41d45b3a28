import { InputError } from "../lib/errors.js";
import { redact } from "../lib/log.js";
import { checkOutDir } from "../scan/output-dir.js";
import { hasAnyAction, mergeActions, type RequestedActions } from "./actions.js";
import { applyPlan } from "./apply.js";
import type { GraphConnection } from "./connect.js";
import { selectFromReport, type ReportSelection } from "./from-report.js";
import { readContainmentHistory } from "./history.js";
import { PASSWORD_METHOD_ID } from "./method-types.js";
import { checkPasswordFile } from "./password-delivery.js";
import { buildPlan } from "./plan.js";
import { renderPlan } from "./render-plan.js";

export interface ContainOptions {
  /** UPN or object id. */
  user: string;
  actions: RequestedActions;
  /** report.json: adds exactly what that scan flagged for the user. */
  fromReport?: string;
  apply: boolean;
  /** Skip typing the UPN back. */
  yes: boolean;
  /** Exactly this folder (default: a new folder under outputRoot). */
  out?: string;
  /** config scan.outputDir: new folders go here, and earlier action logs are read from here. */
  outputRoot: string;
  passwordFile?: string;
}

export interface TextOutput {
  write(text: string): void;
  isTTY?: boolean;
}

export interface ContainIo {
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdout: TextOutput;
  /** Opens Graph (real, or a simulator); called once, after the arguments are checked. */
  connect(): Promise<GraphConnection>;
  now?: () => Date;
}

const ACTION_FLAGS = "--revoke-sessions, --reset-password, --disable, --remove-rule <id>, --remove-method <id> or --from-report <report.json>";

/** Everything that can be refused before Graph is touched: exit 2, nothing read, nothing written. */
function checkArguments(options: ContainOptions, actions: RequestedActions, io: ContainIo): void {
  if (actions.removeMethods.some((id) => id.toLowerCase() === PASSWORD_METHOD_ID)) {
    throw new InputError(`--remove-method ${PASSWORD_METHOD_ID}: that is the password method, which cannot be deleted; use --reset-password to replace the password`, "BAD_ARGS");
  }
  if (options.passwordFile && !actions.resetPassword) throw new InputError("--password-file is only used with --reset-password", "BAD_ARGS");
  if (options.out) checkOutDir(options.out);
  if (options.apply && options.passwordFile) checkPasswordFile(options.passwordFile, "--password-file");
  if (options.apply && !options.yes && !io.stdinIsTTY) {
    throw new InputError(
      "--apply asks for the user's UPN to be typed back, but stdin is not a terminal: run it interactively, or add --yes to apply without confirmation (scripts)",
      "CONFIRMATION_REQUIRED",
    );
  }
}

/**
 * `phishtrail contain`: resolves the user, reads the current state, prints the plan, and only with
 * `apply` (and a confirmation) changes anything. Returns the exit code: 0 when every action is done
 * or already done (or on a dry run), 1 when any failed. Bad input throws InputError (exit 2).
 */
export async function runContain(options: ContainOptions, io: ContainIo): Promise<number> {
  const print = (line = "") => io.stdout.write(`${redact(line)}\n`);
  const userRef = options.user.trim();
  if (userRef === "") throw new InputError("--user: give the user's UPN or object id", "BAD_ARGS");
  let actions = options.actions;
  let selection: ReportSelection | undefined;
  if (options.fromReport) {
    selection = selectFromReport(options.fromReport, userRef);
    actions = mergeActions(actions, selection.actions);
  }
  if (!hasAnyAction(actions)) {
    if (selection) {
      print(`${options.fromReport}: the scan flagged nothing to contain for ${selection.userPrincipalName} (level ${selection.riskLevel}, no flagged rules or methods). Nothing to do.`);
      return 0;
    }
    throw new InputError(`choose at least one action: ${ACTION_FLAGS}`, "BAD_ARGS");
  }
  checkArguments(options, actions, io);

  const connection = await io.connect();
  try {
    const plan = await buildPlan(connection.gateway, userRef, actions, (user) => readContainmentHistory(options.outputRoot, user));
    if (selection && selection.userId.toLowerCase() !== plan.profile.id.toLowerCase()) {
      throw new InputError(
        `--from-report ${options.fromReport}: the report's ${selection.userPrincipalName} has id ${selection.userId}, but Graph resolved "${userRef}" to id ${plan.profile.id}: the report is from another tenant or another account`,
        "BAD_REPORT",
      );
    }
    for (const line of renderPlan(plan)) print(line);
    if (!options.apply) {
      print("");
      print("Dry run: nothing was changed and nothing was written. Add --apply to perform the changes.");
      return 0;
    }
    return await applyPlan(plan, connection.gateway, options, io, print);
  } finally {
    await connection.close();
  }
}
