import type { GraphObject, SnapshotLicenses, SnapshotMailbox } from "../snapshot/types.js";

/** Snapshot collections that hold a flat list of Graph objects. */
export type SnapshotCollection =
  | "users"
  | "signIns"
  | "directoryAudits"
  | "auditLogRecords"
  | "alerts"
  | "riskyUsers"
  | "riskDetections"
  | "servicePrincipals"
  | "oauth2PermissionGrants"
  | "userRegistrationDetails"
  | "conditionalAccessPolicies";

/**
 * Where collectors hand the raw Graph objects they used, as Graph returned them, so the run can be
 * replayed. Only objects that concern a target (or a peer sign-in) are handed over.
 */
export interface EvidenceSink {
  /** `wire`, when given, is the object's bytes as Graph sent them (written as is, instead of serialising `raw`). */
  add(collection: SnapshotCollection, raw: GraphObject, wire?: Buffer): void;
  /** A user's mailbox, once all of its parts are in. */
  mailbox(userKey: string, mailbox: SnapshotMailbox): void;
  authenticationMethods(userKey: string, methods: GraphObject[]): void;
  organization(raw: GraphObject): void;
  /** Licences the run observed (a licence refusal is replayed as one). */
  licenses(observed: SnapshotLicenses): void;
}

/** For runs that keep no evidence. */
export const discardEvidence: EvidenceSink = {
  add: () => undefined,
  mailbox: () => undefined,
  authenticationMethods: () => undefined,
  organization: () => undefined,
  licenses: () => undefined,
};
