import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface SimulatorCertificates {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A fresh CA and a server certificate it signs, per run, for 127.0.0.1 and localhost. Clients trust
 * the CA (not the leaf): Node's NODE_EXTRA_CA_CERTS, an undici Agent's `connect.ca`, or
 * core-rest-pipeline's `tlsOptions.ca`. EC keys keep generation in the tens of milliseconds.
 */
export async function createCertificates(): Promise<SimulatorCertificates> {
  const notBeforeDate = new Date(Date.now() - DAY);
  const notAfterDate = new Date(Date.now() + 30 * DAY);
  const ca = await generate([{ name: "commonName", value: "phishtrail Graph simulator CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  });
  return { caCertPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}

/**
 * Writes the CA into a new owner-only directory; returns its path and a cleanup, which also runs
 * when the process exits without closing the simulator.
 */
export function writeCaFile(caCertPem: string): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "phishtrail-simulator-"));
  chmodSync(dir, 0o700);
  const path = join(dir, "simulator-ca.pem");
  writeFileSync(path, caCertPem, { mode: 0o600 });
  const remove = () => {
    process.off("exit", remove);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", remove);
  return { path, remove };
}
