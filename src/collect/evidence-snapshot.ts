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

async function end(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

/** Spilled text is handed to the file in pieces of about this size, not one write per object. */
const SPILL_CHUNK = 256 * 1024;
const FIRST = Buffer.from("\n");
const NEXT = Buffer.from(",\n");

/**
 * One collection's entries, joined as they will appear inside the snapshot's array or object
 * ("\n" before the first, ",\n" before the others) and handed to `out` in pieces: a hidden spill
 * file whose bytes are later copied between the collections' headers, or the snapshot itself.
 */
class Spill {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #entries = 0;

  constructor(
    readonly path: string,
    private readonly out: (chunk: Buffer) => void,
  ) {}

  /** An entry: JSON text, or bytes as Graph sent them. */
  append(entry: string | Buffer): void {
    const bytes = typeof entry === "string" ? Buffer.from(entry) : entry;
    const separator = this.#entries++ === 0 ? FIRST : NEXT;
    this.#pending.push(separator, bytes);
    this.#pendingBytes += separator.length + bytes.length;
    if (this.#pendingBytes >= SPILL_CHUNK) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    // One copy into a fresh buffer: the entries may be views of whole response bodies.
    this.out(Buffer.concat(this.#pending, this.#pendingBytes));
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}

/** The final file being written, with its size and SHA-256 kept as it goes (no second read). */
class HashedOutput {
  readonly stream: WriteStream;
  readonly #hash = createHash("sha256");
  bytes = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { mode: PRIVATE_FILE_MODE });
  }

  /** Queues a chunk without waiting for the disk (collection must not stall on it). */
  queue(chunk: string | Buffer): void {
    this.#hash.update(chunk);
    this.bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    this.stream.write(chunk);
  }

  async put(chunk: string | Buffer): Promise<void> {
    this.queue(chunk);
    if (this.stream.writableNeedDrain) await once(this.stream, "drain");
  }

  async copy(path: string): Promise<void> {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) await this.put(chunk as Buffer);
  }

  digest(): string {
    return this.#hash.digest("hex");
  }
}

/** Written straight into the snapshot as it arrives: by far the largest collection, it is never copied. */
const DIRECT: SnapshotCollection = "signIns";

/**
 * Writes collected Graph objects as a tenant snapshot (CONTRACT.md format) without holding them in
 * memory. Sign-ins go straight into `tenant-snapshot.json` (under a temporary name) as they
 * arrive; the other collections are spilled into hidden files and copied in after them; the
 * file is renamed into place, and `manifest.json` records the SHA-256 of every evidence file.
 * Members follow sign-ins in the file: a JSON object's member order carries no meaning.
 */
export class EvidenceSnapshotWriter implements EvidenceSink {
  readonly #dir: string;
  readonly #spillDir: string;
  readonly #out: HashedOutput;
  readonly #direct: Spill;
  readonly #spills = new Map<SnapshotCollection | Keyed, { spill: Spill; file: WriteStream }>();
  readonly #seen = new Map<SnapshotCollection, Set<string>>();
  #organization: GraphObject | undefined;
  #licenses: SnapshotLicenses = {};

  constructor(dir: string) {
    this.#dir = dir;
    ensurePrivateDir(dir);
    this.#spillDir = join(dir, `.spill-${randomBytes(6).toString("hex")}`);
    ensurePrivateDir(this.#spillDir);
    this.#out = new HashedOutput(join(dir, `.${SNAPSHOT_FILE}.${randomBytes(6).toString("hex")}.partial`));
    this.#out.queue(`{"format":${JSON.stringify(SNAPSHOT_FORMAT)},\n${JSON.stringify(DIRECT)}:[`);
    this.#direct = new Spill(this.#out.path, (chunk) => this.#out.queue(chunk));
  }

  /**
   * Objects with an id are kept once per collection, except sign-ins: their sources hand each one
   * over once (time-split queries partition the range; peer queries exclude targets), and a set
   * of a tenant's week of sign-in ids would cost more memory than every other piece of the run.
   */
  add(collection: SnapshotCollection, raw: GraphObject, wire?: Buffer): void {
    const id = collection !== DIRECT && typeof raw.id === "string" ? raw.id : undefined;
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
    const out = this.#out;
    const target = join(this.#dir, SNAPSHOT_FILE);
    try {
      for (const { spill, file } of this.#spills.values()) {
        spill.flush();
        await end(file);
      }
      this.#direct.flush();
      await out.put("]");
      for (const collection of COLLECTIONS) {
        if (collection === DIRECT) continue;
        await out.put(`,\n${JSON.stringify(collection)}:[`);
        await this.#copySpill(collection, out);
        await out.put("]");
      }
      for (const keyed of ["mailboxes", "authenticationMethods"] as const) {
        await out.put(`,\n${JSON.stringify(keyed)}:{`);
        await this.#copySpill(keyed, out);
        await out.put("}");
      }
      const tail: Record<string, unknown> = { capturedAt };
      if (this.#organization) tail.organization = this.#organization;
      tail.licenses = this.#licenses;
      await out.put(`,\n${JSON.stringify(tail).slice(1)}\n`);
      await end(out.stream);
      renameSync(out.path, target);
    } catch (error) {
      out.stream.destroy();
      rmSync(out.path, { force: true });
      throw error;
    } finally {
      rmSync(this.#spillDir, { recursive: true, force: true });
    }
    const manifest = join(this.#dir, MANIFEST_FILE);
    const known = new Map([[SNAPSHOT_FILE, { bytes: out.bytes, sha256: out.digest() }]]);
    writeFileAtomic(manifest, `${JSON.stringify(await this.#manifest(capturedAt, known), null, 2)}\n`);
    return { snapshot: target, manifest };
  }

  /** Drops the spill files and the unfinished snapshot after a failed run. */
  abort(): void {
    for (const { file } of this.#spills.values()) file.destroy();
    this.#out.stream.destroy();
    rmSync(this.#out.path, { force: true });
    rmSync(this.#spillDir, { recursive: true, force: true });
  }

  #spill(name: SnapshotCollection | Keyed): Spill {
    if (name === DIRECT) return this.#direct;
    let entry = this.#spills.get(name);
    if (!entry) {
      const path = join(this.#spillDir, `${name}.jsonl`);
      const file = createWriteStream(path, { mode: PRIVATE_FILE_MODE });
      entry = { spill: new Spill(path, (chunk) => file.write(chunk)), file };
      this.#spills.set(name, entry);
    }
    return entry.spill;
  }

  async #copySpill(name: SnapshotCollection | Keyed, out: HashedOutput): Promise<void> {
    const entry = this.#spills.get(name);
    if (entry) await out.copy(entry.spill.path);
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
