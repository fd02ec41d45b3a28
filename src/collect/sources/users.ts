import { pathSegment, type GraphRequest } from "../../graph/request.js";
import type { UserProfile } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { bool, compact, str, time } from "../fields.js";

/** Every profile member the evidence carries; users must be read with $select to get most of them. */
const USER_SELECT = [
  "id",
  "userPrincipalName",
  "displayName",
  "mail",
  "accountEnabled",
  "userType",
  "createdDateTime",
  "onPremisesSyncEnabled",
  "lastPasswordChangeDateTime",
  "signInSessionsValidFromDateTime",
  "usageLocation",
  "country",
  "jobTitle",
  "department",
].join(",");

function isoOrUndefined(value: unknown): string | undefined {
  return time(value)?.iso;
}

export function normaliseUser(raw: GraphObject): UserProfile | undefined {
  const id = str(raw.id);
  if (!id) return undefined;
  const upn = str(raw.userPrincipalName) ?? str(raw.mail) ?? id;
  return compact({
    id,
    userPrincipalName: upn,
    displayName: str(raw.displayName) ?? upn,
    mail: str(raw.mail),
    accountEnabled: bool(raw.accountEnabled),
    userType: str(raw.userType),
    createdDateTime: isoOrUndefined(raw.createdDateTime),
    onPremisesSyncEnabled: bool(raw.onPremisesSyncEnabled),
    lastPasswordChangeDateTime: isoOrUndefined(raw.lastPasswordChangeDateTime),
    signInSessionsValidFromDateTime: isoOrUndefined(raw.signInSessionsValidFromDateTime),
    usageLocation: str(raw.usageLocation)?.toUpperCase(),
    country: str(raw.country),
    jobTitle: str(raw.jobTitle),
    department: str(raw.department),
  });
}

/** `--all` targets: member users whose account is enabled (a missing flag counts as enabled). */
export function isEnabledMember(raw: GraphObject): boolean {
  const type = str(raw.userType)?.toLowerCase();
  return (type === undefined || type === "member") && bool(raw.accountEnabled) !== false;
}

export function userRequest(idOrUpn: string): GraphRequest {
  return { path: `/users/${pathSegment(idOrUpn)}`, query: { $select: USER_SELECT } };
}

/** `--all`: member users (disabled ones are dropped client-side: a missing accountEnabled counts as enabled). */
export function memberUsersRequest(): GraphRequest {
  return { path: "/users", query: { $filter: "userType eq 'Member'", $select: USER_SELECT, $top: 999 } };
}
