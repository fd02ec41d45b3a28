/**
 * Normalised evidence: what collectors hand to derive/rules. Graph shapes are normalised at the
 * collector boundary (casing, missing fields, beta extras), so rules never see raw Graph JSON.
 * Times are ISO-8601 UTC strings; `ms` fields carry the same instant as epoch milliseconds so
 * rules can compare without re-parsing.
 */

/** Every source a user's coverage can report on. One name everywhere (coverage, doctor, config). */
export const SOURCES = [
  "user",
  "signIns",
  "directoryAudits",
  "auditLog",
  "inboxRules",
  "sentItems",
  "mailboxSettings",
  "authMethods",
  "registrationDetails",
  "alerts",
  "riskyUser",
  "riskDetections",
  "oauthGrants",
] as const;
export type SourceId = (typeof SOURCES)[number];

export type CoverageStatus = "ok" | "unavailable" | "error";

/** A failed or missing source is a value, never an exception that escapes a collector. */
export type Collected<T> =
  | { status: "ok"; value: T }
  | { status: "unavailable" | "error"; code: string; message: string };

export interface Coverage {
  source: SourceId;
  status: CoverageStatus;
  /** Graph's error code (or our own, e.g. LICENSE_REQUIRED) when not ok. */
  code?: string;
  /** A sentence naming the missing permission, licence or the fault. */
  message?: string;
  /** Items collected when ok (window + history). */
  items?: number;
}

export interface UserProfile {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail?: string;
  accountEnabled?: boolean;
  userType?: string;
  createdDateTime?: string;
  onPremisesSyncEnabled?: boolean;
  lastPasswordChangeDateTime?: string;
  signInSessionsValidFromDateTime?: string;
  usageLocation?: string;
  country?: string;
  jobTitle?: string;
  department?: string;
}

export interface AuthStep {
  method?: string;
  succeeded?: boolean;
  stepResultDetail?: string;
  requirement?: string;
}

export interface SignIn {
  id: string;
  time: string;
  ms: number;
  userId: string;
  userPrincipalName: string;
  appId?: string;
  appDisplayName?: string;
  resourceId?: string;
  resourceDisplayName?: string;
  ipAddress?: string;
  /** ISO 3166 alpha-2, upper case; undefined when Graph gave none. */
  country?: string;
  city?: string;
  state?: string;
  latitude?: number;
  longitude?: number;
  clientAppUsed?: string;
  /** clientAppUsed is a legacy (basic-auth) protocol. */
  legacyAuth: boolean;
  isInteractive: boolean;
  errorCode: number;
  failureReason?: string;
  additionalDetails?: string;
  success: boolean;
  browser?: string;
  operatingSystem?: string;
  deviceId?: string;
  deviceName?: string;
  isCompliant?: boolean;
  isManaged?: boolean;
  trustType?: string;
  conditionalAccessStatus?: string;
  correlationId?: string;
  riskLevelDuringSignIn?: string;
  riskLevelAggregated?: string;
  riskState?: string;
  riskDetail?: string;
  riskEventTypes: string[];
  // beta-only extras, absent on v1.0 data
  userAgent?: string;
  authenticationRequirement?: string;
  authenticationProtocol?: string;
  originalTransferMethod?: string;
  autonomousSystemNumber?: number;
  signInEventTypes?: string[];
  uniqueTokenIdentifier?: string;
  /** Beta `sessionId` where a source provides it (not in Graph's documented schema). */
  sessionId?: string;
  authenticationDetails: AuthStep[];
}

export interface AuditTarget {
  id?: string;
  type?: string;
  displayName?: string;
  userPrincipalName?: string;
  modifiedProperties: { name: string; oldValue?: string; newValue?: string }[];
}

export interface DirectoryAudit {
  id: string;
  time: string;
  ms: number;
  category?: string;
  activity: string;
  operationType?: string;
  result?: string;
  resultReason?: string;
  initiatedByUserId?: string;
  initiatedByUpn?: string;
  initiatedByIp?: string;
  initiatedByApp?: string;
  targets: AuditTarget[];
  additionalDetails: Record<string, string>;
  correlationId?: string;
}

/** A unified audit log record (security/auditLog/queries records), with auditData flattened. */
export interface AuditRecord {
  id: string;
  time: string;
  ms: number;
  operation: string;
  service?: string;
  userId?: string;
  userPrincipalName?: string;
  clientIp?: string;
  sessionId?: string;
  objectId?: string;
  /** Cmdlet parameters (Name -> Value) for Exchange admin/inbox-rule operations. */
  parameters: Record<string, string>;
  /** Subjects of affected items (SoftDelete/HardDelete/MoveToDeletedItems/Send). */
  subjects: string[];
  operationCount?: number;
  isThrottled?: boolean;
  resultStatus?: string;
  raw: Record<string, unknown>;
}

export interface InboxRule {
  id: string;
  displayName: string;
  sequence?: number;
  isEnabled: boolean;
  hasError?: boolean;
  /** All keyword conditions (subjectContains, bodyContains, bodyOrSubjectContains, senderContains, headerContains). */
  keywords: string[];
  fromAddresses: string[];
  /** True when the rule has no condition at all, i.e. applies to every message. */
  matchesAllMail: boolean;
  forwardTo: string[];
  forwardAsAttachmentTo: string[];
  redirectTo: string[];
  delete: boolean;
  permanentDelete: boolean;
  markAsRead: boolean;
  stopProcessingRules: boolean;
  moveToFolderId?: string;
  /** The move target's displayName, resolved from mailFolders (well-known name when it is one). */
  moveToFolderName?: string;
  copyToFolderId?: string;
  copyToFolderName?: string;
}

export interface SentMessage {
  id: string;
  time: string;
  ms: number;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  hasAttachments: boolean;
  bodyPreview?: string;
  /** URLs found in the body preview/body. */
  urls: string[];
  /** HTML anchors (href and visible text) when the body was read; lets rules spot a link whose text names another domain. */
  links?: { url: string; text: string }[];
  internetMessageId?: string;
}

export interface MailboxSettings {
  automaticRepliesStatus?: string;
  timeZone?: string;
  language?: string;
  delegateMeetingMessageDeliveryOptions?: string;
}

export type AuthMethodKind =
  | "password"
  | "phone"
  | "email"
  | "microsoftAuthenticator"
  | "fido2"
  | "softwareOath"
  | "temporaryAccessPass"
  | "windowsHelloForBusiness"
  | "platformCredential"
  | "passwordless"
  | "other";

export interface AuthMethod {
  id: string;
  kind: AuthMethodKind;
  odataType: string;
  createdDateTime?: string;
  displayName?: string;
  phoneNumber?: string;
  phoneType?: string;
  emailAddress?: string;
  deviceTag?: string;
  /**
   * True when the method is known only from the tenant-wide registration report (bulk scans read
   * methods one by one only for users with security-info changes or risk): no id, number or date.
   */
  fromRegistrationReport?: boolean;
}

export interface RegistrationDetails {
  isMfaRegistered?: boolean;
  isMfaCapable?: boolean;
  isAdmin?: boolean;
  methodsRegistered: string[];
  defaultMfaMethod?: string;
  lastUpdatedDateTime?: string;
}

export interface Alert {
  id: string;
  title: string;
  severity: string;
  status?: string;
  classification?: string;
  determination?: string;
  category?: string;
  createdTime: string;
  ms: number;
  lastUpdateTime?: string;
  serviceSource?: string;
  detectionSource?: string;
  mitreTechniques: string[];
  description?: string;
  alertWebUrl?: string;
}

export interface RiskyUser {
  id: string;
  userPrincipalName?: string;
  riskLevel?: string;
  riskState?: string;
  riskDetail?: string;
  riskLastUpdatedDateTime?: string;
  isDeleted?: boolean;
}

export interface RiskDetection {
  id: string;
  userId?: string;
  userPrincipalName?: string;
  riskEventType: string;
  riskLevel?: string;
  riskState?: string;
  riskDetail?: string;
  detectionTimingType?: string;
  activity?: string;
  time: string;
  ms: number;
  detectedDateTime?: string;
  ipAddress?: string;
  country?: string;
  city?: string;
  requestId?: string;
  correlationId?: string;
  source?: string;
  tokenIssuerType?: string;
}

export interface OAuthGrant {
  id: string;
  clientId: string;
  consentType: string;
  principalId?: string;
  resourceId?: string;
  scopes: string[];
  startTime?: string;
  appId?: string;
  appDisplayName?: string;
  publisherName?: string;
  verifiedPublisher?: string;
  appOwnerOrganizationId?: string;
  servicePrincipalCreatedDateTime?: string;
}

/** Per-user history condensed while streaming, so 30 days of sign-ins never sit in memory. */
export interface SignInBaseline {
  from: string;
  to: string;
  signIns: number;
  successes: number;
  /** Distinct UTC days with at least one sign-in. */
  activeDays: number;
  /** Sign-ins per UTC day ("YYYY-MM-DD"); what activeDays is counted from. */
  dailyCounts?: Record<string, number>;
  countries: Record<string, number>;
  /** "/24" for IPv4, "/48" for IPv6. */
  networks: Record<string, number>;
  ips: Record<string, number>;
  asns: Record<string, number>;
  /** "operatingSystem|browser". */
  deviceCombos: Record<string, number>;
  apps: Record<string, number>;
  clientApps: Record<string, number>;
  legacyClients: Record<string, number>;
  deviceCodeSignIns: number;
}

export interface MailBaseline {
  from: string;
  to: string;
  messages: number;
  activeDays: number;
  /** Messages per UTC day with at least one message. */
  dailyCounts: Record<string, number>;
  recipientDomains: Record<string, number>;
  recipients: Record<string, number>;
  maxRecipientsPerMessage: number;
}

export interface UserEvidence {
  user: UserProfile;
  /** Sign-ins inside the investigation window (newest last). */
  signIns: Collected<SignIn[]>;
  /** History before the window, condensed. */
  signInBaseline: Collected<SignInBaseline>;
  directoryAudits: Collected<DirectoryAudit[]>;
  auditRecords: Collected<AuditRecord[]>;
  inboxRules: Collected<InboxRule[]>;
  sentItems: Collected<SentMessage[]>;
  mailBaseline: Collected<MailBaseline>;
  mailboxSettings: Collected<MailboxSettings>;
  authMethods: Collected<AuthMethod[]>;
  registration: Collected<RegistrationDetails | null>;
  alerts: Collected<Alert[]>;
  riskyUser: Collected<RiskyUser | null>;
  riskDetections: Collected<RiskDetection[]>;
  oauthGrants: Collected<OAuthGrant[]>;
  coverage: Coverage[];
}

export interface Organization {
  id: string;
  displayName: string;
  verifiedDomains: string[];
  defaultDomain?: string;
}

export interface ConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: string;
  /** conditions.userRiskLevels */
  userRiskLevels: string[];
  signInRiskLevels: string[];
  grantControls: string[];
  includeUsers: string[];
}

export interface TenantEvidence {
  organization: Collected<Organization>;
  conditionalAccessPolicies: Collected<ConditionalAccessPolicy[]>;
  /**
   * Failed/interrupted sign-ins of users outside the target set, for cross-user detections
   * (password spray). Empty in a tenant-wide scan, where every user is a target.
   */
  peerSignIns: Collected<SignIn[]>;
  licenses: { entraIdP1?: boolean; entraIdP2?: boolean; defender?: boolean; auditLogQuery?: boolean };
}

export interface InvestigationWindow {
  from: string;
  to: string;
  /** Start of the baseline history (before `from`). */
  baselineFrom: string;
}
