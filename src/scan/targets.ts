import { readFileSync, statSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { InputError } from "../lib/errors.js";

export type Targets = { mode: "all" } | { mode: "users"; users: string[] };

const MAX_USERS_FILE_BYTES = 50 * 1024 * 1024;
/** A UPN (user@domain) or an object id (GUID). */
const UPN = /^[^\s@"<>,;]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUserReference(value: string): boolean {
  return UPN.test(value) || GUID.test(value);
}

function checkReference(value: string, where: string): string {
  const trimmed = value.trim();
  if (!isUserReference(trimmed)) {
    throw new InputError(`${where}: "${trimmed.slice(0, 80)}" is not a user principal name (user@domain) or object id`, "BAD_USERS");
  }
  return trimmed;
}

/**
 * Reads a users file: one UPN per line (blank lines and # comments ignored), or a CSV whose
 * header has a `userPrincipalName` column (any case). Errors name the file and line.
 */
export function readUsersFile(path: string): string[] {
  let raw: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new InputError(`${path}: the users file is not a file`, "BAD_USERS");
    if (stat.size > MAX_USERS_FILE_BYTES) throw new InputError(`${path}: users file is larger than 50 MB`, "BAD_USERS");
    raw = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: users file not found or not readable`, "BAD_USERS");
  }
  const text = raw.replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  const firstLine = lines.find((line) => line.trim() !== "" && !line.trim().startsWith("#")) ?? "";
  const users: string[] = [];
  if (/(^|[,;\t])\s*"?userprincipalname"?\s*([,;\t]|$)/i.test(firstLine)) {
    const delimiter = [",", ";", "\t"].find((d) => firstLine.includes(d)) ?? ",";
    let records: string[][];
    try {
      records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, comment: "#" }) as string[][];
    } catch (error) {
      throw new InputError(`${path}: ${(error as Error).message}`, "BAD_USERS");
    }
    const header = records[0].map((h) => h.trim().toLowerCase());
    const column = header.indexOf("userprincipalname");
    records.slice(1).forEach((record, index) => {
      const value = record[column] ?? "";
      if (value.trim() === "") throw new InputError(`${path}: line ${index + 2}: empty userPrincipalName`, "BAD_USERS");
      users.push(checkReference(value, `${path}: line ${index + 2}`));
    });
  } else {
    lines.forEach((line, index) => {
      const value = line.trim();
      if (value === "" || value.startsWith("#")) return;
      users.push(checkReference(value, `${path}: line ${index + 1}`));
    });
  }
  if (users.length === 0) throw new InputError(`${path}: users file names no users`, "BAD_USERS");
  return users;
}

export function resolveTargets(options: { user?: string[]; usersFile?: string; all?: boolean }): Targets {
  if (options.all) {
    if (options.user?.length || options.usersFile) {
      throw new InputError("--all cannot be combined with --user or --users-file", "BAD_ARGS");
    }
    return { mode: "all" };
  }
  const users = (options.user ?? []).map((u) => checkReference(u, "--user"));
  if (options.usersFile) users.push(...readUsersFile(options.usersFile));
  if (users.length === 0) throw new InputError("scan needs targets: --user <upn>, --users-file <path> or --all", "BAD_ARGS");
  const seen = new Set<string>();
  return { mode: "users", users: users.filter((u) => (seen.has(u.toLowerCase()) ? false : seen.add(u.toLowerCase()))) };
}
