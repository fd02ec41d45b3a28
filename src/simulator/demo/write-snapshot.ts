/**
 * Writes the demo snapshot as pretty JSON (the same text JSON.stringify(snapshot, null, 2) gives),
 * streamed collection by collection: a large tenant's JSON is bigger than the longest string V8
 * can hold, so it is never built in one piece. Written to a temporary sibling and renamed into
 * place, owner-only, like every other output.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../../lib/atomic-write.js";
import type { TenantSnapshot } from "../../snapshot/types.js";
import { generateDemoTenant, type DemoOptions, type GroundTruth } from "./generate.js";

/** Levels streamed element by element; anything deeper is one JSON.stringify call. */
const STREAM_DEPTH = 2;
const FLUSH_BYTES = 1 << 20;

class BufferedFile {
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(private readonly fd: number) {}

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const chunk = Buffer.from(this.parts.join(""), "utf8");
    writeSync(this.fd, chunk);
    this.bytes += chunk.length;
    this.parts = [];
    this.pending = 0;
  }
}

function writeValue(out: BufferedFile, value: unknown, indent: string, depth: number): void {
  if (depth >= STREAM_DEPTH || value === null || typeof value !== "object") {
    out.write(JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return out.write("[]");
    out.write("[\n");
    value.forEach((item, i) => {
      out.write(inner);
      writeValue(out, item === undefined ? null : item, inner, depth + 1);
      out.write(i < value.length - 1 ? ",\n" : "\n");
    });
    return out.write(`${indent}]`);
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return out.write("{}");
  out.write("{\n");
  entries.forEach(([key, item], i) => {
    out.write(`${inner}${JSON.stringify(key)}: `);
    writeValue(out, item, inner, depth + 1);
    out.write(i < entries.length - 1 ? ",\n" : "\n");
  });
  out.write(`${indent}}`);
}

/** Streams a snapshot to `path` as pretty JSON; returns the bytes written. */
export function writeSnapshotFile(path: string, snapshot: TenantSnapshot): number {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = join(dir, `.${basename(path)}.${process.pid}.partial`);
  const fd = openSync(temp, "w", PRIVATE_FILE_MODE);
  let open = true;
  try {
    const out = new BufferedFile(fd);
    writeValue(out, snapshot, "", 0);
    out.write("\n");
    out.flush();
    closeSync(fd);
    open = false;
    renameSync(temp, path);
    return out.bytes;
  } catch (error) {
    if (open) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Generates the demo tenant and writes its snapshot to `path`; returns the ground truth. */
export function writeDemoSnapshot(path: string, options: DemoOptions = {}): { groundTruth: GroundTruth; bytes: number } {
  const { snapshot, groundTruth } = generateDemoTenant(options);
  return { groundTruth, bytes: writeSnapshotFile(path, snapshot) };
}
