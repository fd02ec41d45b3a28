/**
 * Writers for the audit trails: Entra directoryAudit events and unified audit log records
 * (security/auditLog/queries records) for Exchange cmdlets and mailbox access.
 */
import type { GraphObject } from "../../snapshot/types.js";
import type { DemoContext } from "./context.js";
import type { DemoUser } from "./model.js";
import type { Rng } from "./random.js";
import { isoMillis, isoSeconds } from "./time.js";

export interface Actor {
  user?: DemoUser;
  ip?: string | null;
  /** An app acting instead of a user, e.g. the Device Registration Service. */
  app?: { appId: string; displayName: string; servicePrincipalId: string | null };
}

export interface AuditTarget {
  id: string;
  displayName?: string | null;
  type: string;
  userPrincipalName?: string | null;
  modifiedProperties?: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

export interface DirectoryAuditSpec {
  timeMs: number;
  activity: string;
  category: string;
  service: string;
  operationType: string;
  actor: Actor;
  targets: AuditTarget[];
  resultReason?: string;
  additionalDetails?: { key: string; value: string }[];
  correlationId?: string;
}

const ID_PREFIX: Record<string, string> = {
  "Core Directory": "Directory",
  "Authentication Methods": "UserManagement",
  "Device Registration Service": "DRS",
  "Self-service Password Management": "SSPR",
};

export function directoryAudit(rng: Rng, spec: DirectoryAuditSpec): GraphObject {
  const correlationId = spec.correlationId ?? rng.guid();
  const user = spec.actor.user;
  return {
    id: `${ID_PREFIX[spec.service] ?? "Directory"}_${correlationId}_${rng.base64(4, "url").toUpperCase()}_${rng.digits(8)}`,
    category: spec.category,
    correlationId,
    result: "success",
    resultReason: spec.resultReason ?? "",
    activityDisplayName: spec.activity,
    activityDateTime: isoMillis(spec.timeMs),
    loggedByService: spec.service,
    operationType: spec.operationType,
    initiatedBy: {
      user: user
        ? { id: user.id, displayName: null, userPrincipalName: user.userPrincipalName, ipAddress: spec.actor.ip ?? null, userType: null, homeTenantId: null, homeTenantName: null }
        : null,
      app: spec.actor.app ?? null,
    },
    targetResources: spec.targets.map((t) => ({
      id: t.id,
      displayName: t.displayName ?? null,
      type: t.type,
      userPrincipalName: t.userPrincipalName ?? null,
      groupType: null,
      modifiedProperties: t.modifiedProperties ?? [],
    })),
    additionalDetails: spec.additionalDetails ?? [],
  };
}

export function userTarget(user: DemoUser): AuditTarget {
  return { id: user.id, displayName: null, type: "User", userPrincipalName: user.userPrincipalName };
}

/** Session context Exchange stamps on audit records; SessionId is the sign-in session's correlationId. */
export interface RecordSession {
  sessionId: string;
  clientAppId: string;
  clientAppName: string;
}

interface RecordBase {
  timeMs: number;
  user: DemoUser;
  ip: string;
  session?: RecordSession;
}

const RECORD_TYPE_NUMBER: Record<string, number> = { exchangeAdmin: 1, exchangeItem: 2, exchangeItemGroup: 3, exchangeItemAggregated: 50 };

function auditRecord(ctx: DemoContext, rng: Rng, base: RecordBase, recordType: string, operation: string, objectId: string, dataType: string, data: GraphObject): GraphObject {
  const id = rng.guid();
  const created = isoSeconds(base.timeMs);
  const upn = base.user.userPrincipalName;
  const session = base.session
    ? {
        SessionId: base.session.sessionId,
        AppAccessContext: {
          AADSessionId: base.session.sessionId,
          ClientAppId: base.session.clientAppId,
          ClientAppName: base.session.clientAppName,
          IssuedAtTime: isoSeconds(base.timeMs - 5 * 60_000),
          UniqueTokenId: rng.base64(16, "url"),
        },
      }
    : {};
  return {
    "@odata.type": "#microsoft.graph.security.auditLogRecord",
    id,
    createdDateTime: created,
    auditLogRecordType: recordType,
    operation,
    organizationId: ctx.tenant.tenantId,
    userType: "regular",
    userId: upn,
    service: "Exchange",
    objectId,
    userPrincipalName: upn,
    clientIp: base.ip,
    administrativeUnits: [],
    auditData: {
      "@odata.type": `#microsoft.graph.security.${dataType}`,
      CreationTime: created.slice(0, 19),
      Id: id,
      Operation: operation,
      OrganizationId: ctx.tenant.tenantId,
      RecordType: RECORD_TYPE_NUMBER[recordType],
      ResultStatus: recordType === "exchangeAdmin" ? "True" : "Succeeded",
      UserKey: base.user.id,
      UserType: 0,
      Version: 1,
      Workload: "Exchange",
      ClientIP: base.ip,
      ObjectId: objectId,
      UserId: upn,
      ExternalAccess: false,
      OrganizationName: ctx.tenant.initialDomain,
      OriginatingServer: "LO2P265MB5123 (15.20.8207.017)",
      ...session,
      ...data,
    },
  };
}

/** An Exchange cmdlet (New-InboxRule, Set-Mailbox, Add-MailboxPermission ...) with its parameters. */
export function exchangeCmdlet(ctx: DemoContext, rng: Rng, base: RecordBase, operation: string, objectId: string, parameters: [string, string][]): GraphObject {
  return auditRecord(ctx, rng, base, "exchangeAdmin", operation, objectId, "exchangeAdminAuditRecord", {
    ModifiedObjectResolvedName: objectId,
    Parameters: parameters.map(([Name, Value]) => ({ Name, Value })),
  });
}

export interface MailAccessSpec extends RecordBase {
  operationCount: number;
  clientInfo: string;
  accessType: "Bind" | "Sync";
  folders: string[];
  throttled?: boolean;
}

/** An aggregated MailItemsAccessed record (record type ExchangeItemAggregated). */
export function mailItemsAccessed(ctx: DemoContext, rng: Rng, spec: MailAccessSpec): GraphObject {
  const user = spec.user;
  return auditRecord(ctx, rng, spec, "exchangeItemAggregated", "MailItemsAccessed", user.userPrincipalName, "exchangeAggregatedMailboxAuditRecord", {
    LogonType: 0,
    InternalLogonType: 0,
    MailboxGuid: rng.guid(),
    MailboxOwnerUPN: user.userPrincipalName,
    LogonUserSid: `S-1-5-21-${rng.digits(10)}-${rng.digits(10)}-${rng.digits(10)}-${rng.digits(5)}`,
    ClientInfoString: spec.clientInfo,
    ClientIPAddress: spec.ip,
    ClientAppId: spec.session?.clientAppId ?? "",
    OperationCount: spec.operationCount,
    OperationProperties: [
      { Name: "MailAccessType", Value: spec.accessType },
      { Name: "IsThrottled", Value: spec.throttled ? "True" : "False" },
    ],
    Folders: spec.folders.map((path, i) => ({
      Id: rng.base64(22, "url"),
      Path: path,
      FolderItems: Array.from({ length: Math.min(3, spec.operationCount) }, () => ({ InternetMessageId: `<${rng.hex(12)}@${i}.prod.outlook.com>` })),
    })),
  });
}

/** A Send (single item) mailbox record. */
export function sendRecord(ctx: DemoContext, rng: Rng, base: RecordBase, subject: string, internetMessageId: string): GraphObject {
  const user = base.user;
  return auditRecord(ctx, rng, base, "exchangeItem", "Send", user.userPrincipalName, "exchangeMailboxAuditRecord", {
    LogonType: 0,
    MailboxOwnerUPN: user.userPrincipalName,
    ClientIPAddress: base.ip,
    ClientInfoString: "Client=OWA;Action=ViaProxy",
    Item: { Id: rng.base64(30, "url"), Subject: subject, InternetMessageId: internetMessageId, ParentFolder: { Id: rng.base64(22, "url"), Path: "\\Sent Items" }, Attachments: "" },
  });
}
