import { slowDelayMs } from "../faults.js";
import type { GraphVersion } from "../types.js";
import { parseQuery, pathSegments, type GraphCall } from "./call.js";
import type { GraphPipeline } from "./pipeline.js";
import { errorBody, GraphHttpError, JSON_CONTENT_TYPE, type GraphResult, type RequestIds } from "./wire.js";

const MAX_REQUESTS = 20;

export interface BatchOutcome {
  result: GraphResult;
  /** Real milliseconds "slow" faults on sub-requests add to the batch. */
  delayMs: number;
  /** A "reset" or "truncated" fault on a sub-request breaks the whole batch response. */
  transportFault?: "reset" | "truncated";
}

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/**
 * JSON batching (`POST /{version}/$batch`): validates the envelope like Graph (at most 20
 * requests, unique case-insensitive ids, known dependsOn targets), then runs each sub-request
 * through the same pipeline as a top-level call. Sub-responses always answer inside an outer 200;
 * their JSON content type is keyed exactly "Content-Type", which the JS client requires.
 */
export function runBatch(
  batch: GraphCall,
  authorization: string | undefined,
  pipeline: GraphPipeline,
  newIds: (clientRequestId?: string) => RequestIds,
  now: () => Date,
): BatchOutcome {
  let requests: SubRequest[];
  try {
    requests = order(parseEnvelope(batch.body));
  } catch (error) {
    if (!(error instanceof GraphHttpError)) throw error;
    return { result: { status: 400, body: errorBody(error, batch.ids, now()) }, delayMs: 0 };
  }
  const statuses = new Map<string, number>();
  const responses: unknown[] = [];
  let delayMs = 0;
  let transportFault: BatchOutcome["transportFault"];
  for (const request of requests) {
    const ids = newIds(request.headers["client-request-id"] ?? batch.ids.clientRequestId);
    const failedDependency = request.dependsOn.find((dependency) => !isSuccess(statuses.get(dependency.toLowerCase())));
    let result: GraphResult;
    if (failedDependency !== undefined) {
      const error = new GraphHttpError(424, "FailedDependency", `The request depends on request '${failedDependency}', which failed.`);
      result = { status: 424, body: errorBody(error, ids, now()) };
    } else {
      let call: GraphCall;
      try {
        call = subCall(request, batch.version, ids);
      } catch (error) {
        if (!(error instanceof GraphHttpError)) throw error;
        statuses.set(request.id.toLowerCase(), error.status);
        responses.push(subResponse(request.id, { status: error.status, body: errorBody(error, ids, now()) }));
        continue;
      }
      const outcome = pipeline.handle(call, authorization, request.url);
      outcome.release();
      result = outcome.result;
      const kind = outcome.fault?.rule.kind;
      if (kind === "slow" && outcome.fault) delayMs += slowDelayMs(outcome.fault.rule);
      if (kind === "reset" || kind === "truncated") transportFault ??= kind;
    }
    statuses.set(request.id.toLowerCase(), result.status);
    responses.push(subResponse(request.id, result));
  }
  return { result: { status: 200, body: { responses } }, delayMs, transportFault };
}

function subResponse(id: string, result: GraphResult): unknown {
  const headers: Record<string, string> = { "Cache-Control": "no-cache", ...result.headers };
  if (result.body === undefined) return { id, status: result.status, headers };
  headers["Content-Type"] = JSON_CONTENT_TYPE;
  headers["OData-Version"] = "4.0";
  return { id, status: result.status, headers, body: result.body };
}

function subCall(request: SubRequest, version: GraphVersion, ids: RequestIds): GraphCall {
  let url = request.url.startsWith("/") ? request.url : `/${request.url}`;
  // The JS client strips only scheme and host from absolute Request URLs, leaving "/v1.0/...".
  const prefix = /^\/(v1\.0|beta)(?=\/|\?|$)/i.exec(url);
  if (prefix) {
    if (prefix[1].toLowerCase() !== version) throw new GraphHttpError(400, "BadRequest", `A sub-request of a /${version}/$batch cannot address /${prefix[1]}.`);
    url = url.slice(prefix[0].length) || "/";
  }
  const question = url.indexOf("?");
  const path = question === -1 ? url : url.slice(0, question);
  const rawQuery = question === -1 ? "" : url.slice(question + 1);
  return {
    method: request.method,
    version,
    path,
    segments: pathSegments(path),
    rawQuery,
    query: parseQuery(rawQuery),
    headers: request.headers,
    body: request.body,
    inBatch: true,
    ids,
  };
}

function parseEnvelope(body: unknown): SubRequest[] {
  const invalid = (message: string) => new GraphHttpError(400, "BadRequest", message);
  if (typeof body !== "object" || body === null || !Array.isArray((body as { requests?: unknown }).requests)) {
    throw invalid("Invalid batch payload format: expected a JSON object with a 'requests' array.");
  }
  const raw = (body as { requests: unknown[] }).requests;
  if (raw.length === 0) throw invalid("Invalid batch payload format: the 'requests' array is empty.");
  if (raw.length > MAX_REQUESTS) throw invalid(`The batch contains ${raw.length} requests; the limit is ${MAX_REQUESTS}.`);
  const seen = new Set<string>();
  const requests = raw.map((item, position) => {
    if (typeof item !== "object" || item === null) throw invalid(`Batch request ${position + 1} is not a JSON object.`);
    const record = item as Record<string, unknown>;
    const id = typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : "";
    if (id === "") throw invalid(`Batch request ${position + 1} has no 'id'.`);
    if (seen.has(id.toLowerCase())) throw invalid(`Batch request id '${id}' is used more than once; ids must be unique (case-insensitively).`);
    seen.add(id.toLowerCase());
    if (typeof record.method !== "string" || typeof record.url !== "string" || record.url === "") {
      throw invalid(`Batch request '${id}' needs a 'method' and a relative 'url'.`);
    }
    if (/^https?:/i.test(record.url)) throw invalid(`Batch request '${id}' has an absolute url; use a URL relative to the version, e.g. '/users'.`);
    const headers: Record<string, string> = {};
    if (typeof record.headers === "object" && record.headers !== null) {
      for (const [name, value] of Object.entries(record.headers as Record<string, unknown>)) headers[name.toLowerCase()] = String(value);
    }
    if (record.body !== undefined && headers["content-type"] === undefined) {
      throw invalid(`Batch request '${id}' has a body but no Content-Type header.`);
    }
    const dependsOn = Array.isArray(record.dependsOn) ? record.dependsOn.map(String) : [];
    return { id, method: record.method.toUpperCase(), url: record.url, headers, body: record.body, dependsOn };
  });
  for (const request of requests) {
    for (const dependency of request.dependsOn) {
      if (!seen.has(dependency.toLowerCase()) || dependency.toLowerCase() === request.id.toLowerCase()) {
        throw invalid(`Batch request '${request.id}' depends on '${dependency}', which is not another request in this batch.`);
      }
    }
  }
  return requests;
}

/** Dependencies first, otherwise request order; a cycle is a malformed batch. */
function order(requests: SubRequest[]): SubRequest[] {
  const done = new Set<string>();
  const ordered: SubRequest[] = [];
  while (ordered.length < requests.length) {
    const ready = requests.find((request) => !done.has(request.id.toLowerCase()) && request.dependsOn.every((dependency) => done.has(dependency.toLowerCase())));
    if (!ready) throw new GraphHttpError(400, "BadRequest", "The batch's dependsOn references form a cycle.");
    done.add(ready.id.toLowerCase());
    ordered.push(ready);
  }
  return ordered;
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}
