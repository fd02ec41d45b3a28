import type { UserProfile } from "../collect/evidence.js";
import { normaliseUser, userRequest } from "../collect/sources/users.js";
import type { GraphGateway } from "../graph/gateway.js";
import { coverageFromFailure, type GraphFailure } from "../graph/graph-errors.js";
import { InputError, RuntimeError } from "../lib/errors.js";
import type { ContainmentRecord } from "../report/types.js";
import type { GraphObject } from "../snapshot/types.js";
import { ACTION_ORDER, ACTION_REQUIREMENTS, type ActionKind, type RequestedActions, type WriteRequirement } from "./actions.js";
import { describeMethod, describeRule, printable } from "./describe.js";
import { classifyMethod, removalRank } from "./method-types.js";
import { PASSWORD_LENGTH } from "./password.js";

export interface WriteCall {
  method: "POST" | "PATCH" | "DELETE";
  /** Relative to the version: "/users/{id}/revokeSignInSessions". */
  path: string;
  /** The body as the plan shows it (the password is generated only when the call is made). */
  shownBody?: unknown;
}

export type Prediction =
  | { state: "will-change"; reason: string }
  | { state: "already-done"; reason: string }
  | { state: "impossible"; code: string; reason: string };

export interface PlanStep {
  kind: ActionKind;
  /** Rule or method id. */
  target?: string;
  /** What is acted on, for people. */
  what: string;
  /** Absent when the action cannot be made through Graph. */
  call?: WriteCall;
  requirement: WriteRequirement;
  prediction: Prediction;
  /** The rule or method as Graph returned it, saved before it is removed. */
  evidence?: { kind: "inboxRule" | "authenticationMethod"; object: GraphObject };
}

export interface ContainPlan {
  /** The user object as Graph returned it. */
  user: GraphObject;
  profile: UserProfile;
  steps: PlanStep[];
  warnings: string[];
}

type ListRead = { ok: true; items: GraphObject[] } | { ok: false; failure: GraphFailure; message: string };

const SHOWN_PASSWORD = `<new random ${PASSWORD_LENGTH}-character password>`;

export function userPath(id: string): string {
  return `/users/${encodeURIComponent(id)}`;
}

/** Rule ids are base64: '=' stays readable in the path, as Graph's own examples write it. */
function idSegment(id: string): string {
  return encodeURIComponent(id).replace(/%3D/gi, "=");
}

async function readUser(gateway: GraphGateway, userRef: string): Promise<{ raw: GraphObject; profile: UserProfile }> {
  const answer = await gateway.get(userRequest(userRef));
  if (!answer.ok) {
    if (answer.failure.status === 404) {
      throw new InputError(`--user ${userRef}: no such user in the tenant (404 ${answer.failure.code}); check the UPN or object id`, "USER_NOT_FOUND");
    }
    throw new RuntimeError(`Could not read the user ${userRef}: ${coverageFromFailure("user", answer.failure).message}`, "GRAPH_READ_FAILED");
  }
  const { ["@odata.context"]: _context, ...raw } = answer.body;
  const profile = normaliseUser(raw);
  if (!profile) throw new RuntimeError(`Graph returned the user ${userRef} without an id`, "GRAPH_READ_FAILED");
  return { raw, profile };
}

async function readList(gateway: GraphGateway, path: string, source: "inboxRules" | "authMethods"): Promise<ListRead> {
  const items: GraphObject[] = [];
  for await (const page of gateway.pages({ path })) {
    if (!page.ok) return { ok: false, failure: page.failure, message: coverageFromFailure(source, page.failure).message };
    items.push(...page.items);
  }
  return { ok: true, items };
}

function ruleSteps(ids: string[], read: ListRead | undefined, base: string): PlanStep[] {
  return ids.map((id) => {
    const requirement = ACTION_REQUIREMENTS["remove-rule"];
    const call: WriteCall = { method: "DELETE", path: `${base}/mailFolders/inbox/messageRules/${idSegment(id)}` };
    if (!read || !read.ok) {
      const reason = `could not read the inbox rules first, so it cannot be saved as evidence and is not removed: ${read && !read.ok ? read.message : "not read"}`;
      return { kind: "remove-rule", target: id, what: `inbox rule ${id}`, requirement, prediction: { state: "impossible", code: read && !read.ok ? read.failure.code : "NotRead", reason } };
    }
    const rule = read.items.find((r) => r.id === id);
    if (!rule) {
      return { kind: "remove-rule", target: id, what: `inbox rule ${id}`, call, requirement, prediction: { state: "already-done", reason: "the inbox has no rule with this id (already removed)" } };
    }
    return {
      kind: "remove-rule",
      target: id,
      what: describeRule(rule),
      call,
      requirement,
      prediction: { state: "will-change", reason: "deletes the rule (it survives a password reset)" },
      evidence: { kind: "inboxRule", object: rule },
    };
  });
}

function methodSteps(ids: string[], read: ListRead | undefined, base: string): PlanStep[] {
  const generic: WriteRequirement = { label: "removing the authentication method", permission: "UserAuthenticationMethod.ReadWrite.All", alternatives: [] };
  const steps = ids.map((id): { step: PlanStep; rank: number } => {
    if (!read || !read.ok) {
      const reason = `could not read the authentication methods first, so it cannot be saved as evidence and is not removed: ${read && !read.ok ? read.message : "not read"}`;
      return { rank: 0, step: { kind: "remove-method", target: id, what: `authentication method ${id}`, requirement: generic, prediction: { state: "impossible", code: read && !read.ok ? read.failure.code : "NotRead", reason } } };
    }
    const method = read.items.find((m) => typeof m.id === "string" && m.id.toLowerCase() === id.toLowerCase());
    if (!method) {
      return { rank: 0, step: { kind: "remove-method", target: id, what: `authentication method ${id}`, requirement: generic, prediction: { state: "already-done", reason: "the user has no authentication method with this id (already removed)" } } };
    }
    const what = describeMethod(method);
    const evidence = { kind: "authenticationMethod" as const, object: method };
    const kind = classifyMethod(method);
    if (kind.kind === "password") {
      const reason = "the password method cannot be deleted (Graph has no DELETE for it); use --reset-password to replace the password";
      return { rank: 0, step: { kind: "remove-method", target: id, what, requirement: generic, prediction: { state: "impossible", code: "PasswordMethodNotRemovable", reason }, evidence } };
    }
    if (kind.kind === "unsupported") {
      const reason = `Graph v1.0 has no DELETE for ${printable(kind.odataType)}; remove it in the Entra admin center (Users > Authentication methods)`;
      return { rank: 0, step: { kind: "remove-method", target: id, what, requirement: generic, prediction: { state: "impossible", code: "MethodTypeNotRemovable", reason }, evidence } };
    }
    const call: WriteCall = { method: "DELETE", path: `${base}/authentication/${kind.type.collection}/${idSegment(method.id as string)}` };
    return {
      rank: removalRank(method),
      step: { kind: "remove-method", target: id, what, call, requirement: kind.type.requirement, prediction: { state: "will-change", reason: "removes the method (an attacker-registered method survives a password reset)" }, evidence },
    };
  });
  return steps.sort((a, b) => a.rank - b.rank).map((s) => s.step);
}

function lastPhishtrailReset(history: readonly ContainmentRecord[]): ContainmentRecord | undefined {
  return history.filter((r) => r.action === "reset-password" && r.result === "done").sort((a, b) => a.time.localeCompare(b.time)).at(-1);
}

function accountSteps(actions: RequestedActions, profile: UserProfile, base: string, history: readonly ContainmentRecord[]): PlanStep[] {
  const steps: PlanStep[] = [];
  if (actions.disable) {
    const prediction: Prediction =
      profile.accountEnabled === false ? { state: "already-done", reason: "the account is already disabled" } : { state: "will-change", reason: "blocks every new sign-in (the account is enabled now)" };
    steps.push({ kind: "disable", what: "the account", call: { method: "PATCH", path: base, shownBody: { accountEnabled: false } }, requirement: ACTION_REQUIREMENTS.disable, prediction });
  }
  if (actions.resetPassword) {
    const last = profile.lastPasswordChangeDateTime ? `password last changed ${profile.lastPasswordChangeDateTime}` : "password change time unknown";
    const prior = lastPhishtrailReset(history);
    const again = prior ? `; phishtrail already reset it at ${prior.time}, applying again sets another new password` : "";
    steps.push({
      kind: "reset-password",
      what: "the password",
      call: { method: "PATCH", path: base, shownBody: { passwordProfile: { forceChangePasswordNextSignIn: true, password: SHOWN_PASSWORD } } },
      requirement: ACTION_REQUIREMENTS["reset-password"],
      prediction: { state: "will-change", reason: `sets a random password the user must change at next sign-in (${last}${again})` },
    });
  }
  if (actions.revokeSessions) {
    const from = profile.signInSessionsValidFromDateTime ? `sessions currently valid from ${profile.signInSessionsValidFromDateTime}` : "never revoked before";
    steps.push({
      kind: "revoke-sessions",
      what: "all sign-in sessions and refresh tokens",
      call: { method: "POST", path: `${base}/revokeSignInSessions` },
      requirement: ACTION_REQUIREMENTS["revoke-sessions"],
      prediction: { state: "will-change", reason: `invalidates stolen session cookies and refresh tokens within minutes (${from})` },
    });
  }
  return steps;
}

function warningsFor(profile: UserProfile, actions: RequestedActions): string[] {
  const warnings: string[] = [];
  if (profile.onPremisesSyncEnabled) {
    const touches = [actions.resetPassword && "password reset", actions.disable && "disable"].filter(Boolean).join(" and ");
    warnings.push(
      `${profile.userPrincipalName} is synced from on-premises Active Directory (onPremisesSyncEnabled).` +
        (touches ? ` The ${touches} made here can be reverted by the next directory sync: also reset the password and disable the account in on-premises AD (a cloud password reset sticks only with password writeback).` : " Account changes made in Entra ID can be reverted by the next directory sync."),
    );
  }
  if (profile.userType?.toLowerCase() === "guest" && actions.revokeSessions) {
    warnings.push(`${profile.userPrincipalName} is a guest: revoking sessions here does not end their sessions in their home tenant.`);
  }
  return warnings;
}

/**
 * Reads what the actions touch (the user, and the inbox rules and methods named) and predicts each
 * action's effect. Reads only: nothing is changed.
 */
export async function buildPlan(
  gateway: GraphGateway,
  userRef: string,
  actions: RequestedActions,
  historyOf: (user: { id: string; userPrincipalName: string }) => readonly ContainmentRecord[],
): Promise<ContainPlan> {
  const { raw, profile } = await readUser(gateway, userRef);
  const history = actions.resetPassword ? historyOf(profile) : [];
  const base = userPath(profile.id);
  const rules = actions.removeRules.length ? await readList(gateway, `${base}/mailFolders/inbox/messageRules`, "inboxRules") : undefined;
  const methods = actions.removeMethods.length ? await readList(gateway, `${base}/authentication/methods`, "authMethods") : undefined;
  const steps = [...accountSteps(actions, profile, base, history), ...methodSteps(actions.removeMethods, methods, base), ...ruleSteps(actions.removeRules, rules, base)];
  steps.sort((a, b) => ACTION_ORDER.indexOf(a.kind) - ACTION_ORDER.indexOf(b.kind));
  return { user: raw, profile, steps, warnings: warningsFor(profile, actions) };
}
