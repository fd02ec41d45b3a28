import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync, rmSync, chmodSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { randomBytes } from "node:crypto";

/** Owner-only: reports hold attacker IPs, mail subjects and user names. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Writes to a temporary sibling and renames it into place, so an interrupted run never leaves a
 * file that looks complete. The temporary name starts with "." and ends with ".partial".
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.partial`);
  try {
    writeFileSync(temp, data, { mode: PRIVATE_FILE_MODE });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Pieces are written in runs of about this many characters. */
const RUN = 1 << 20;

/**
 * writeFileAtomic for text produced piece by piece (a large report): the whole text is never held
 * in memory at once.
 */
export function writeFileAtomicPieces(path: string, pieces: Iterable<string>): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.partial`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "w", PRIVATE_FILE_MODE);
    let run = "";
    for (const piece of pieces) {
      run += piece;
      if (run.length >= RUN) {
        writeSync(fd, run);
        run = "";
      }
    }
    writeSync(fd, run);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}
