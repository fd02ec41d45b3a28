/**
 * The claims doctor reads from an access token: granted permissions, tenant, app and expiry. The
 * signature is not checked (Graph checks it; doctor only reports), and the token itself is never
 * kept or printed.
 */
export interface TokenClaims {
  /** Application permissions (`roles`) and, for a delegated token, scopes (`scp`). */
  permissions: string[];
  kind: "application" | "delegated";
  tenantId?: string;
  appId?: string;
  expiresAt?: string;
}

export function readTokenClaims(token: string): TokenClaims | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!claims || typeof claims !== "object") return undefined;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  const scopes = typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [];
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    permissions: [...new Set([...roles, ...scopes])].sort((a, b) => a.localeCompare(b)),
    kind: scopes.length > 0 && roles.length === 0 ? "delegated" : "application",
    tenantId: text(claims.tid),
    appId: text(claims.appid) ?? text(claims.azp),
    expiresAt: typeof claims.exp === "number" ? new Date(claims.exp * 1000).toISOString() : undefined,
  };
}
