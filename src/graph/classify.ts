import type { GraphObject } from "../snapshot/types.js";
import { FailureCode, type GraphFailure } from "./graph-errors.js";
import { parseRetryAfter } from "./retry-after.js";

/** What to do with one HTTP answer (a whole response or a $batch sub-response). */
export type Verdict =
  | { kind: "ok"; status: number; body: GraphObject }
  | { kind: "retry"; failure: GraphFailure; throttled: boolean; renewToken: boolean; waitMs?: number }
  | { kind: "fail"; failure: GraphFailure };

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

function errorOf(body: unknown): { code?: string; message?: string } {
  if (body && typeof body === "object" && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === "object") {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return { code: typeof code === "string" ? code : undefined, message: typeof message === "string" ? message : undefined };
    }
  }
  return {};
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Classifies an answer. `body` is the raw text of a response or the `body` member of a $batch
 * sub-response (already an object, or a string holding JSON or base64 JSON).
 */
export function classifyAnswer(
  status: number,
  header: (name: string) => string | undefined,
  body: unknown,
  nowMs: number,
  mailbox: boolean,
): Verdict {
  let parsed: unknown = body;
  let malformed = false;
  if (typeof body === "string") {
    const direct = parseBody(body);
    if (direct.ok) parsed = direct.value;
    else {
      const decoded = /^[A-Za-z0-9+/=\s]+$/.test(body) ? parseBody(Buffer.from(body, "base64").toString("utf8")) : direct;
      if (decoded.ok) parsed = decoded.value;
      else malformed = true;
    }
  }
  const failure = (code: string, message: string): GraphFailure => ({ status, code, message, attempts: 1, mailbox });

  if (status >= 200 && status < 300) {
    if (malformed || parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      return { kind: "retry", failure: failure(FailureCode.badJson, `HTTP ${status} with a body that is not a JSON object`), throttled: false, renewToken: false };
    }
    return { kind: "ok", status, body: parsed as GraphObject };
  }
  const { code, message } = malformed ? {} : errorOf(parsed);
  const graphCode = code || `HTTP${status}`;
  const graphMessage = message ?? "";
  if (status === 401) return { kind: "retry", failure: failure(graphCode, graphMessage), throttled: false, renewToken: true };
  if (status === 429 || RETRYABLE_STATUS.has(status)) {
    return {
      kind: "retry",
      failure: failure(status === 429 && !code ? FailureCode.throttled : graphCode, graphMessage),
      throttled: status === 429,
      renewToken: false,
      waitMs: parseRetryAfter(header("retry-after"), nowMs),
    };
  }
  return { kind: "fail", failure: failure(graphCode, graphMessage) };
}
