/**
 * Enterprise applications (servicePrincipal), delegated permission grants, and the directory
 * audit trail a user consent leaves ("Add service principal", "Add delegated permission grant",
 * "Consent to application").
 */
import type { GraphObject } from "../../snapshot/types.js";
import { MICROSOFT_TENANT_ID, RESOURCE } from "./catalog/apps.js";
import { directoryAudit } from "./audit.js";
import type { DemoContext } from "./context.js";
import type { DemoUser } from "./model.js";
import type { Rng } from "./random.js";
import { isoSeconds } from "./time.js";

export interface AppSpec {
  id: string;
  appId: string;
  displayName: string;
  publisherName: string;
  /** null for an unverified publisher. */
  verifiedPublisher: { displayName: string; verifiedPublisherId: string; addedMs: number } | null;
  ownerTenantId: string;
  signInAudience: string;
  createdMs: number;
  homepage: string | null;
  replyUrls: string[];
}

export function servicePrincipal(app: AppSpec): GraphObject {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    appDisplayName: app.displayName,
    appOwnerOrganizationId: app.ownerTenantId,
    publisherName: app.publisherName,
    verifiedPublisher: app.verifiedPublisher
      ? { displayName: app.verifiedPublisher.displayName, verifiedPublisherId: app.verifiedPublisher.verifiedPublisherId, addedDateTime: isoSeconds(app.verifiedPublisher.addedMs) }
      : { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    signInAudience: app.signInAudience,
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    homepage: app.homepage,
    replyUrls: app.replyUrls,
    servicePrincipalNames: [app.appId],
    tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
    createdDateTime: isoSeconds(app.createdMs),
    description: null,
    notes: null,
  };
}

/** Microsoft Graph's own service principal: the resource every delegated grant here points at. */
export function graphServicePrincipal(ctx: DemoContext, createdMs: number): GraphObject {
  return servicePrincipal({
    id: ctx.tenant.graphServicePrincipalId,
    appId: RESOURCE.graph.id,
    displayName: "Microsoft Graph",
    publisherName: "Microsoft Services",
    verifiedPublisher: null,
    ownerTenantId: MICROSOFT_TENANT_ID,
    signInAudience: "AzureADMultipleOrgs",
    createdMs,
    homepage: null,
    replyUrls: [],
  });
}

export function permissionGrant(rng: Rng, ctx: DemoContext, clientId: string, principal: DemoUser | null, scope: string): GraphObject {
  return {
    id: rng.base64(32, "url"),
    clientId,
    consentType: principal ? "Principal" : "AllPrincipals",
    principalId: principal ? principal.id : null,
    resourceId: ctx.tenant.graphServicePrincipalId,
    scope,
  };
}

/** The three directory events one user consent writes, sharing a correlationId. */
export function consentAudits(ctx: DemoContext, rng: Rng, user: DemoUser, app: GraphObject, grant: GraphObject, timeMs: number, ip: string, userAgent: string, newServicePrincipal: boolean): GraphObject[] {
  const correlationId = rng.guid();
  const actor = { user, ip };
  const target = { id: String(app.id), displayName: String(app.displayName), type: "ServicePrincipal" };
  const events: GraphObject[] = [];
  const str = (value: string) => JSON.stringify(value);
  if (newServicePrincipal) {
    events.push(
      directoryAudit(rng, {
        timeMs: timeMs - 2000,
        activity: "Add service principal",
        category: "ApplicationManagement",
        service: "Core Directory",
        operationType: "Add",
        actor,
        correlationId,
        targets: [{ ...target, modifiedProperties: [{ displayName: "AppAddress", oldValue: "[]", newValue: str(JSON.stringify(app.replyUrls)) }, { displayName: "AppId", oldValue: "[]", newValue: str(String(app.appId)) }] }],
      }),
    );
  }
  const permissions = `[] => [[Id: ${String(grant.id)}, ClientId: ${String(app.id)}, PrincipalId: ${user.id}, ResourceId: ${ctx.tenant.graphServicePrincipalId}, ConsentType: Principal, Scope: ${String(grant.scope)}, CreatedDateTime: , LastModifiedDateTime ]]; `;
  events.push(
    directoryAudit(rng, {
      timeMs: timeMs - 1000,
      activity: "Add delegated permission grant",
      category: "ApplicationManagement",
      service: "Core Directory",
      operationType: "Assign",
      actor,
      correlationId,
      targets: [{ id: ctx.tenant.graphServicePrincipalId, displayName: "Microsoft Graph", type: "ServicePrincipal", modifiedProperties: [{ displayName: "DelegatedPermissionGrant.Scope", oldValue: "\"\"", newValue: str(String(grant.scope)) }] }],
    }),
    directoryAudit(rng, {
      timeMs,
      activity: "Consent to application",
      category: "ApplicationManagement",
      service: "Core Directory",
      operationType: "Assign",
      actor,
      correlationId,
      targets: [
        {
          ...target,
          modifiedProperties: [
            { displayName: "ConsentContext.IsAdminConsent", oldValue: null, newValue: "\"False\"" },
            { displayName: "ConsentContext.IsAppOnly", oldValue: null, newValue: "\"False\"" },
            { displayName: "ConsentContext.OnBehalfOfAll", oldValue: null, newValue: "\"False\"" },
            { displayName: "ConsentContext.Tags", oldValue: null, newValue: "\"WindowsAzureActiveDirectoryIntegratedApp\"" },
            { displayName: "ConsentAction.Permissions", oldValue: null, newValue: str(permissions) },
            { displayName: "TargetId.ServicePrincipalNames", oldValue: null, newValue: str(String(app.appId)) },
          ],
        },
      ],
      additionalDetails: [
        { key: "User-Agent", value: userAgent },
        { key: "AppId", value: String(app.appId) },
      ],
    }),
  );
  return events;
}
