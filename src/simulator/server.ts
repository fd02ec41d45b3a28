import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { TenantSnapshot } from "../snapshot/types.js";
import { DEFAULT_GRANTED_PERMISSIONS } from "./auth/permissions.js";
import type { AuthorityConfig } from "./auth/token-endpoint.js";
import { TokenIssuer } from "./auth/tokens.js";
import type { SimulatorClock } from "./clock.js";
import { FaultInjector } from "./faults.js";
import { GraphPipeline } from "./http/pipeline.js";
import { Transport } from "./http/transport.js";
import { ResultCache, type ServeContext } from "./odata/collection.js";
import { seededRandom } from "./random.js";
import { AuditQueryStore } from "./routes/audit-log-query.js";
import { liveCopy } from "./tenant/live-state.js";
import { TenantIndex } from "./tenant/tenant-index.js";
import { NO_LIMITS, Throttler } from "./throttle/throttler.js";
import { createCertificates, writeCaFile } from "./tls.js";
import type { FaultRule, RequestLogEntry, RouteId } from "./types.js";

export type { FaultRule, RequestLogEntry, RouteId } from "./types.js";

export interface SimulatorOptions {
  snapshot: TenantSnapshot;
  /** Default 0 (an ephemeral port) on "127.0.0.1". */
  port?: number;
  host?: string;
  /** Real time per Graph time: 1 = Graph's windows; 0.01 = a 10 s window lasts 100 ms. Retry-After scales too. */
  timeScale?: number;
  /** Real milliseconds added to every response. */
  latencyMs?: number;
  faults?: FaultRule[];
  /** Seed for probabilistic faults. */
  seed?: number;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Application permissions put into issued tokens' `roles`; default DEFAULT_GRANTED_PERMISSIONS. */
  grantedPermissions?: string[];
  /** Default true. */
  throttling?: boolean;
  pageSizes?: Partial<Record<RouteId, number>>;
  /** Wall clock for tokens, innerError.date, write stamps and audit-query progress. */
  now?: () => Date;
  /** Monotonic real milliseconds for throttling windows (default performance.now). */
  elapsedMs?: () => number;
  /** Build the query indexes before listening instead of on first use (benchmarks time the scan, not the index). */
  prepareIndexes?: boolean;
}

export interface SimulatorHandle {
  /** "https://127.0.0.1:PORT"; Graph is served at the root (/v1.0/..., /beta/...). */
  baseUrl: string;
  /** Same origin; the token endpoint is /{tenant}/oauth2/v2.0/token. */
  authorityHost: string;
  tokenEndpoint: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertPem: string;
  /** The CA in a fresh owner-only temp file (for NODE_EXTRA_CA_CERTS); removed on close. */
  caCertPath: string;
  /** Every request and every $batch sub-request (inBatch: true). */
  requests: RequestLogEntry[];
  /** Requests no route handles (answered 501). */
  unhandled: RequestLogEntry[];
  /** Live tenant state: containment writes change it. */
  state: TenantSnapshot;
  setFaults(faults: FaultRule[]): void;
  resetLog(): void;
  close(): Promise<void>;
}

const DEFAULT_TENANT_ID = "6f3c1a2b-4d5e-4f60-8a71-92b3c4d5e6f7";
const DEFAULT_CLIENT_ID = "0d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

/**
 * Starts an HTTPS server on loopback that speaks Microsoft Graph's wire protocol for the tenant in
 * `snapshot`, plus the identity-platform endpoints ClientSecretCredential needs, so the real Graph
 * JS client and @azure/identity run against it with only URLs and CA trust changed.
 *
 * Trusting the CA: the Graph client uses global fetch (undici), so pass
 * `fetchOptions: { dispatcher: new Agent({ connect: { ca: caCertPem } }) }` (undici's Agent) or start
 * the process with NODE_EXTRA_CA_CERTS=caCertPath; @azure/identity accepts
 * `{ authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: caCertPem } }` in-process.
 */
export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be greater than 0, got ${timeScale}.`);
  const host = options.host ?? "127.0.0.1";
  const clock: SimulatorClock = { now: options.now ?? (() => new Date()), elapsedMs: options.elapsedMs ?? (() => performance.now()), timeScale };
  const state = liveCopy(options.snapshot);
  const index = new TenantIndex(state);
  if (options.prepareIndexes) index.prepare();
  const organizationId = typeof state.organization?.id === "string" ? state.organization.id : undefined;
  const tenantId = options.tenantId ?? organizationId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? randomBytes(24).toString("base64url");
  const requests: RequestLogEntry[] = [];
  const unhandled: RequestLogEntry[] = [];
  const record = (entry: RequestLogEntry) => {
    requests.push(entry);
    if (entry.status === 501) unhandled.push(entry);
  };

  const certificates = await createCertificates();
  const caFile = writeCaFile(certificates.caCertPem);
  const server = createServer({ key: certificates.keyPem, cert: certificates.certPem });
  const port = await listen(server, options.port ?? 0, host);
  const origin = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const issuer = new TokenIssuer(tenantId, clientId, clock.now);
  const faults = new FaultInjector(options.faults ?? [], seededRandom(options.seed ?? 0));
  const serve: ServeContext = { baseUrl: origin, cache: new ResultCache(), stateVersion: 0, pageSizes: options.pageSizes ?? {} };
  const pipeline = new GraphPipeline({
    issuer,
    faults,
    throttler: options.throttling === false ? NO_LIMITS : new Throttler(clock, { tenantId, appId: clientId, userCount: state.users?.length ?? 0 }),
    clock,
    record,
    shared: {
      index,
      state,
      clock,
      serve,
      tenantId,
      auditQueries: new AuditQueryStore(clock),
      changed: () => {
        serve.stateVersion++;
      },
    },
  });
  const authority: AuthorityConfig = {
    origin,
    tenantId,
    tenantAliases: verifiedDomains(state),
    clientId,
    clientSecret,
    grantedPermissions: options.grantedPermissions ?? DEFAULT_GRANTED_PERMISSIONS,
    issuer,
    now: clock.now,
  };

  const transport = new Transport({ origin, clock, pipeline, faults, issuer, authority, record, latencyMs: options.latencyMs ?? 0 });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    transport.serve(req, res).catch(() => res.destroy());
  });

  return {
    baseUrl: origin,
    authorityHost: origin,
    tokenEndpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
    tenantId,
    clientId,
    clientSecret,
    caCertPem: certificates.caCertPem,
    caCertPath: caFile.path,
    requests,
    unhandled,
    state,
    setFaults: (rules) => faults.setRules(rules),
    resetLog: () => {
      requests.length = 0;
      unhandled.length = 0;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      caFile.remove();
    },
  };
}

function verifiedDomains(state: TenantSnapshot): string[] {
  const domains = state.organization?.verifiedDomains;
  if (!Array.isArray(domains)) return [];
  return domains.map((domain) => (domain as { name?: unknown })?.name).filter((name): name is string => typeof name === "string");
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
