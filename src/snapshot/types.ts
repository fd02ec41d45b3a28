/**
 * The tenant snapshot ("phishtrail-tenant-snapshot/1", see CONTRACT.md): a tenant's data exactly as
 * Graph returns it. Objects stay loosely typed on purpose: real exports carry beta extras, odd casing
 * and missing fields, and the collectors normalise them at the boundary.
 */
export const SNAPSHOT_FORMAT = "phishtrail-tenant-snapshot/1";

/** Any Graph resource in its own JSON shape. */
export type GraphObject = Record<string, unknown>;

export interface SnapshotLicenses {
  entraIdP1?: boolean;
  entraIdP2?: boolean;
  defender?: boolean;
  auditLogQuery?: boolean;
  exchangeOnline?: boolean;
}

export interface SnapshotMailbox {
  mailFolders?: GraphObject[];
  messageRules?: GraphObject[];
  sentItems?: GraphObject[];
  inbox?: GraphObject[];
  mailboxSettings?: GraphObject;
}

export interface TenantSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  capturedAt?: string;
  organization?: GraphObject;
  licenses?: SnapshotLicenses;
  users?: GraphObject[];
  signIns?: GraphObject[];
  directoryAudits?: GraphObject[];
  auditLogRecords?: GraphObject[];
  alerts?: GraphObject[];
  riskyUsers?: GraphObject[];
  riskDetections?: GraphObject[];
  servicePrincipals?: GraphObject[];
  oauth2PermissionGrants?: GraphObject[];
  userRegistrationDetails?: GraphObject[];
  conditionalAccessPolicies?: GraphObject[];
  /** Keyed by user id or userPrincipalName. */
  mailboxes?: Record<string, SnapshotMailbox>;
  /** Keyed by user id or userPrincipalName; each method carries "@odata.type". */
  authenticationMethods?: Record<string, GraphObject[]>;
}
