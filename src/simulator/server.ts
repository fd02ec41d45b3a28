import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { TenantSnapshot } from "../snapshot/types.js";
import { DEFAULT_GRANTED_PERMISSIONS } from "./auth/permissions.js";
import { issueToken, matchAuthorityPath, openIdConfiguration, type AuthorityConfig } from "./auth/token-endpoint.js";
import { TokenIssuer } from "./auth/tokens.js";
import type { SimulatorClock } from "./clock.js";
import { FaultInjector, faultError, slowDelayMs, type FiredFault } from "./faults.js";
import { runBatch } from "./http/batch.js";
import { parseQuery, pathSegments, type GraphCall } from "./http/call.js";
import { GraphPipeline } from "./http/pipeline.js";
import { errorResult, GraphHttpError, standardHeaders, type GraphResult, type RequestIds } from "./http/wire.js";
import { ResultCache, type ServeContext } from "./odata/collection.js";
import { seededRandom } from "./random.js";
import { AuditQueryStore } from "./routes/audit-log-query.js";
import { liveCopy } from "./tenant/live-state.js";
import { TenantIndex } from "./tenant/tenant-index.js";
import { NO_LIMITS, Throttler } from "./throttle/throttler.js";
import { createCertificates, writeCaFile } from "./tls.js";
import type { FaultRule, GraphVersion, RequestLogEntry, RouteId } from "./types.js";

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
const MAX_BODY_BYTES = 16 * 1024 * 1024;

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

interface TransportDeps {
  origin: string;
  clock: SimulatorClock;
  pipeline: GraphPipeline;
  faults: FaultInjector;
  issuer: TokenIssuer;
  authority: AuthorityConfig;
  record(entry: RequestLogEntry): void;
  latencyMs: number;
}

/** Bytes in, bytes out: parses the HTTP request, dispatches it, applies latency and transport faults. */
class Transport {
  constructor(private readonly deps: TransportDeps) {}

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const clientRequestId = header(req, "client-request-id");
    const ids: RequestIds = { requestId: randomUUID(), clientRequestId: clientRequestId ?? randomUUID() };
    const rawBody = await readBody(req);
    const target = req.url ?? "/";
    const question = target.indexOf("?");
    const rawPath = question === -1 ? target : target.slice(0, question);
    const rawQuery = question === -1 ? "" : target.slice(question + 1);
    const url = `${this.deps.origin}${target}`;
    const method = (req.method ?? "GET").toUpperCase();
    const first = rawPath.split("/").filter((part) => part !== "")[0] ?? "";
    const version = first.toLowerCase() === "v1.0" ? "v1.0" : first.toLowerCase() === "beta" ? "beta" : null;

    let reply: Reply;
    if (version) {
      reply = this.graph(req, method, version, rawPath.slice(first.length + 1) || "/", rawQuery, rawBody, ids, url);
    } else {
      reply = this.other(method, rawPath, rawBody, ids, url);
    }
    const wait = this.deps.latencyMs + reply.delayMs;
    if (wait > 0) await sleep(wait);
    try {
      if (reply.transportFault === "reset" || reply.result.status === 0) {
        req.socket.destroy();
        return;
      }
      await write(res, reply.result, reply.graph ? standardHeaders(ids, reply.result.body !== undefined) : idHeaders(ids), reply.transportFault === "truncated");
    } finally {
      reply.release();
    }
  }

  private graph(req: IncomingMessage, method: string, version: GraphVersion, path: string, rawQuery: string, rawBody: Buffer, ids: RequestIds, url: string): Reply {
    const authorization = header(req, "authorization");
    let call: GraphCall;
    try {
      call = {
        method,
        version,
        path,
        segments: pathSegments(path),
        rawQuery,
        query: parseQuery(rawQuery),
        headers: lowerCaseHeaders(req),
        body: parseJsonBody(rawBody),
        inBatch: false,
        ids,
      };
    } catch (error) {
      if (!(error instanceof GraphHttpError)) throw error;
      const result = errorResult(error, ids, this.deps.clock.now());
      this.deps.record({ time: this.deps.clock.now().toISOString(), method, url, path, version, route: "unknown", status: result.status, throttled: false });
      return { result, graph: true, delayMs: 0, release: noop };
    }
    if (method === "POST" && call.segments.length === 1 && call.segments[0] === "$batch") return this.batch(call, authorization, url);
    const outcome = this.deps.pipeline.handle(call, authorization, url);
    return { result: outcome.result, graph: true, ...faultEffects(outcome.fault), release: outcome.release };
  }

  private batch(call: GraphCall, authorization: string | undefined, url: string): Reply {
    const { clock } = this.deps;
    const entry: RequestLogEntry = { time: clock.now().toISOString(), method: call.method, url, path: call.path, version: call.version, route: "batch", status: 0, throttled: false };
    let reply: Reply;
    try {
      this.deps.issuer.authenticate(authorization);
      const fault = this.deps.faults.pick({ route: "batch", users: [], inBatch: false, flavour: "reports" });
      if (fault) entry.fault = fault.label;
      if (fault?.rule.kind === "status") throw faultError(fault.rule, "reports", clock);
      const outcome = runBatch(call, authorization, this.deps.pipeline, (clientRequestId) => ({ requestId: randomUUID(), clientRequestId: clientRequestId ?? randomUUID() }), clock.now);
      const effects = faultEffects(fault);
      reply = { result: outcome.result, graph: true, delayMs: effects.delayMs + outcome.delayMs, transportFault: effects.transportFault ?? outcome.transportFault, release: noop };
    } catch (error) {
      if (!(error instanceof GraphHttpError)) throw error;
      reply = { result: errorResult(error, call.ids, clock.now()), graph: true, delayMs: 0, release: noop };
    }
    entry.status = reply.transportFault === "reset" ? 0 : reply.result.status;
    entry.throttled = entry.status === 429;
    this.deps.record(entry);
    return reply;
  }

  /** Identity-platform endpoints, or an unknown path (501, recorded as unhandled). */
  private other(method: string, rawPath: string, rawBody: Buffer, ids: RequestIds, url: string): Reply {
    const { clock } = this.deps;
    const authorityRoute = matchAuthorityPath(pathSegments(rawPath));
    const expectedMethod = authorityRoute?.route === "token" ? "POST" : "GET";
    const entry: RequestLogEntry = { time: clock.now().toISOString(), method, url, path: rawPath, version: null, route: "unknown", status: 0, throttled: false };
    let reply: Reply;
    if (!authorityRoute || method !== expectedMethod) {
      const error = new GraphHttpError(501, "NotImplemented", `The Graph simulator does not implement ${method} ${rawPath}.`);
      reply = { result: errorResult(error, ids, clock.now()), graph: true, delayMs: 0, release: noop };
    } else {
      entry.route = authorityRoute.route;
      const fault = this.deps.faults.pick({ route: authorityRoute.route, users: [], inBatch: false, flavour: "reports" });
      if (fault) entry.fault = fault.label;
      let result: GraphResult;
      if (fault?.rule.kind === "status") {
        const error = faultError(fault.rule, "reports", clock);
        result = { status: error.status, headers: { "Content-Type": "application/json; charset=utf-8", ...error.headers }, body: { error: error.code, error_description: error.message } };
      } else if (authorityRoute.route === "token") {
        result = issueToken(this.deps.authority, authorityRoute.tenant, rawBody.toString("utf8"));
      } else {
        result = openIdConfiguration(this.deps.authority, authorityRoute.tenant);
      }
      reply = { result, graph: false, ...faultEffects(fault), release: noop };
    }
    entry.status = reply.transportFault === "reset" ? 0 : reply.result.status;
    entry.throttled = entry.status === 429;
    this.deps.record(entry);
    return reply;
  }
}

interface Reply {
  result: GraphResult;
  /** Graph responses carry Graph's standard headers; identity-platform ones only the ids. */
  graph: boolean;
  delayMs: number;
  transportFault?: "reset" | "truncated";
  release(): void;
}

function faultEffects(fault: FiredFault | undefined): { delayMs: number; transportFault?: "reset" | "truncated" } {
  if (!fault) return { delayMs: 0 };
  switch (fault.rule.kind) {
    case "slow":
      return { delayMs: slowDelayMs(fault.rule) };
    case "reset":
    case "truncated":
      return { delayMs: 0, transportFault: fault.rule.kind };
    default:
      return { delayMs: 0 };
  }
}

/** A truncated fault sends a well-framed response whose JSON stops halfway. */
function write(res: ServerResponse, result: GraphResult, base: Record<string, string>, truncate: boolean): Promise<void> {
  const headers: Record<string, string> = { ...base, ...result.headers };
  let payload = result.body === undefined ? "" : JSON.stringify(result.body);
  if (payload === "") {
    delete headers["Content-Type"];
    delete headers["OData-Version"];
  }
  if (truncate && payload.length > 1) payload = payload.slice(0, Math.floor(payload.length / 2));
  const bytes = Buffer.from(payload, "utf8");
  headers["Content-Length"] = String(bytes.length);
  return new Promise((resolve) => {
    res.writeHead(result.status, headers);
    res.end(bytes, () => resolve());
  });
}

function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    throw new GraphHttpError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function idHeaders(ids: RequestIds): Record<string, string> {
  return { "request-id": ids.requestId, "client-request-id": ids.clientRequestId };
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function noop(): void {}
