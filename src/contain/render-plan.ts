import type { UserProfile } from "../collect/evidence.js";
import { printable } from "./describe.js";
import type { ContainPlan, PlanStep } from "./plan.js";

const PREDICTION_LABEL = { "will-change": "will change", "already-done": "already done", impossible: "cannot be done" } as const;

function permissionText(step: PlanStep): string {
  const also = step.requirement.alternatives.length ? ` (or ${step.requirement.alternatives.join(", ")})` : "";
  return `${step.requirement.permission}${also}`;
}

export function callText(step: PlanStep, version = "v1.0"): string {
  if (!step.call) return "(no Graph call)";
  const body = step.call.shownBody === undefined ? "" : ` ${JSON.stringify(step.call.shownBody)}`;
  return `${step.call.method} /${version}${step.call.path}${body}`;
}

function profileLine(profile: UserProfile): string {
  const parts = [
    profile.accountEnabled === false ? "account disabled" : profile.accountEnabled === true ? "account enabled" : "account state unknown",
    `synced from on-premises AD: ${profile.onPremisesSyncEnabled ? "YES" : "no"}`,
    `sessions valid from: ${profile.signInSessionsValidFromDateTime ?? "unknown"}`,
    `password last changed: ${profile.lastPasswordChangeDateTime ?? "unknown"}`,
  ];
  return parts.join("; ");
}

/** A banner that stands out in a scrolling terminal and in a pasted ticket alike. */
export function warningBlock(warnings: readonly string[]): string[] {
  if (warnings.length === 0) return [];
  const rule = "!".repeat(78);
  return [rule, ...warnings.map((w) => `!! WARNING: ${w}`), rule];
}

/** The plan as text: each action, its target, the Graph call, the permission and the predicted effect. */
export function renderPlan(plan: ContainPlan): string[] {
  const { profile } = plan;
  const lines = [
    `Containment plan for ${printable(profile.userPrincipalName)} (${printable(profile.displayName)}, id ${profile.id})`,
    `  ${profileLine(profile)}`,
    ...warningBlock(plan.warnings),
    "",
  ];
  plan.steps.forEach((step, index) => {
    const target = step.target ? ` ${printable(step.target)}` : "";
    lines.push(`  ${index + 1}. ${step.kind}${target}: ${step.what}`);
    lines.push(`     Graph call:  ${callText(step)}`);
    lines.push(`     permission:  ${permissionText(step)}`);
    lines.push(`     ${PREDICTION_LABEL[step.prediction.state]}: ${step.prediction.reason}`);
  });
  const changes = plan.steps.filter((s) => s.prediction.state === "will-change").length;
  const done = plan.steps.filter((s) => s.prediction.state === "already-done").length;
  const impossible = plan.steps.length - changes - done;
  lines.push("", `${changes} change(s) to make, ${done} already done, ${impossible} that cannot be done.`);
  return lines;
}
