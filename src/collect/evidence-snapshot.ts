import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, readdirSync, renameSync, rmSync, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { ensurePrivateDir, PRIVATE_FILE_MODE, writeFileAtomic } from "../lib/atomic-write.js";
import { SNAPSHOT_FORMAT, type GraphObject, type SnapshotLicenses, type SnapshotMailbox } from "../snapshot/types.js";
import type { EvidenceSink, SnapshotCollection } from "./evidence-sink.js";

export const SNAPSHOT_FILE = "tenant-snapshot.json";
export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "phishtrail-evidence-manifest/1";

const COLLECTIONS: SnapshotCollection[] = [
  "users",
  "signIns",
  "directoryAudits",
  "auditLogRecords",
  "alerts",
  "riskyUsers",
  "riskDetections",
  "servicePrincipals",
  "oauth2PermissionGrants",
  "userRegistrationDetails",
  "conditionalAccessPolicies",
];

type Keyed = "mailboxes" | "authenticationMethods";

async function write(stream: WriteStream, chunk: string | Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

async function end(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

/** Spilled text is handed to the file in pieces of about this size, not one write per object. */
const SPILL_CHUNK = 256 * 1024;
const FIRST = Buffer.from("\n");
const NEXT = Buffer.from(",\n");

/**
 * One collection's spill file: its entries already joined as they will appear inside the snapshot's
 * array or object ("\n" before the first, ",\n" before the others), so the final file is a plain
 * byte copy of the spills between the collections' headers.
 */
class Spill {
  readonly #stream: WriteStream;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #entries = 0;

  constructor(readonly path: string) {
    this.#stream = createWriteStream(path, { mode: PRIVATE_FILE_MODE });
  }

  /** An entry: JSON text, or bytes as Graph sent them. */
  append(entry: string | Buffer): void {
    const bytes = typeof entry === "string" ? Buffer.from(entry) : entry;
    this.#pending.push(this.#entries++ === 0 ? FIRST : NEXT, bytes);
    this.#pendingBytes += bytes.length + (this.#entries === 1 ? FIRST.length : NEXT.length);
    if (this.#pendingBytes >= SPILL_CHUNK) this.#flush();
  }

  async close(): Promise<void> {
    this.#flush();
    await end(this.#stream);
  }

  destroy(): void {
    this.#stream.destroy();
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    // One copy into a fresh buffer: the entries may be views of whole response bodies.
    this.#stream.write(Buffer.concat(this.#pending, this.#pendingBytes));
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}

/** The final file being written, with its size and SHA-256 kept as it goes (no second read). */
class HashedOutput {
  readonly stream: WriteStream;
  readonly #hash = createHash("sha256");
  bytes = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { mode: PRIVATE_FILE_MODE });
  }

  async put(chunk: string | Buffer): Promise<void> {
    this.#hash.update(chunk);
    this.bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    await write(this.stream, chunk);
  }

  async copy(path: string): Promise<void> {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) await this.put(chunk as Buffer);
  }

  digest(): string {
    return this.#hash.digest("hex");
  }
}

/**
 * Writes collected Graph objects as a tenant snapshot (CONTRACT.md format) without holding them in
 * memory: objects are spilled into hidden files as they arrive, then copied into
 * `tenant-snapshot.json` under a temporary name that is renamed into place, and `manifest.json`
 * records the SHA-256 of every evidence file.
 */
export class EvidenceSnapshotWriter implements EvidenceSink {
  readonly #dir: string;
  readonly #spillDir: string;
  readonly #spills = new Map<SnapshotCollection | Keyed, Spill>();
  readonly #seen = new Map<SnapshotCollection, Set<string>>();
  #organization: GraphObject | undefined;
  #licenses: SnapshotLicenses = {};

  constructor(dir: string) {
    this.#dir = dir;
    ensurePrivateDir(dir);
    this.#spillDir = join(dir, `.spill-${randomBytes(6).toString("hex")}`);
    ensurePrivateDir(this.#spillDir);
  }

  add(collection: SnapshotCollection, raw: GraphObject, wire?: Buffer): void {
    const id = typeof raw.id === "string" ? raw.id : undefined;
    if (id !== undefined) {
      const seen = this.#seen.get(collection) ?? new Set<string>();
      this.#seen.set(collection, seen);
      if (seen.has(id)) return;
      seen.add(id);
    }
    this.#spill(collection).append(wire ?? JSON.stringify(raw));
  }

  mailbox(userKey: string, mailbox: SnapshotMailbox): void {
    this.#spill("mailboxes").append(`${JSON.stringify(userKey)}:${JSON.stringify(mailbox)}`);
  }

  authenticationMethods(userKey: string, methods: GraphObject[]): void {
    this.#spill("authenticationMethods").append(`${JSON.stringify(userKey)}:${JSON.stringify(methods)}`);
  }

  organization(raw: GraphObject): void {
    this.#organization = raw;
  }

  licenses(observed: SnapshotLicenses): void {
    this.#licenses = { ...this.#licenses, ...observed };
  }

  /** Writes tenant-snapshot.json and manifest.json; returns their paths. */
  async finish(capturedAt: string): Promise<{ snapshot: string; manifest: string }> {
    for (const spill of this.#spills.values()) await spill.close();
    const target = join(this.#dir, SNAPSHOT_FILE);
    const temp = join(this.#dir, `.${SNAPSHOT_FILE}.${randomBytes(6).toString("hex")}.partial`);
    const out = new HashedOutput(temp);
    try {
      const head: Record<string, unknown> = { format: SNAPSHOT_FORMAT, capturedAt };
      if (this.#organization) head.organization = this.#organization;
      head.licenses = this.#licenses;
      await out.put(JSON.stringify(head).slice(0, -1));
      for (const collection of COLLECTIONS) {
        await out.put(`,\n${JSON.stringify(collection)}:[`);
        await this.#copySpill(collection, out);
        await out.put("]");
      }
      for (const keyed of ["mailboxes", "authenticationMethods"] as const) {
        await out.put(`,\n${JSON.stringify(keyed)}:{`);
        await this.#copySpill(keyed, out);
        await out.put("}");
      }
      await out.put("}\n");
      await end(out.stream);
      renameSync(temp, target);
    } catch (error) {
      out.stream.destroy();
      rmSync(temp, { force: true });
      throw error;
    } finally {
      rmSync(this.#spillDir, { recursive: true, force: true });
    }
    const manifest = join(this.#dir, MANIFEST_FILE);
    const known = new Map([[SNAPSHOT_FILE, { bytes: out.bytes, sha256: out.digest() }]]);
    writeFileAtomic(manifest, `${JSON.stringify(await this.#manifest(capturedAt, known), null, 2)}\n`);
    return { snapshot: target, manifest };
  }

  /** Drops the spill files after a failed run. */
  abort(): void {
    for (const spill of this.#spills.values()) spill.destroy();
    rmSync(this.#spillDir, { recursive: true, force: true });
  }

  #spill(name: SnapshotCollection | Keyed): Spill {
    let spill = this.#spills.get(name);
    if (!spill) {
      spill = new Spill(join(this.#spillDir, `${name}.jsonl`));
      this.#spills.set(name, spill);
    }
    return spill;
  }

  async #copySpill(name: SnapshotCollection | Keyed, out: HashedOutput): Promise<void> {
    const spill = this.#spills.get(name);
    if (spill) await out.copy(spill.path);
  }

  /** Every file of the evidence folder with its size and hash (those just written are not read again). */
  async #manifest(createdAt: string, known: Map<string, { bytes: number; sha256: string }>): Promise<object> {
    const files = [];
    for (const name of readdirSync(this.#dir).sort()) {
      if (name.startsWith(".") || name === MANIFEST_FILE) continue;
      const path = join(this.#dir, name);
      if (!statSync(path).isFile()) continue;
      files.push({ path: name, ...(known.get(name) ?? { bytes: statSync(path).size, sha256: await sha256File(path) }) });
    }
    return { format: MANIFEST_FORMAT, createdAt, files };
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
