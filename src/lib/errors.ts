/**
 * The one place that maps failures to exit codes (CONTRACT.md "Exit codes").
 * Anything thrown that is not a PhishtrailError is a run-time failure (exit 1).
 */
export const ExitCode = {
  ok: 0,
  runtime: 1,
  badInput: 2,
  failOnReached: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class PhishtrailError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly code: string,
  ) {
    super(message);
    this.name = "PhishtrailError";
  }
}

/** Bad input: arguments, config, users file, snapshot. The message names the file and the problem. */
export class InputError extends PhishtrailError {
  constructor(message: string, code = "BAD_INPUT") {
    super(message, ExitCode.badInput, code);
    this.name = "InputError";
  }
}

/** A failure at run time that ends the command (e.g. no credentials, no browser for the PDF). */
export class RuntimeError extends PhishtrailError {
  constructor(message: string, code = "RUNTIME") {
    super(message, ExitCode.runtime, code);
    this.name = "RuntimeError";
  }
}

export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof PhishtrailError ? error.exitCode : ExitCode.runtime;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
