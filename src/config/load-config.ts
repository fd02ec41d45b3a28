import { existsSync } from "node:fs";
import { ZodError } from "zod";
import { InputError } from "../lib/errors.js";
import { readJsonFile } from "../lib/json-file.js";
import { configSchema, type Config } from "./schema.js";

export const DEFAULT_CONFIG_PATH = "config.json";

function describeIssue(file: string, error: ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.join(".") || "(top level)";
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.length ? `${issue.path.join(".")}.` : "";
    return `${file}: unknown key "${where}${issue.keys.join(`", "${where}`)}"`;
  }
  return `${file}: ${path}: ${issue.message}`;
}

/** Validates a parsed config object; errors name the file and the key. */
export function parseConfig(raw: unknown, file: string): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new InputError(describeIssue(file, result.error), "BAD_CONFIG");
  return result.data;
}

/**
 * Loads config.json. A missing default file means built-in defaults; a missing file that the
 * user named explicitly is an error.
 */
export function loadConfig(path: string | undefined): { config: Config; file: string | null } {
  const file = path ?? DEFAULT_CONFIG_PATH;
  if (!existsSync(file)) {
    if (path) throw new InputError(`${file}: config file not found`, "BAD_CONFIG");
    return { config: parseConfig({}, "(defaults)"), file: null };
  }
  return { config: parseConfig(readJsonFile(file, 10 * 1024 * 1024), file), file };
}
