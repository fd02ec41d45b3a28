import type { CoverageStatus, SourceId } from "../collect/evidence.js";

/**
 * A Graph call that did not produce data, as a value. `status` is the HTTP status (0 when no
 * response arrived: timeout, reset); `code` is Graph's error code or one of ours below.
 */
export interface GraphFailure {
  status: number;
  code: string;
  message: string;
  /** Attempts made, including the first. */
  attempts: number;
  /** The request addressed a user's mailbox (Outlook APIs). */
  mailbox: boolean;
}

/** Our codes for failures Graph did not name. */
export const FailureCode = {
  timeout: "RequestTimeout",
  network: "NetworkError",
  badJson: "InvalidJsonResponse",
  throttled: "TooManyRequests",
  auditQueryFailed: "AuditLogQueryFailed",
  auditQueryTimedOut: "AuditLogQueryTimedOut",
  /** No token could be obtained (bad secret, no managed identity...). */
  credential: "CredentialUnavailable",
  /** phishtrail's own collector threw (a bug, or a payload shape nobody foresaw). */
  collector: "CollectorError",
} as const;

/** Tenant-level sources, reported in TenantEvidence rather than per user. */
export type TenantSourceId = "organization" | "conditionalAccessPolicies" | "peerSignIns";

export interface SourceRequirement {
  /** What the source is, for sentences: "sign-in logs". */
  label: string;
  /** Least-privileged application permission (graph-api.md §5). */
  permission: string;
  /** Other permissions that also work. */
  alternatives: string[];
  /** Licence the tenant needs, when one is needed. */
  licence?: string;
  /** The Graph endpoints the source reads. */
  endpoints: string[];
}

/** Source -> least-privileged permission and licence. `doctor` checks grants against this table. */
export const SOURCE_REQUIREMENTS: Readonly<Record<SourceId | TenantSourceId, SourceRequirement>> = {
  user: { label: "the user's profile", permission: "User.Read.All", alternatives: ["Directory.Read.All"], endpoints: ["GET /users/{id}", "GET /users"] },
  signIns: {
    label: "sign-in logs",
    permission: "AuditLog.Read.All",
    alternatives: ["Directory.Read.All"],
    licence: "Microsoft Entra ID P1",
    endpoints: ["GET /auditLogs/signIns", "GET /beta/auditLogs/signIns"],
  },
  directoryAudits: { label: "directory audit logs", permission: "AuditLog.Read.All", alternatives: [], endpoints: ["GET /auditLogs/directoryAudits"] },
  auditLog: {
    label: "the unified audit log (mailbox operations)",
    permission: "AuditLogsQuery-Exchange.Read.All",
    alternatives: ["AuditLogsQuery.Read.All"],
    licence: "Microsoft Purview Audit (unified audit logging turned on)",
    endpoints: ["POST /security/auditLog/queries", "GET /security/auditLog/queries/{id}/records"],
  },
  inboxRules: {
    label: "inbox rules",
    permission: "MailboxSettings.Read",
    alternatives: ["Mail.ReadBasic.All (folder names)"],
    endpoints: ["GET /users/{id}/mailFolders/inbox/messageRules", "GET /users/{id}/mailFolders"],
  },
  sentItems: {
    label: "sent items",
    permission: "Mail.ReadBasic.All",
    alternatives: ["Mail.Read"],
    endpoints: ["GET /users/{id}/mailFolders/SentItems/messages"],
  },
  mailboxSettings: { label: "mailbox settings", permission: "MailboxSettings.Read", alternatives: [], endpoints: ["GET /users/{id}/mailboxSettings"] },
  authMethods: {
    label: "authentication methods",
    permission: "UserAuthenticationMethod.Read.All",
    alternatives: [],
    endpoints: ["GET /users/{id}/authentication/methods"],
  },
  registrationDetails: {
    label: "MFA registration details",
    permission: "AuditLog.Read.All",
    alternatives: [],
    licence: "Microsoft Entra ID P1",
    endpoints: ["GET /reports/authenticationMethods/userRegistrationDetails"],
  },
  alerts: {
    label: "Defender alerts",
    permission: "SecurityAlert.Read.All",
    alternatives: ["SecurityAlert.ReadWrite.All"],
    licence: "Microsoft Defender XDR",
    endpoints: ["GET /security/alerts_v2"],
  },
  riskyUser: {
    label: "Identity Protection user risk",
    permission: "IdentityRiskyUser.Read.All",
    alternatives: [],
    licence: "Microsoft Entra ID P2",
    endpoints: ["GET /identityProtection/riskyUsers"],
  },
  riskDetections: {
    label: "Identity Protection risk detections",
    permission: "IdentityRiskEvent.Read.All",
    alternatives: [],
    licence: "Microsoft Entra ID P2",
    endpoints: ["GET /identityProtection/riskDetections"],
  },
  oauthGrants: {
    label: "OAuth consent grants",
    permission: "DelegatedPermissionGrant.ReadWrite.All",
    alternatives: ["Directory.Read.All", "Application.Read.All (app details)"],
    endpoints: ["GET /users/{id}/oauth2PermissionGrants", "GET /oauth2PermissionGrants", "GET /servicePrincipals/{id}"],
  },
  organization: { label: "the organization (verified domains)", permission: "Organization.Read.All", alternatives: ["Directory.Read.All"], endpoints: ["GET /organization"] },
  conditionalAccessPolicies: {
    label: "conditional access policies",
    permission: "Policy.Read.All",
    alternatives: [],
    licence: "Microsoft Entra ID P1",
    endpoints: ["GET /identity/conditionalAccess/policies"],
  },
  peerSignIns: {
    label: "other users' sign-ins (password-spray context)",
    permission: "AuditLog.Read.All",
    alternatives: [],
    licence: "Microsoft Entra ID P1",
    endpoints: ["GET /auditLogs/signIns"],
  },
};

const LICENCE_CODES = new Set(["authentication_requestfromnonpremiumtenantorb2ctenant"]);
const MAILBOX_ABSENT_CODES = new Set(["mailboxnotenabledforrestapi", "mailboxnotsupportedforrestapi", "resourcenotfound", "errornonexistentmailbox"]);
/** A 403 whose message says the tenant lacks the product, not that the app lacks a permission. */
const NOT_LICENSED_MESSAGE = /not licen[cs]ed|licen[cs]e (is )?required|premium licen[cs]e|no (valid )?subscription/i;
const FEATURE_OFF_CODES = new Set(["unifiedauditlognotenabled", "auditlogsearchnotenabled", "featurenotenabled", "notlicensed", "licenserequired", "subscriptionnotfound", "tenantnotlicensed"]);
const PERMISSION_CODES = new Set(["authorization_requestdenied", "erroraccessdenied", "accessdenied", "forbidden", "unauthorizedaccess"]);

export interface CoverageVerdict {
  status: Exclude<CoverageStatus, "ok">;
  code: string;
  message: string;
}

function permissionSentence(requirement: SourceRequirement): string {
  const also = requirement.alternatives.length ? ` (or ${requirement.alternatives.join(", ")})` : "";
  return `grant the application permission ${requirement.permission}${also} and admin consent`;
}

function licenceFor(source: SourceId | TenantSourceId): string {
  return SOURCE_REQUIREMENTS[source].licence ?? "a premium licence";
}

/**
 * The one place that turns a Graph failure into a coverage verdict for a source: `unavailable` when
 * the tenant or user cannot have the data (licence, no mailbox, feature off), `error` when the
 * run failed to get data that exists (permission, throttling, faults). Messages name the fix.
 */
export function coverageFromFailure(source: SourceId | TenantSourceId, failure: GraphFailure): CoverageVerdict {
  const requirement = SOURCE_REQUIREMENTS[source];
  const code = failure.code || `HTTP${failure.status}`;
  const lower = code.toLowerCase();
  const tries = failure.attempts > 1 ? ` after ${failure.attempts} attempts` : "";

  if (LICENCE_CODES.has(lower)) {
    const licence = source === "riskyUser" || source === "riskDetections" ? "Microsoft Entra ID P2" : "Microsoft Entra ID P1";
    return { status: "unavailable", code, message: `Reading ${requirement.label} needs ${licence}; the tenant does not have it.` };
  }
  if (failure.mailbox && (failure.status === 404 || lower === "mailboxnotenabledforrestapi") && MAILBOX_ABSENT_CODES.has(lower)) {
    return { status: "unavailable", code, message: `The user has no Exchange Online mailbox, so there are no ${requirement.label} to read.` };
  }
  if (FEATURE_OFF_CODES.has(lower) || (failure.status === 403 && NOT_LICENSED_MESSAGE.test(failure.message))) {
    return { status: "unavailable", code, message: `${capitalise(requirement.label)} is not available in this tenant: it needs ${licenceFor(source)}.` };
  }
  if (failure.status === 403 || PERMISSION_CODES.has(lower)) {
    const scoped = failure.mailbox && lower === "erroraccessdenied" ? "; if it is granted, an Exchange application access policy or RBAC scope excludes this mailbox" : "";
    return { status: "error", code, message: `Graph refused ${requirement.label} (403 ${code}): ${permissionSentence(requirement)}${scoped}.` };
  }
  if (code === FailureCode.credential) {
    return { status: "error", code, message: `No Graph token could be obtained for ${requirement.label} (${failure.message}): check AZURE_TENANT_ID, AZURE_CLIENT_ID and the secret or certificate.` };
  }
  if (code === FailureCode.collector) {
    return { status: "error", code, message: `phishtrail failed while reading ${requirement.label} (${failure.message}); this is a bug: please report it with the run's evidence folder.` };
  }
  if (code === FailureCode.auditQueryFailed || code === FailureCode.auditQueryTimedOut) {
    return { status: "error", code, message: `The unified audit log search did not complete (${failure.message}); rerun later, or search the audit log in Microsoft Purview.` };
  }
  if (failure.status === 401) {
    return { status: "error", code, message: `Graph rejected the access token for ${requirement.label} (401 ${code}) even after a fresh token: check the app's credentials and tenant.` };
  }
  if (failure.status === 429 || lower === FailureCode.throttled.toLowerCase()) {
    return { status: "error", code, message: `Graph kept throttling ${requirement.label} (429)${tries}; rerun later or lower graph.concurrency.` };
  }
  if (code === FailureCode.timeout) {
    return { status: "error", code, message: `Graph did not answer for ${requirement.label}${tries}; rerun later or raise graph.requestTimeoutMs.` };
  }
  if (code === FailureCode.network) {
    return { status: "error", code, message: `The connection to Graph failed while reading ${requirement.label}${tries} (${failure.message}); check the network and rerun.` };
  }
  if (code === FailureCode.badJson) {
    return { status: "error", code, message: `Graph returned malformed or truncated JSON for ${requirement.label}${tries}; rerun later.` };
  }
  if (failure.status >= 500) {
    return { status: "error", code, message: `Graph failed to return ${requirement.label} (${failure.status} ${code})${tries}; rerun later.` };
  }
  if (lower === "request_resourcenotfound" && source === "user") {
    return { status: "error", code, message: "The user was not found in the tenant (404 Request_ResourceNotFound): check the UPN or object id." };
  }
  const detail = failure.message ? `: ${failure.message.slice(0, 300)}` : "";
  return { status: "error", code, message: `Graph answered ${failure.status || "no response"} ${code} for ${requirement.label}${detail}` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
