import { closeSync, existsSync, fsyncSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PRIVATE_FILE_MODE } from "../lib/atomic-write.js";
import { InputError } from "../lib/errors.js";

/** Where a new password goes: shown once on an interactive terminal, else into an owner-only file. */
export type PasswordTarget = { kind: "terminal" } | { kind: "file"; path: string };

export function choosePasswordTarget(passwordFile: string | undefined, outDir: string, stdoutIsTTY: boolean): PasswordTarget {
  if (passwordFile) return { kind: "file", path: resolve(passwordFile) };
  if (stdoutIsTTY) return { kind: "terminal" };
  return { kind: "file", path: resolve(join(outDir, "password.txt")) };
}

/** Refuses, before anything changes, a password file that exists or cannot be created. */
export function checkPasswordFile(path: string, flag: string): void {
  if (existsSync(path)) {
    throw new InputError(`${flag} ${path}: the file already exists (a password from an earlier run?); deliver and delete it, or name a new file`, "PASSWORD_FILE_EXISTS");
  }
  const parent = dirname(resolve(path));
  if (existsSync(parent) && !statSync(parent).isDirectory()) throw new InputError(`${flag} ${path}: ${parent} is not a folder`, "BAD_ARGS");
}

/**
 * Writes the password to a new owner-only file (exclusive create: never over an existing one) and
 * flushes it, before Graph is asked to set it, so a crash cannot leave an account with a password
 * nobody has.
 */
export function writePasswordFile(path: string, password: string, userPrincipalName: string, time: string): void {
  const fd = openSync(path, "wx", PRIVATE_FILE_MODE);
  try {
    const text =
      `# New password for ${userPrincipalName}, set by phishtrail contain at ${time}.\n` +
      "# The user must change it at next sign-in. Deliver it out of band, then delete this file.\n" +
      `${password}\n`;
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes a password file whose password Graph did not accept: it must not be mistaken for the real one. */
export function discardPasswordFile(path: string): void {
  rmSync(path, { force: true });
}
