import { pathSegment, type GraphRequest } from "../../graph/request.js";
import type { OAuthGrant } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { compact, path, str, time } from "../fields.js";

export function normaliseOAuthGrant(raw: GraphObject, servicePrincipal: GraphObject | undefined): OAuthGrant | undefined {
  const id = str(raw.id);
  const clientId = str(raw.clientId);
  if (!id || !clientId) return undefined;
  const sp = servicePrincipal ?? {};
  return compact({
    id,
    clientId,
    consentType: str(raw.consentType) ?? "Principal",
    principalId: str(raw.principalId),
    resourceId: str(raw.resourceId),
    scopes: [...new Set((str(raw.scope) ?? "").split(/\s+/).filter(Boolean))],
    startTime: time(raw.startTime)?.iso,
    appId: str(sp.appId),
    appDisplayName: str(sp.displayName) ?? str(sp.appDisplayName),
    publisherName: str(sp.publisherName),
    verifiedPublisher: str(path(sp, "verifiedPublisher", "displayName")),
    appOwnerOrganizationId: str(sp.appOwnerOrganizationId),
    servicePrincipalCreatedDateTime: time(sp.createdDateTime)?.iso,
  });
}

/** A user's own consent (Principal); admin consents for everyone are tenant-level, not the user's doing. */
export function isUserGrant(raw: GraphObject, userId: string): boolean {
  return str(raw.principalId)?.toLowerCase() === userId.toLowerCase() && (str(raw.consentType) ?? "Principal").toLowerCase() === "principal";
}

/** A user's own consents, or every user consent in the tenant. */
export function grantsRequest(userId?: string): GraphRequest {
  return userId
    ? { path: `/users/${pathSegment(userId)}/oauth2PermissionGrants`, query: { $top: 999 } }
    : { path: "/oauth2PermissionGrants", query: { $filter: "consentType eq 'Principal'", $top: 999 } };
}

export function servicePrincipalRequest(id: string): GraphRequest {
  return { path: `/servicePrincipals/${pathSegment(id)}` };
}
