/**
 * Graph's wire format: the result of a handled call, Graph's error body and its standard headers.
 */

export const JSON_CONTENT_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** What a route handler (or the pipeline) produced; the transport turns it into bytes. */
export interface GraphResult {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; undefined for 204 and other empty answers. */
  body?: unknown;
}

/** Thrown by handlers and the pipeline; becomes Graph's error body. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra members inside innerError (the throttling body carries code/status there). */
    readonly innerExtras: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphHttpError";
  }
}

/** Graph writes innerError.date as UTC without a zone designator, e.g. "2025-02-13T10:17:05". */
export function graphErrorDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

export function errorBody(error: GraphHttpError, ids: RequestIds, now: Date): unknown {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        ...error.innerExtras,
        date: graphErrorDate(now),
        "request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
      },
    },
  };
}

export function errorResult(error: GraphHttpError, ids: RequestIds, now: Date): GraphResult {
  return { status: error.status, headers: { ...error.headers }, body: errorBody(error, ids, now) };
}

/** Headers every Graph response carries; JSON answers add Content-Type and OData-Version. */
export function standardHeaders(ids: RequestIds, hasJsonBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "request-id": ids.requestId,
    "client-request-id": ids.clientRequestId,
    "Cache-Control": "no-cache",
    "Strict-Transport-Security": "max-age=31536000",
    "x-ms-ags-diagnostic": JSON.stringify({ ServerInfo: { DataCenter: "Loopback", Slice: "E", Ring: "5", ScaleUnit: "000", RoleInstance: "PHISHTRAIL-SIM" } }),
  };
  if (hasJsonBody) {
    headers["Content-Type"] = JSON_CONTENT_TYPE;
    headers["OData-Version"] = "4.0";
  }
  return headers;
}
