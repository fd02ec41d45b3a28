import { randomUUID, timingSafeEqual } from "node:crypto";
import type { GraphResult } from "../http/wire.js";
import { decodeJwt } from "./jwt.js";
import type { TokenIssuer } from "./tokens.js";

/** The identity-platform endpoints MSAL (inside @azure/identity) calls for client credentials. */
export interface AuthorityConfig {
  origin: string;
  tenantId: string;
  /** Other names the tenant answers to (verified domains). */
  tenantAliases: string[];
  clientId: string;
  clientSecret: string;
  grantedPermissions: readonly string[];
  issuer: TokenIssuer;
  now: () => Date;
}

export type AuthorityRoute = "openidConfiguration" | "token";

/** Recognises an identity-platform path: `/{tenant}/v2.0/.well-known/openid-configuration`, `/{tenant}/oauth2/v2.0/token`. */
export function matchAuthorityPath(segments: string[]): { route: AuthorityRoute; tenant: string } | undefined {
  const [tenant, ...rest] = segments;
  const tail = rest.join("/").toLowerCase();
  if (!tenant) return undefined;
  if (tail === "v2.0/.well-known/openid-configuration" || tail === ".well-known/openid-configuration") return { route: "openidConfiguration", tenant };
  if (tail === "oauth2/v2.0/token") return { route: "token", tenant };
  return undefined;
}

export function openIdConfiguration(config: AuthorityConfig, tenant: string): GraphResult {
  if (!knownTenant(config, tenant)) return aadError(config, 400, "invalid_tenant", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  const base = `${config.origin}/${config.tenantId}`;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
  });
}

/** POST token: client_credentials with client_secret or a client_assertion JWT. */
export function issueToken(config: AuthorityConfig, tenant: string, rawBody: string): GraphResult {
  if (!knownTenant(config, tenant)) return aadError(config, 400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  const form = new URLSearchParams(rawBody);
  const grantType = form.get("grant_type");
  if (grantType !== "client_credentials") {
    return aadError(config, 400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType ?? ""}'.`);
  }
  const clientId = form.get("client_id") ?? "";
  if (clientId.toLowerCase() !== config.clientId.toLowerCase()) {
    return aadError(config, 400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
  }
  const secret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  if (secret !== null) {
    if (!sameSecret(secret, config.clientSecret)) {
      return aadError(config, 400, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + config.clientId + "'.");
    }
  } else if (assertion !== null) {
    const problem = assertionProblem(form.get("client_assertion_type"), assertion, config.clientId);
    if (problem) return aadError(config, 400, "invalid_client", 700027, problem);
  } else {
    return aadError(config, 400, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  const scope = form.get("scope") ?? "";
  if (!scope.split(" ").some((item) => item.endsWith("/.default"))) {
    return aadError(config, 400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const { accessToken, expiresIn } = config.issuer.issue(config.grantedPermissions);
  return json(200, { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken });
}

function assertionProblem(type: string | null, assertion: string, clientId: string): string | undefined {
  if (type !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return "Client assertion type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.";
  const decoded = decodeJwt(assertion);
  if (!decoded || typeof decoded.header.alg !== "string") return "Client assertion is not a well-formed JWT.";
  const { iss, sub } = decoded.payload;
  if (typeof iss !== "string" || typeof sub !== "string" || iss.toLowerCase() !== clientId.toLowerCase() || sub.toLowerCase() !== clientId.toLowerCase()) {
    return "Client assertion contains an invalid issuer or subject; both must be the client id.";
  }
  return undefined;
}

function knownTenant(config: AuthorityConfig, tenant: string): boolean {
  const lowered = tenant.toLowerCase();
  return lowered === config.tenantId.toLowerCase() || config.tenantAliases.some((alias) => alias.toLowerCase() === lowered);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Entra ID's token-endpoint error shape. */
function aadError(config: AuthorityConfig, status: number, error: string, code: number, message: string): GraphResult {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = config.now().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${config.origin}/error?code=${code}`,
  });
}

function json(status: number, body: unknown): GraphResult {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store, no-cache" }, body };
}
