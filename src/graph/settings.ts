import type { Config } from "../config/schema.js";
import { RuntimeError } from "../lib/errors.js";
import { CLOUDS, type CloudName } from "./clouds.js";

/** A secret that never prints: logs, JSON and util.inspect all see "[redacted]". */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "[redacted]";
  }
  toJSON(): string {
    return "[redacted]";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "[redacted]";
  }
}

export type CredentialSettings =
  | { kind: "clientSecret"; secret: Secret }
  | { kind: "certificate"; certificatePath: string }
  | { kind: "managedIdentity" }
  | { kind: "default" }
  | { kind: "deviceCode" };

export interface GraphSettings {
  cloud: CloudName;
  tenantId: string;
  clientId: string;
  credential: CredentialSettings;
  /** https origin of the token authority, no trailing slash. */
  authorityHost: string;
  /** https origin serving /v1.0 and /beta, no trailing slash. */
  graphUrl: string;
  /** `${cloud Graph resource}/.default`. */
  scope: string;
  /** PEM files to trust in addition to the system roots. */
  caCertificatePaths: string[];
  maxRetries: number;
  requestTimeoutMs: number;
  concurrency: number;
  perMailboxConcurrency: number;
}

function origin(value: string, label: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RuntimeError(`${label} is not a URL: "${value}"`, "BAD_GRAPH_SETTINGS");
  }
  if (url.protocol !== "https:") {
    throw new RuntimeError(`${label} must be an https:// URL (Graph and its authority only speak HTTPS): "${value}"`, "BAD_GRAPH_SETTINGS");
  }
  if (url.pathname !== "/" && url.pathname !== "") {
    throw new RuntimeError(`${label} must be an origin without a path (Graph serves /v1.0 at the root): "${value}"`, "BAD_GRAPH_SETTINGS");
  }
  return url.origin;
}

function required(value: string, envName: string, configKey: string, kind: string): string {
  if (!value) {
    throw new RuntimeError(`Graph ${kind} is not set: set ${envName} or "${configKey}" in config.json.`, "MISSING_GRAPH_SETTING");
  }
  return value;
}

function chooseCredential(config: Config, env: NodeJS.ProcessEnv): CredentialSettings {
  const wanted = config.graph.credential;
  const secret = env.AZURE_CLIENT_SECRET ?? "";
  const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH || config.graph.certificatePath;
  switch (wanted) {
    case "clientSecret":
      if (!secret) {
        throw new RuntimeError(
          'graph.credential is "clientSecret" but AZURE_CLIENT_SECRET is not set: export it (secrets are read only from the environment, never from config.json).',
          "MISSING_GRAPH_SETTING",
        );
      }
      return { kind: "clientSecret", secret: new Secret(secret) };
    case "certificate":
      if (!certificatePath) {
        throw new RuntimeError(
          'graph.credential is "certificate" but no certificate is set: set AZURE_CLIENT_CERTIFICATE_PATH or "graph.certificatePath" in config.json.',
          "MISSING_GRAPH_SETTING",
        );
      }
      return { kind: "certificate", certificatePath };
    case "managedIdentity":
      return { kind: "managedIdentity" };
    case "deviceCode":
      return { kind: "deviceCode" };
    case "default":
      return { kind: "default" };
    case "auto":
      if (certificatePath) return { kind: "certificate", certificatePath };
      if (secret) return { kind: "clientSecret", secret: new Secret(secret) };
      return { kind: "default" };
  }
}

/**
 * Where and how to reach Graph. Environment beats config.json beats the cloud's defaults; the client
 * secret comes only from AZURE_CLIENT_SECRET. Throws RuntimeError naming the variable or key to set.
 */
export function resolveGraphSettings(config: Config, env: NodeJS.ProcessEnv): GraphSettings {
  const graph = config.graph;
  const cloud = CLOUDS[graph.cloud];
  const credential = chooseCredential(config, env);
  const tenantId = env.AZURE_TENANT_ID || graph.tenantId;
  const clientId = env.AZURE_CLIENT_ID || graph.clientId;
  const needsApp = credential.kind === "clientSecret" || credential.kind === "certificate" || credential.kind === "deviceCode";
  if (needsApp) {
    required(tenantId, "AZURE_TENANT_ID", "graph.tenantId", "tenant id");
    required(clientId, "AZURE_CLIENT_ID", "graph.clientId", "client (application) id");
  }
  const caCertificatePaths = [env.NODE_EXTRA_CA_CERTS, graph.caCertificatePath].filter((p): p is string => Boolean(p));
  return {
    cloud: graph.cloud,
    tenantId,
    clientId,
    credential,
    authorityHost: origin(env.AZURE_AUTHORITY_HOST || graph.authorityHost || cloud.authorityHost, "The authority host (AZURE_AUTHORITY_HOST / graph.authorityHost)"),
    graphUrl: origin(env.PHISHTRAIL_GRAPH_URL || graph.graphUrl || cloud.graphUrl, "The Graph URL (PHISHTRAIL_GRAPH_URL / graph.graphUrl)"),
    scope: `${cloud.graphUrl}/.default`,
    caCertificatePaths: [...new Set(caCertificatePaths)],
    maxRetries: graph.maxRetries,
    requestTimeoutMs: graph.requestTimeoutMs,
    concurrency: graph.concurrency,
    perMailboxConcurrency: graph.perMailboxConcurrency,
  };
}
