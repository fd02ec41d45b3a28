import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  DeviceCodeCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type GetTokenOptions,
  type TokenCredential,
  type TokenCredentialOptions,
} from "@azure/identity";
import type { GraphSettings } from "./settings.js";

/** Builds the @azure/identity credential the settings ask for, trusting the extra CAs. */
function buildCredential(settings: GraphSettings, trustedCas: string[] | undefined): TokenCredential {
  const common: TokenCredentialOptions & { disableInstanceDiscovery?: boolean } = {
    authorityHost: settings.authorityHost,
    // Instance discovery calls login.microsoftonline.com, which a national cloud, a proxy or the
    // simulator cannot answer; the authority is known, so discovery adds nothing.
    disableInstanceDiscovery: true,
    // core-rest-pipeline replaces the system roots when `ca` is set, so callers pass both.
    ...(trustedCas ? { tlsOptions: { ca: trustedCas } } : {}),
  };
  const { credential, tenantId, clientId } = settings;
  switch (credential.kind) {
    case "clientSecret":
      return new ClientSecretCredential(tenantId, clientId, credential.secret.reveal(), common);
    case "certificate":
      return new ClientCertificateCredential(tenantId, clientId, { certificatePath: credential.certificatePath }, common);
    case "managedIdentity":
      return clientId ? new ManagedIdentityCredential({ ...common, clientId }) : new ManagedIdentityCredential(common);
    case "deviceCode":
      return new DeviceCodeCredential({
        ...common,
        tenantId,
        clientId,
        // An admin at a terminal: the prompt goes to stderr so stdout stays machine-readable.
        userPromptCallback: (info) => {
          process.stderr.write(`${info.message}\n`);
        },
      });
    case "default":
      return new DefaultAzureCredential({ ...common, ...(tenantId ? { tenantId } : {}) });
  }
}

/** A token is reused until this close to its expiry (the identity libraries refresh at 5 minutes too). */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * A credential that can be replaced by a fresh instance (and so a fresh token cache) when Graph
 * answers 401 mid-run: an admin may have rotated the secret or revoked the token. It keeps the
 * current token itself, so thousands of requests do not each walk MSAL's cache.
 */
export class RenewableCredential implements TokenCredential {
  #inner: TokenCredential;
  #generation = 0;
  #token: { scopes: string; pending: Promise<AccessToken | null> } | undefined;

  constructor(private readonly factory: () => TokenCredential) {
    this.#inner = factory();
  }

  get generation(): number {
    return this.#generation;
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const key = Array.isArray(scopes) ? scopes.join(" ") : scopes;
    const cached = this.#token;
    if (cached && cached.scopes === key) {
      return cached.pending.then((token) => (token && token.expiresOnTimestamp - Date.now() > REFRESH_BEFORE_MS ? token : this.#fetch(key, scopes, options)));
    }
    return this.#fetch(key, scopes, options);
  }

  #fetch(key: string, scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const pending = this.#inner.getToken(scopes, options);
    this.#token = { scopes: key, pending };
    // A failed attempt is not cached: the next request asks again.
    pending.catch(() => {
      if (this.#token?.pending === pending) this.#token = undefined;
    });
    return pending;
  }

  /** Replaces the credential unless another request already did since `seenGeneration`. */
  renew(seenGeneration: number): void {
    if (seenGeneration !== this.#generation) return;
    this.#inner = this.factory();
    this.#token = undefined;
    this.#generation++;
  }
}

export function createCredential(settings: GraphSettings, trustedCas: string[] | undefined): RenewableCredential {
  return new RenewableCredential(() => buildCredential(settings, trustedCas));
}
