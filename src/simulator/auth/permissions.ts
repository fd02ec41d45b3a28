/**
 * Application permissions (the token's `roles`). A requirement is a list of alternatives, each a
 * set of roles that must all be present, e.g. disabling an account needs
 * User.EnableDisableAccount.All together with User.Read.All, or User.ReadWrite.All alone.
 */
export type PermissionRequirement = string[][];

export function anyOf(...roles: string[]): PermissionRequirement {
  return roles.map((role) => [role]);
}

export function satisfies(granted: ReadonlySet<string>, requirement: PermissionRequirement): boolean {
  return requirement.some((group) => group.every((role) => granted.has(role.toLowerCase())));
}

export function roleSet(roles: readonly string[]): Set<string> {
  return new Set(roles.map((role) => role.toLowerCase()));
}

/**
 * What the simulator grants when the caller does not choose: the least-privileged permissions of
 * every read endpoint and containment write (graph-api.md §5).
 */
export const DEFAULT_GRANTED_PERMISSIONS: readonly string[] = [
  "User.Read.All",
  "Organization.Read.All",
  "AuditLog.Read.All",
  "Directory.Read.All",
  "Application.Read.All",
  "DelegatedPermissionGrant.ReadWrite.All",
  "Policy.Read.All",
  "Mail.Read",
  "MailboxSettings.ReadWrite",
  "UserAuthenticationMethod.ReadWrite.All",
  "UserAuthMethod-Passkey.ReadWrite.All",
  "SecurityAlert.Read.All",
  "IdentityRiskyUser.Read.All",
  "IdentityRiskEvent.Read.All",
  "AuditLogsQuery.Read.All",
  "User.RevokeSessions.All",
  "User.EnableDisableAccount.All",
  "User-PasswordProfile.ReadWrite.All",
];
