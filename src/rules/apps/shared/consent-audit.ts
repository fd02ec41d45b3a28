import type { DirectoryAudit, UserProfile } from "../../../collect/evidence.js";

/** A "Consent to application" directory audit, read (detections.md APP-01 / §1.7 of graph-api.md). */
export interface ConsentEvent {
  audit: DirectoryAudit;
  servicePrincipalId?: string;
  appDisplayName?: string;
  appId?: string;
  isAdminConsent: boolean;
  consentType?: string;
  scopes: string[];
}

const CONSENT_ACTIVITY = "consent to application";

/** modifiedProperties values are JSON-encoded strings ("\"False\""); strip the quoting. */
function unquote(value: string | undefined): string {
  if (value === undefined) return "";
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === "string") return parsed;
  } catch {
    // not JSON: use as is
  }
  return value.replace(/^"+|"+$/g, "");
}

export function readConsentEvent(audit: DirectoryAudit, user: UserProfile): ConsentEvent | undefined {
  if ((audit.activity ?? "").toLowerCase() !== CONSENT_ACTIVITY) return undefined;
  if (audit.result && audit.result.toLowerCase() !== "success") return undefined;
  const upn = user.userPrincipalName.toLowerCase();
  const initiator = audit.initiatedByUserId ?? audit.initiatedByUpn;
  if (initiator && audit.initiatedByUserId !== user.id && audit.initiatedByUpn?.toLowerCase() !== upn) return undefined;

  const targets = audit.targets ?? [];
  const principal = targets.find((t) => (t.type ?? "").toLowerCase() === "serviceprincipal") ?? targets[0];
  const properties = targets.flatMap((t) => t.modifiedProperties ?? []);
  const property = (name: string) => properties.find((p) => (p.name ?? "").toLowerCase() === name.toLowerCase())?.newValue;

  const permissions = unquote(property("ConsentAction.Permissions"));
  // "... => [[Id: ..., ConsentType: Principal, Scope: Mail.Read offline_access User.Read, CreatedDateTime: ...]]"
  const scopes = [...permissions.matchAll(/Scope:\s*([^,\]]*)/gi)].flatMap((m) => m[1].trim().split(/\s+/)).filter(Boolean);
  const consentType = /ConsentType:\s*([A-Za-z]+)/i.exec(permissions)?.[1];
  const appIdProperty = unquote(property("TargetId.ServicePrincipalNames"));
  const appId =
    audit.additionalDetails?.["AppId"] ??
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(appIdProperty)?.[0];

  return {
    audit,
    servicePrincipalId: principal?.id,
    appDisplayName: principal?.displayName,
    appId,
    isAdminConsent: /^true$/i.test(unquote(property("ConsentContext.IsAdminConsent")).trim()),
    consentType,
    scopes: [...new Set(scopes)],
  };
}
