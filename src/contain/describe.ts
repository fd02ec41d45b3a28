import type { GraphObject } from "../snapshot/types.js";
import { classifyMethod, odataTypeOf } from "./method-types.js";

/**
 * Attacker-controlled text (rule names, addresses, device names) made safe for a terminal:
 * control characters and bidi overrides could rewrite what the operator sees before confirming.
 */
export function printable(value: unknown, max = 80): string {
  const text = typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "?");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function addresses(value: unknown): string[] {
  if (!Array.isArray(value)) return value && typeof value === "object" ? addresses([value]) : [];
  return value
    .map((recipient) => (recipient as { emailAddress?: { address?: unknown } })?.emailAddress?.address)
    .filter((address): address is string => typeof address === "string")
    .map((address) => printable(address, 60));
}

/** One line saying what an inbox rule does, so the operator can recognise it before removing it. */
export function describeRule(rule: GraphObject): string {
  const actions = (rule.actions && typeof rule.actions === "object" ? rule.actions : {}) as Record<string, unknown>;
  const parts: string[] = [];
  const forwards = [...addresses(actions.forwardTo), ...addresses(actions.forwardAsAttachmentTo), ...addresses(actions.redirectTo)];
  if (forwards.length) parts.push(`forwards to ${forwards.join(", ")}`);
  if (typeof actions.moveToFolder === "string") parts.push("moves mail to another folder");
  if (actions.delete === true || actions.permanentDelete === true) parts.push("deletes mail");
  if (actions.markAsRead === true) parts.push("marks it read");
  const state = rule.isEnabled === false ? "disabled" : "enabled";
  return `inbox rule ${JSON.stringify(printable(rule.displayName, 60))} (${state}${parts.length ? `; ${parts.join(", ")}` : ""})`;
}

/** One line naming an authentication method (type and the detail the user would recognise). */
export function describeMethod(method: GraphObject): string {
  const kind = classifyMethod(method);
  const label = kind.kind === "removable" ? kind.type.label : kind.kind === "password" ? "password" : printable(odataTypeOf(method) || "unknown method");
  const detail = [method.phoneNumber, method.emailAddress, method.displayName, method.model].find((v) => typeof v === "string" && v !== "");
  const created = typeof method.createdDateTime === "string" ? `, registered ${method.createdDateTime}` : "";
  return `${label}${detail ? ` ${JSON.stringify(printable(detail, 60))}` : ""}${created}`;
}
