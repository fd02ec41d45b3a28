import { ResponseType, type Client } from "@microsoft/microsoft-graph-client";
import { FailureCode } from "./graph-errors.js";
import { isAbsolute, type GraphVersion } from "./request.js";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** What one HTTP attempt produced: an answer with its whole body, or no answer at all. */
export type Attempt =
  | { kind: "answer"; status: number; header: (name: string) => string | undefined; bytes: Buffer }
  | { kind: "no-answer"; code: string; message: string; credential: boolean };

const CREDENTIAL_ERRORS = new Set(["AuthenticationError", "CredentialUnavailableError", "AggregateAuthenticationError", "AuthenticationRequiredError"]);

function describe(error: unknown): { name: string; message: string } {
  const e = error as { code?: unknown; name?: unknown; message?: unknown; body?: unknown; cause?: { code?: unknown; message?: unknown } };
  const name = typeof e?.code === "string" && e.code ? e.code : typeof e?.name === "string" ? e.name : "Error";
  const cause = e?.cause && typeof e.cause.code === "string" ? ` (${e.cause.code})` : "";
  const text = typeof e?.body === "string" && e.body ? e.body : typeof e?.message === "string" ? e.message : String(error);
  return { name, message: `${text}${cause}`.slice(0, 300) };
}

/**
 * Sends one request through the Graph client and reads the whole body, within the timeout.
 * `answered` is called once the status line and headers are in, before the body is read.
 */
export async function sendOnce(
  client: Client,
  method: HttpMethod,
  url: string,
  version: GraphVersion,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  answered: () => void = () => {},
): Promise<Attempt> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    let request = client.api(url);
    if (!isAbsolute(url)) request = request.version(version);
    request = request.headers(headers).option("signal", signal).responseType(ResponseType.RAW);
    const response: Response =
      method === "GET" ? await request.get() : method === "POST" ? await request.post(body) : method === "PATCH" ? await request.patch(body) : await request.delete();
    answered();
    const bytes = Buffer.from(await response.arrayBuffer());
    return { kind: "answer", status: response.status, header: (name) => response.headers.get(name) ?? undefined, bytes };
  } catch (error) {
    if (signal.aborted) return { kind: "no-answer", code: FailureCode.timeout, message: `no complete answer within ${timeoutMs} ms`, credential: false };
    const { name, message } = describe(error);
    if (CREDENTIAL_ERRORS.has(name)) return { kind: "no-answer", code: FailureCode.credential, message: `${name}: ${message}`, credential: true };
    return { kind: "no-answer", code: FailureCode.network, message: `${name}: ${message}`, credential: false };
  }
}
