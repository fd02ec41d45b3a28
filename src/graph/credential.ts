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

/**
 * A credential that can be replaced by a fresh instance (and so a fresh token cache) when Graph
 * answers 401 mid-run: an admin may have rotated the secret or revoked the token.
 */
export class RenewableCredential implements TokenCredential {
  #inner: TokenCredential;
  #generation = 0;

  constructor(private readonly factory: () => TokenCredential) {
    this.#inner = factory();
  }

  get generation(): number {
    return this.#generation;
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    return this.#inner.getToken(scopes, options);
  }

  /** Replaces the credential unless another request already did since `seenGeneration`. */
  renew(seenGeneration: number): void {
    if (seenGeneration !== this.#generation) return;
    this.#inner = this.factory();
    this.#generation++;
  }
}

export function createCredential(settings: GraphSettings, trustedCas: string[] | undefined): RenewableCredential {
  return new RenewableCredential(() => buildCredential(settings, trustedCas));
}
