import { constants } from "node:buffer";
import { readFileSync, statSync } from "node:fs";
import { InputError } from "./errors.js";

/**
 * Refuse absurd inputs before reading them into memory. No file can be larger than the longest
 * string V8 builds (about 512 MiB): beyond it reading fails with an internal error, not a message.
 */
const DEFAULT_MAX_BYTES = constants.MAX_STRING_LENGTH;

/** Line and column (1-based) of a character offset in text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

/**
 * Parses JSON text; on a syntax error throws an InputError naming the file, line and column
 * (V8 reports only a character position, and an analyst needs a line to fix a trailing comma).
 */
export function parseJsonText(text: string, fileLabel: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    if (position) {
      const { line, column } = lineColumnAt(text, Number(position[1]));
      throw new InputError(`${fileLabel}: invalid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, "")}`);
    }
    throw new InputError(`${fileLabel}: invalid JSON: ${message}`);
  }
}

export function readJsonFile(path: string, maxBytes = DEFAULT_MAX_BYTES): unknown {
  const limit = Math.min(maxBytes, DEFAULT_MAX_BYTES);
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new InputError(`${path}: not a file`);
    if (stat.size > limit) throw new InputError(`${path}: file is ${stat.size} bytes, larger than the ${limit}-byte limit for this input`);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: file not found or not readable`);
  }
  return parseJsonText(text, path);
}
