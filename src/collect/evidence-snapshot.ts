import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, readdirSync, renameSync, rmSync, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
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

async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

async function end(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

/**
 * Writes collected Graph objects as a tenant snapshot (CONTRACT.md format) without holding them in
 * memory: objects are spilled line by line into hidden files as they arrive, then streamed into
 * `tenant-snapshot.json` under a temporary name that is renamed into place, and `manifest.json`
 * records the SHA-256 of every evidence file.
 */
export class EvidenceSnapshotWriter implements EvidenceSink {
  readonly #dir: string;
  readonly #spillDir: string;
  readonly #spills = new Map<SnapshotCollection | Keyed, WriteStream>();
  readonly #seen = new Map<SnapshotCollection, Set<string>>();
  #organization: GraphObject | undefined;
  #licenses: SnapshotLicenses = {};

  constructor(dir: string) {
    this.#dir = dir;
    ensurePrivateDir(dir);
    this.#spillDir = join(dir, `.spill-${randomBytes(6).toString("hex")}`);
    ensurePrivateDir(this.#spillDir);
  }

  add(collection: SnapshotCollection, raw: GraphObject, text?: string): void {
    const id = typeof raw.id === "string" ? raw.id : undefined;
    if (id !== undefined) {
      const seen = this.#seen.get(collection) ?? new Set<string>();
      this.#seen.set(collection, seen);
      if (seen.has(id)) return;
      seen.add(id);
    }
    this.#spill(collection).write(`${text ?? JSON.stringify(raw)}\n`);
  }

  mailbox(userKey: string, mailbox: SnapshotMailbox): void {
    this.#spill("mailboxes").write(`${JSON.stringify(userKey)}:${JSON.stringify(mailbox)}\n`);
  }

  authenticationMethods(userKey: string, methods: GraphObject[]): void {
    this.#spill("authenticationMethods").write(`${JSON.stringify(userKey)}:${JSON.stringify(methods)}\n`);
  }

  organization(raw: GraphObject): void {
    this.#organization = raw;
  }

  licenses(observed: SnapshotLicenses): void {
    this.#licenses = { ...this.#licenses, ...observed };
  }

  /** Writes tenant-snapshot.json and manifest.json; returns their paths. */
  async finish(capturedAt: string): Promise<{ snapshot: string; manifest: string }> {
    for (const stream of this.#spills.values()) await end(stream);
    const target = join(this.#dir, SNAPSHOT_FILE);
    const temp = join(this.#dir, `.${SNAPSHOT_FILE}.${randomBytes(6).toString("hex")}.partial`);
    const out = createWriteStream(temp, { mode: PRIVATE_FILE_MODE });
    try {
      const head: Record<string, unknown> = { format: SNAPSHOT_FORMAT, capturedAt };
      if (this.#organization) head.organization = this.#organization;
      head.licenses = this.#licenses;
      await write(out, JSON.stringify(head).slice(0, -1));
      for (const collection of COLLECTIONS) {
        await write(out, `,\n${JSON.stringify(collection)}:[`);
        await this.#copyLines(collection, out);
        await write(out, "]");
      }
      for (const keyed of ["mailboxes", "authenticationMethods"] as const) {
        await write(out, `,\n${JSON.stringify(keyed)}:{`);
        await this.#copyLines(keyed, out);
        await write(out, "}");
      }
      await write(out, "}\n");
      await end(out);
      renameSync(temp, target);
    } catch (error) {
      out.destroy();
      rmSync(temp, { force: true });
      throw error;
    } finally {
      rmSync(this.#spillDir, { recursive: true, force: true });
    }
    const manifest = join(this.#dir, MANIFEST_FILE);
    writeFileAtomic(manifest, `${JSON.stringify(await this.#manifest(capturedAt), null, 2)}\n`);
    return { snapshot: target, manifest };
  }

  /** Drops the spill files after a failed run. */
  abort(): void {
    for (const stream of this.#spills.values()) stream.destroy();
    rmSync(this.#spillDir, { recursive: true, force: true });
  }

  #spill(name: SnapshotCollection | Keyed): WriteStream {
    let stream = this.#spills.get(name);
    if (!stream) {
      stream = createWriteStream(join(this.#spillDir, `${name}.jsonl`), { mode: PRIVATE_FILE_MODE });
      this.#spills.set(name, stream);
    }
    return stream;
  }

  async #copyLines(name: SnapshotCollection | Keyed, out: WriteStream): Promise<void> {
    if (!this.#spills.has(name)) return;
    const lines = createInterface({ input: createReadStream(join(this.#spillDir, `${name}.jsonl`), "utf8"), crlfDelay: Infinity });
    let first = true;
    for await (const line of lines) {
      if (line === "") continue;
      await write(out, first ? `\n${line}` : `,\n${line}`);
      first = false;
    }
  }

  async #manifest(createdAt: string): Promise<object> {
    const files = [];
    for (const name of readdirSync(this.#dir).sort()) {
      if (name.startsWith(".") || name === MANIFEST_FILE) continue;
      const path = join(this.#dir, name);
      if (!statSync(path).isFile()) continue;
      files.push({ path: name, bytes: statSync(path).size, sha256: await sha256File(path) });
    }
    return { format: MANIFEST_FORMAT, createdAt, files };
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
