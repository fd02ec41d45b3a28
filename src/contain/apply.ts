import { join } from "node:path";
import { normaliseUser, userRequest } from "../collect/sources/users.js";
import type { GraphGateway } from "../graph/gateway.js";
import { InputError } from "../lib/errors.js";
import { TOOL_VERSION } from "../lib/package-info.js";
import { createOutDir, newRunFolder } from "../scan/output-dir.js";
import { ACTION_LOG_NAME, ActionLog, type LoggedUser } from "./action-log.js";
import { confirmsUpn, readLine } from "./confirm.js";
import { writeEvidenceBefore } from "./evidence-file.js";
import { executeStep, type StepOutcome } from "./execute.js";
import { checkPasswordFile, choosePasswordTarget } from "./password-delivery.js";
import type { ContainPlan } from "./plan.js";
import type { ContainIo, ContainOptions } from "./run-contain.js";

const RESULT_LABEL = { done: "done", "already-done": "already done", failed: "FAILED" } as const;

function folderLabel(userPrincipalName: string): string {
  return `contain-${userPrincipalName.toLowerCase().replace(/[^a-z0-9._@-]+/g, "_").slice(0, 64)}`;
}

function outcomeLine(outcome: StepOutcome): string {
  const target = outcome.step.target ? ` ${outcome.step.target}` : "";
  const code = outcome.result === "failed" && outcome.code ? ` [${outcome.code}]` : "";
  return `  ${RESULT_LABEL[outcome.result].padEnd(12)} ${outcome.step.kind}${target}${code}: ${outcome.detail}`;
}

/** The account state after the changes, for the log's last line (best effort: a failed read is noted). */
async function stateAfter(gateway: GraphGateway, id: string): Promise<Record<string, unknown>> {
  const answer = await gateway.get(userRequest(id));
  if (!answer.ok) return { readFailed: answer.failure.code };
  const profile = normaliseUser(answer.body);
  return {
    accountEnabled: profile?.accountEnabled,
    signInSessionsValidFromDateTime: profile?.signInSessionsValidFromDateTime,
    lastPasswordChangeDateTime: profile?.lastPasswordChangeDateTime,
  };
}

async function confirm(plan: ContainPlan, options: ContainOptions, io: ContainIo, changes: number): Promise<"typed-upn" | "--yes"> {
  if (options.yes) return "--yes";
  const upn = plan.profile.userPrincipalName;
  io.stdout.write(`\nType the user's UPN (${upn}) to apply ${changes} change(s); anything else cancels: `);
  const typed = await readLine(io.stdin);
  if (!confirmsUpn(typed, upn)) throw new InputError("Confirmation did not match the user's UPN: nothing was changed and nothing was written.", "NOT_CONFIRMED");
  return "typed-upn";
}

/**
 * Performs a plan: confirmation, evidence before any change, then each action in order, each
 * result appended to the action log as it happens. Returns the exit code (1 if any action failed).
 */
export async function applyPlan(plan: ContainPlan, gateway: GraphGateway, options: ContainOptions, io: ContainIo, print: (line?: string) => void): Promise<number> {
  const now = io.now ?? (() => new Date());
  const upn = plan.profile.userPrincipalName;
  const outDir = options.out ?? newRunFolder(options.outputRoot, now(), folderLabel(upn));
  const passwordTarget = choosePasswordTarget(options.passwordFile, outDir, io.stdout.isTTY === true);
  if (plan.steps.some((s) => s.kind === "reset-password") && passwordTarget.kind === "file") {
    checkPasswordFile(passwordTarget.path, options.passwordFile ? "--password-file" : "the password file");
  }
  const changes = plan.steps.filter((s) => s.prediction.state === "will-change").length;
  const confirmedBy = changes > 0 ? await confirm(plan, options, io, changes) : "--yes";

  createOutDir(outDir);
  const evidence = writeEvidenceBefore(outDir, plan, now().toISOString(), TOOL_VERSION);
  print(`\nEvidence saved before any change: ${evidence}`);
  const user: LoggedUser = { id: plan.profile.id, userPrincipalName: upn };
  const log = ActionLog.open(join(outDir, ACTION_LOG_NAME));
  const outcomes: StepOutcome[] = [];
  try {
    log.append({
      time: now().toISOString(),
      event: "start",
      tool: { name: "phishtrail", version: TOOL_VERSION },
      user,
      confirmedBy,
      evidence,
      planned: plan.steps.map((s) => ({ action: s.kind, target: s.target, prediction: s.prediction.state })),
    });
    const context = {
      gateway,
      userPrincipalName: upn,
      passwordTarget,
      now,
      showPassword: (password: string, caveat?: string) => {
        // The one place the password is written to a terminal, deliberately past redaction.
        io.stdout.write(`\n  New password for ${upn}: ${password}\n  (${caveat ?? "shown once, saved nowhere; the user must change it at next sign-in. Deliver it out of band"})\n\n`);
      },
    };
    for (const step of plan.steps) {
      const outcome = await executeStep(step, context);
      outcomes.push(outcome);
      log.append({
        time: now().toISOString(),
        event: "action",
        user,
        action: step.kind,
        target: step.target,
        result: outcome.result,
        request: outcome.request,
        status: outcome.status,
        code: outcome.code,
        permission: outcome.permission,
        detail: outcome.detail,
      });
      print(outcomeLine(outcome));
    }
    const count = (result: StepOutcome["result"]) => outcomes.filter((o) => o.result === result).length;
    const after = changes > 0 ? await stateAfter(gateway, plan.profile.id) : undefined;
    log.append({ time: now().toISOString(), event: "finish", user, done: count("done"), alreadyDone: count("already-done"), failed: count("failed"), after });
    print("");
    print(`${count("done")} done, ${count("already-done")} already done, ${count("failed")} failed. Action log: ${log.path}`);
    if (count("failed") > 0) {
      print("Fix what the FAILED lines name and run the command again: removed rules and methods and a disabled account then report");
      print("\"already done\"; a successful password reset or session revocation would be repeated, so drop those flags if they were done.");
    }
    return count("failed") > 0 ? 1 : 0;
  } finally {
    log.close();
  }
}
