import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SOURCES } from "../../src/collect/evidence.js";
import { coverageFromFailure, SOURCE_REQUIREMENTS, type GraphFailure } from "../../src/graph/graph-errors.js";

const failure = (status: number, code: string, message = "", extra: Partial<GraphFailure> = {}): GraphFailure => ({ status, code, message, attempts: 1, mailbox: false, ...extra });

describe("Graph failure -> coverage", () => {
  const cases: Array<{ name: string; source: Parameters<typeof coverageFromFailure>[0]; failure: GraphFailure; status: "unavailable" | "error"; message: RegExp }> = [
    { name: "no P1 for sign-ins", source: "signIns", failure: failure(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license"), status: "unavailable", message: /needs Microsoft Entra ID P1/ },
    { name: "no P2 for risky users", source: "riskyUser", failure: failure(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant"), status: "unavailable", message: /needs Microsoft Entra ID P2/ },
    { name: "product not licensed", source: "alerts", failure: failure(403, "Forbidden", "Your tenant is not licensed for this feature."), status: "unavailable", message: /Microsoft Defender XDR/ },
    { name: "no mailbox", source: "inboxRules", failure: failure(404, "MailboxNotEnabledForRESTAPI", "", { mailbox: true }), status: "unavailable", message: /no Exchange Online mailbox/ },
    { name: "ResourceNotFound on a mailbox", source: "sentItems", failure: failure(404, "ResourceNotFound", "", { mailbox: true }), status: "unavailable", message: /no Exchange Online mailbox/ },
    { name: "directory permission", source: "authMethods", failure: failure(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."), status: "error", message: /UserAuthenticationMethod\.Read\.All/ },
    { name: "mailbox permission or scope", source: "inboxRules", failure: failure(403, "ErrorAccessDenied", "Access is denied.", { mailbox: true }), status: "error", message: /MailboxSettings\.Read.*application access policy/ },
    { name: "audit query permission", source: "auditLog", failure: failure(403, "Forbidden", "Access denied"), status: "error", message: /AuditLogsQuery-Exchange\.Read\.All/ },
    { name: "throttled to the end", source: "signIns", failure: failure(429, "TooManyRequests", "", { attempts: 7 }), status: "error", message: /after 7 attempts.*graph\.concurrency/ },
    { name: "server error", source: "directoryAudits", failure: failure(503, "ServiceUnavailable", "", { attempts: 7 }), status: "error", message: /503 ServiceUnavailable/ },
    { name: "timeout", source: "alerts", failure: failure(0, "RequestTimeout", "", { attempts: 3 }), status: "error", message: /graph\.requestTimeoutMs/ },
    { name: "reset", source: "riskDetections", failure: failure(0, "NetworkError", "ECONNRESET"), status: "error", message: /connection to Graph failed/ },
    { name: "bad JSON", source: "oauthGrants", failure: failure(200, "InvalidJsonResponse"), status: "error", message: /malformed or truncated JSON/ },
    { name: "no token at all", source: "signIns", failure: failure(401, "CredentialUnavailable", "AuthenticationError: AADSTS7000215"), status: "error", message: /AZURE_TENANT_ID, AZURE_CLIENT_ID/ },
    { name: "a collector bug", source: "alerts", failure: failure(0, "CollectorError", "boom"), status: "error", message: /boom.*bug/ },
    { name: "audit search that never finished", source: "auditLog", failure: failure(0, "AuditLogQueryTimedOut", "still 'running'"), status: "error", message: /did not complete/ },
    { name: "unknown user", source: "user", failure: failure(404, "Request_ResourceNotFound"), status: "error", message: /not found in the tenant/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = coverageFromFailure(c.source, c.failure);
      assert.equal(verdict.status, c.status);
      assert.equal(verdict.code, c.failure.code);
      assert.match(verdict.message, c.message);
    });
  }

  it("has a permission for every evidence source (doctor reads this table)", () => {
    for (const source of SOURCES) assert.match(SOURCE_REQUIREMENTS[source].permission, /^[A-Za-z-]+\.[A-Za-z.]+$/, source);
  });
});
