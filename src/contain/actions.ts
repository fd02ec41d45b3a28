/**
 * The containment actions, the Graph call each one makes and the least-privileged application
 * permission it needs (graph-api.md §1.12 and §5). `doctor` and failure messages read this table.
 */
export type ActionKind = "disable" | "reset-password" | "remove-method" | "remove-rule" | "revoke-sessions";

/** What the operator asked for, before anything is read from Graph. */
export interface RequestedActions {
  revokeSessions: boolean;
  resetPassword: boolean;
  disable: boolean;
  removeRules: string[];
  removeMethods: string[];
}

export interface WriteRequirement {
  /** What the action is, for sentences: "disabling the account". */
  label: string;
  /** Least-privileged application permission(s), as the admin would grant them. */
  permission: string;
  /** Other permissions that also work. */
  alternatives: string[];
  /** Something besides the permission that can make Graph refuse. */
  note?: string;
}

export const ACTION_REQUIREMENTS: Readonly<Record<Exclude<ActionKind, "remove-method">, WriteRequirement>> = {
  "revoke-sessions": {
    label: "revoking the user's sign-in sessions",
    permission: "User.RevokeSessions.All",
    alternatives: ["User.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  "reset-password": {
    label: "setting a new password",
    permission: "User-PasswordProfile.ReadWrite.All",
    alternatives: [],
    note: "User.ReadWrite.All does not cover passwords; for an administrator account the app also needs an Entra role such as Privileged Authentication Administrator",
  },
  disable: {
    label: "disabling the account",
    permission: "User.EnableDisableAccount.All + User.Read.All",
    alternatives: ["User.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  "remove-rule": {
    label: "deleting the inbox rule",
    permission: "MailboxSettings.ReadWrite",
    alternatives: [],
    note: "an Exchange application access policy or RBAC scope may also exclude this mailbox",
  },
};

/**
 * Execution order. Disabling first stops new sign-ins while the rest runs; revoking last makes
 * every token issued before it invalid, including any obtained while the other steps ran.
 */
export const ACTION_ORDER: readonly ActionKind[] = ["disable", "reset-password", "remove-method", "remove-rule", "revoke-sessions"];

export function hasAnyAction(actions: RequestedActions): boolean {
  return actions.revokeSessions || actions.resetPassword || actions.disable || actions.removeRules.length > 0 || actions.removeMethods.length > 0;
}

export function mergeActions(a: RequestedActions, b: RequestedActions): RequestedActions {
  return {
    revokeSessions: a.revokeSessions || b.revokeSessions,
    resetPassword: a.resetPassword || b.resetPassword,
    disable: a.disable || b.disable,
    removeRules: [...new Set([...a.removeRules, ...b.removeRules])],
    removeMethods: [...new Set([...a.removeMethods, ...b.removeMethods])],
  };
}

export const NO_ACTIONS: RequestedActions = { revokeSessions: false, resetPassword: false, disable: false, removeRules: [], removeMethods: [] };
