import { readFileSync } from "node:fs";
import { createSecureContext, rootCertificates } from "node:tls";
import { Agent } from "undici";
import { RuntimeError } from "../lib/errors.js";

/**
 * The CAs to trust: system roots plus any extra PEMs (config/NODE_EXTRA_CA_CERTS files and an
 * in-process simulator's CA). Undefined when there is nothing extra, so the defaults apply.
 * NODE_EXTRA_CA_CERTS is read by Node only at start-up; reading it here as well is what lets a
 * simulator started inside this process be trusted.
 */
export function trustedCertificates(paths: string[], extraPem: string | undefined): string[] | undefined {
  const extra: string[] = [];
  for (const path of paths) {
    try {
      extra.push(readFileSync(path, "utf8"));
    } catch {
      throw new RuntimeError(`CA certificate file not readable: ${path} (from NODE_EXTRA_CA_CERTS or graph.caCertificatePath)`, "BAD_GRAPH_SETTINGS");
    }
  }
  if (extraPem) extra.push(extraPem);
  if (extra.length === 0) return undefined;
  return [...rootCertificates, ...extra];
}

/**
 * The fetch dispatcher the Graph client uses (global fetch ignores https.Agent). One TLS context
 * for all connections: parsing the system roots again for every connection costs real CPU.
 */
export function createDispatcher(trustedCas: string[] | undefined, concurrency: number): Agent {
  return new Agent({
    connections: Math.max(concurrency * 2, 8),
    ...(trustedCas ? { connect: { secureContext: createSecureContext({ ca: trustedCas }) } } : {}),
  });
}
