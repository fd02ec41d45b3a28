import { randomBytes, randomUUID } from "node:crypto";
import { GraphHttpError } from "../http/wire.js";
import { signJwt, verifyJwt } from "./jwt.js";

export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
const LIFETIME_SECONDS = 3599;

export interface TokenClaims {
  roles: string[];
  tid: string;
  appid: string;
  exp: number;
}

/** Issues app-only access tokens (HS256 JWTs with a per-run key) and checks bearer headers. */
export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(
    private readonly tenantId: string,
    private readonly clientId: string,
    private readonly now: () => Date,
  ) {}

  issue(roles: readonly string[]): { accessToken: string; expiresIn: number } {
    const iat = Math.floor(this.now().getTime() / 1000);
    const accessToken = signJwt(
      {
        aud: GRAPH_AUDIENCE,
        iss: `https://sts.windows.net/${this.tenantId}/`,
        iat,
        nbf: iat,
        exp: iat + LIFETIME_SECONDS,
        appid: this.clientId,
        azp: this.clientId,
        idtyp: "app",
        oid: randomUUID(),
        roles: [...roles],
        sub: this.clientId,
        tid: this.tenantId,
        uti: randomBytes(16).toString("base64url"),
        ver: "1.0",
      },
      this.key,
    );
    return { accessToken, expiresIn: LIFETIME_SECONDS };
  }

  /** The claims of a valid `Authorization: Bearer` header, or Graph's 401. */
  authenticate(authorization: string | undefined): TokenClaims {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match) throw unauthenticated("Access token is empty.");
    const verified = verifyJwt(match[1], this.key);
    if (!verified.ok) throw unauthenticated(verified.reason === "malformed" ? "IDX14100: JWT is not well formed." : "Access token validation failure. Invalid signature.");
    const claims = verified.payload;
    if (claims.aud !== GRAPH_AUDIENCE) throw unauthenticated("Access token validation failure. Invalid audience.");
    if (claims.tid !== this.tenantId) throw unauthenticated("Access token validation failure. Invalid tenant.");
    const exp = typeof claims.exp === "number" ? claims.exp : 0;
    if (exp * 1000 <= this.now().getTime()) throw unauthenticated("Lifetime validation failed, the token is expired.");
    return {
      roles: Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === "string") : [],
      tid: this.tenantId,
      appid: String(claims.appid),
      exp,
    };
  }
}

function unauthenticated(message: string): GraphHttpError {
  return new GraphHttpError(401, "InvalidAuthenticationToken", message, {
    "WWW-Authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
  });
}
