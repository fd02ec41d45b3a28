import type { GraphGateway } from "../graph/gateway.js";
import type { GraphFailure } from "../graph/graph-errors.js";
import type { GraphResponse } from "../graph/request.js";
import { registerSecret } from "../lib/log.js";
import { describeWriteFailure } from "./failure.js";
import { generatePassword } from "./password.js";
import { discardPasswordFile, writePasswordFile, type PasswordTarget } from "./password-delivery.js";
import { callText } from "./render-plan.js";
import type { PlanStep } from "./plan.js";

export interface StepOutcome {
  step: PlanStep;
  result: "done" | "already-done" | "failed";
  /** The Graph call made, as "METHOD /v1.0/path" (bodies are never recorded). */
  request?: string;
  status?: number;
  code?: string;
  /** The permission to grant when Graph refused for lack of it. */
  permission?: string;
  detail: string;
}

export interface ExecuteContext {
  gateway: GraphGateway;
  userPrincipalName: string;
  passwordTarget: PasswordTarget;
  /** Shows a new password once, on the interactive terminal only. */
  showPassword(password: string, caveat?: string): void;
  now(): Date;
}

const DONE_TEXT: Record<Exclude<PlanStep["kind"], "reset-password">, (step: PlanStep) => string> = {
  disable: () => "sign-in blocked (accountEnabled: false)",
  "remove-method": (step) => `removed ${step.what}`,
  "remove-rule": (step) => `deleted ${step.what}`,
  "revoke-sessions": () => "sessions and refresh tokens revoked (Graph applies it within minutes)",
};

function requestText(step: PlanStep): string {
  return callText({ ...step, call: step.call && { method: step.call.method, path: step.call.path } });
}

/** No answer, or a server error: the write may have happened. */
function outcomeUnknown(failure: GraphFailure): boolean {
  return failure.status === 0 || failure.status >= 500;
}

function failed(step: PlanStep, failure: GraphFailure, extra = ""): StepOutcome {
  const described = describeWriteFailure(step.requirement, failure);
  return { step, result: "failed", request: requestText(step), status: failure.status, code: described.code, permission: described.permission, detail: `${described.detail}${extra}` };
}

async function send(gateway: GraphGateway, step: PlanStep, body?: unknown): Promise<GraphResponse> {
  const call = step.call!;
  const request = { path: call.path };
  if (call.method === "POST") return gateway.post(request, body);
  if (call.method === "PATCH") return gateway.patch(request, body);
  return gateway.delete(request);
}

async function resetPassword(step: PlanStep, ctx: ExecuteContext): Promise<StepOutcome> {
  const password = generatePassword();
  registerSecret(password);
  const target = ctx.passwordTarget;
  if (target.kind === "file") {
    try {
      writePasswordFile(target.path, password, ctx.userPrincipalName, ctx.now().toISOString());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "Error";
      return { step, result: "failed", code: "PasswordFileNotWritten", detail: `could not create the password file ${target.path} (${code}), so the password was not changed` };
    }
  }
  const answer = await send(ctx.gateway, step, { passwordProfile: { forceChangePasswordNextSignIn: true, password } });
  const where = target.kind === "file" ? `written to ${target.path} (owner-only)` : "shown once on this terminal";
  if (answer.ok) {
    if (target.kind === "terminal") ctx.showPassword(password);
    return { step, result: "done", request: requestText(step), status: answer.status, detail: `new password set, to be changed at next sign-in; ${where}` };
  }
  if (outcomeUnknown(answer.failure)) {
    // Graph may have set it: keep it where the operator can find it.
    if (target.kind === "terminal") ctx.showPassword(password, "Graph did not confirm it; it may or may not be the account's password now");
    return failed(step, answer.failure, ` The generated password is kept (${where}) in case Graph applied it.`);
  }
  if (target.kind === "file") discardPasswordFile(target.path);
  return failed(step, answer.failure);
}

/** Performs one planned step. Never throws for a Graph failure: one failed action does not stop the others. */
export async function executeStep(step: PlanStep, ctx: ExecuteContext): Promise<StepOutcome> {
  const prediction = step.prediction;
  if (prediction.state === "already-done") return { step, result: "already-done", detail: prediction.reason };
  if (prediction.state === "impossible" || !step.call) {
    return { step, result: "failed", code: prediction.state === "impossible" ? prediction.code : "NoGraphCall", detail: prediction.reason };
  }
  if (step.kind === "reset-password") return resetPassword(step, ctx);
  const answer = await send(ctx.gateway, step, step.kind === "disable" ? { accountEnabled: false } : undefined);
  if (answer.ok) {
    if (step.kind === "revoke-sessions" && answer.body.value === false) {
      return { step, result: "failed", request: requestText(step), status: answer.status, code: "RevokeReturnedFalse", detail: "Graph answered value=false: the sessions were not revoked; re-run to retry" };
    }
    return { step, result: "done", request: requestText(step), status: answer.status, detail: DONE_TEXT[step.kind](step) };
  }
  if (step.call.method === "DELETE" && answer.failure.status === 404) {
    return { step, result: "already-done", request: requestText(step), status: 404, code: answer.failure.code, detail: `Graph says it no longer exists (404 ${answer.failure.code})` };
  }
  return failed(step, answer.failure);
}
