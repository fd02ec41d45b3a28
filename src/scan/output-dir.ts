import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ensurePrivateDir } from "../lib/atomic-write.js";
import { InputError } from "../lib/errors.js";

/** output/2026-11-27T06-00-00Z-scan (a second run in the same second gets -2, -3...). */
export function newRunFolder(root: string, startedAt: Date, label: string): string {
  const stamp = startedAt.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
  let candidate = join(root, `${stamp}-${label}`);
  for (let n = 2; existsSync(candidate); n++) candidate = join(root, `${stamp}-${label}-${n}`);
  return candidate;
}

/** Validates an explicit --out before anything is written. */
export function checkOutDir(dir: string): void {
  if (existsSync(dir)) {
    try {
      readdirSync(dir);
    } catch {
      throw new InputError(`--out ${dir}: exists but is not a readable folder`, "BAD_ARGS");
    }
  }
}

export function createOutDir(dir: string): string {
  ensurePrivateDir(dir);
  return dir;
}
