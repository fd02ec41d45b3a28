/**
 * The one logger. Every line passes through redaction: secrets registered at start-up (client
 * secret, tokens, generated passwords) are replaced before anything reaches a terminal or file.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Bearer tokens and JWT-looking strings are never printed, registered or not. */
const TOKEN_PATTERNS = [/Bearer\s+[A-Za-z0-9._~+/=-]+/g, /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g];

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("***");
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, "***");
  return out;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(options: { quiet?: boolean; stream?: NodeJS.WritableStream } = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const write = (prefix: string, message: string) => stream.write(`${prefix}${redact(message)}\n`);
  return {
    info: (message) => {
      if (!options.quiet) write("", message);
    },
    warn: (message) => write("warning: ", message),
    error: (message) => write("error: ", message),
  };
}
