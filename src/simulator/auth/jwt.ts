import { createHmac, timingSafeEqual } from "node:crypto";

/** Compact JWTs: HS256 with the simulator's per-run key for the tokens it issues. */

export function signJwt(payload: Record<string, unknown>, key: Buffer): string {
  const header = base64url(JSON.stringify({ typ: "JWT", alg: "HS256" }));
  const body = base64url(JSON.stringify(payload));
  return `${header}.${body}.${hmac(`${header}.${body}`, key)}`;
}

export type VerifyResult = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: "malformed" | "signature" };

export function verifyJwt(token: string, key: Buffer): VerifyResult {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const decoded = decodeJwt(token);
  if (!decoded) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(hmac(`${parts[0]}.${parts[1]}`, key));
  const actual = Buffer.from(parts[2]);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: "signature" };
  return { ok: true, payload: decoded.payload };
}

/** Header and payload of a JWT without checking its signature (client assertions). */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
    if (!isRecord(header) || !isRecord(payload)) return undefined;
    return { header, payload };
  } catch {
    return undefined;
  }
}

function hmac(text: string, key: Buffer): string {
  return createHmac("sha256", key).update(text).digest("base64url");
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
