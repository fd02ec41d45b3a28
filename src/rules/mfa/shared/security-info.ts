import type { AuthMethod, DirectoryAudit, UserProfile } from "../../../collect/evidence.js";
import type { EvidenceItem } from "../../../report/types.js";

/** directoryAudits activities that change a user's authentication methods (detections.md MFA-03). */
const ADD_OR_CHANGE = new Set(
  [
    "User registered security info",
    "User registered all required security info",
    "User started security info registration",
    "User changed default security info",
    "User updated security info",
    "Admin registered security info",
    "Admin updated security info",
    "Add passwordless phone sign-in credential",
    "Add FIDO2 security key",
    "Add Windows Hello for Business credential",
  ].map((a) => a.toLowerCase()),
);
const REMOVE = new Set(["User deleted security info", "Admin deleted security info", "Disable Strong Authentication"].map((a) => a.toLowerCase()));
/** "Update user" changes these properties when methods are written through the legacy MFA stack. */
const STRONG_AUTH_PROPERTY = /^StrongAuthentication/i;

export type MethodChangeKind = "added" | "removed";

export interface MethodChange {
  kind: MethodChangeKind;
  ms: number;
  time: string;
  what: string;
  byAdmin: boolean;
  phones: string[];
  evidence: EvidenceItem;
}

const PHONE_IN_TEXT = /(?:\+|\b00)\d[\d\s().-]{5,}\d/g;

function phonesIn(values: readonly (string | undefined)[]): string[] {
  const found = new Set<string>();
  for (const value of values) for (const match of value?.match(PHONE_IN_TEXT) ?? []) found.add(match.trim());
  return [...found];
}

/** The audit concerns this user: a target names them, or (no user target) they initiated it. */
function concernsUser(audit: DirectoryAudit, user: UserProfile): boolean {
  const upn = user.userPrincipalName.toLowerCase();
  const userTargets = (audit.targets ?? []).filter((t) => !t.type || t.type.toLowerCase() === "user");
  if (userTargets.some((t) => t.id === user.id || t.userPrincipalName?.toLowerCase() === upn)) return true;
  if (userTargets.some((t) => t.id || t.userPrincipalName)) return false;
  return audit.initiatedByUserId === user.id || audit.initiatedByUpn?.toLowerCase() === upn || (audit.targets ?? []).length === 0;
}

export function methodChangeOfAudit(audit: DirectoryAudit, user: UserProfile): MethodChange | undefined {
  const activity = (audit.activity ?? "").toLowerCase();
  if (audit.result && audit.result.toLowerCase() !== "success") return undefined;
  const properties = (audit.targets ?? []).flatMap((t) => t.modifiedProperties ?? []);
  let kind: MethodChangeKind | undefined;
  if (REMOVE.has(activity)) kind = "removed";
  else if (ADD_OR_CHANGE.has(activity)) kind = "added";
  else if (activity === "update user" && properties.some((p) => STRONG_AUTH_PROPERTY.test(p.name ?? ""))) kind = "added";
  if (!kind || !concernsUser(audit, user)) return undefined;

  const byAdmin =
    activity.startsWith("admin ") ||
    Boolean((audit.initiatedByUserId && audit.initiatedByUserId !== user.id) || (audit.initiatedByUpn && audit.initiatedByUpn.toLowerCase() !== user.userPrincipalName.toLowerCase()));
  const detail = audit.resultReason || audit.additionalDetails?.["Method"] || audit.additionalDetails?.["AuthenticationMethod"];
  return {
    kind,
    ms: audit.ms,
    time: audit.time,
    what: `${audit.activity}${detail ? ` (${detail})` : ""}`,
    byAdmin,
    phones: phonesIn(properties.map((p) => p.newValue)),
    evidence: {
      source: "directoryAudits",
      id: audit.id,
      time: audit.time,
      fields: {
        activity: audit.activity,
        category: audit.category ?? null,
        result: audit.result ?? null,
        initiatedBy: audit.initiatedByUpn ?? audit.initiatedByApp ?? null,
        initiatedByIp: audit.initiatedByIp ?? null,
        modifiedProperties: properties.map((p) => p.name).join(", ") || null,
        correlationId: audit.correlationId ?? null,
      },
    },
  };
}

export function methodChangeOfMethod(method: AuthMethod, ms: number): MethodChange {
  const label = method.displayName ?? method.phoneNumber ?? method.emailAddress;
  return {
    kind: "added",
    ms,
    time: new Date(ms).toISOString(),
    what: `${method.kind} method created${label ? ` (${label})` : ""}`,
    byAdmin: false,
    phones: method.phoneNumber ? [method.phoneNumber] : [],
    evidence: authMethodItem(method),
  };
}

export function authMethodItem(method: AuthMethod): EvidenceItem {
  return {
    source: "authMethods",
    id: method.id,
    time: method.createdDateTime,
    fields: {
      kind: method.kind,
      odataType: method.odataType ?? null,
      displayName: method.displayName ?? null,
      phoneNumber: method.phoneNumber ?? null,
      phoneType: method.phoneType ?? null,
      emailAddress: method.emailAddress ?? null,
      createdDateTime: method.createdDateTime ?? null,
    },
  };
}
