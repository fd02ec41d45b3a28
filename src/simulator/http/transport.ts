import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { issueToken, matchAuthorityPath, openIdConfiguration, type AuthorityConfig } from "../auth/token-endpoint.js";
import type { TokenIssuer } from "../auth/tokens.js";
import type { SimulatorClock } from "../clock.js";
import { faultError, slowDelayMs, type FaultInjector, type FiredFault } from "../faults.js";
import type { GraphVersion, RequestLogEntry } from "../types.js";
import { runBatch } from "./batch.js";
import { parseQuery, pathSegments, type GraphCall } from "./call.js";
import type { GraphPipeline } from "./pipeline.js";
import { errorResult, GraphHttpError, standardHeaders, type GraphResult, type RequestIds } from "./wire.js";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface TransportDeps {
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
export class Transport {
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function noop(): void {}
