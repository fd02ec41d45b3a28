import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The templates/ folder shipped with phishtrail, found by walking up from this module: the same
 * answer whether it runs from src/ (tsx) or dist/src/ (compiled).
 */
export function defaultTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "report.hbs"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), "templates");
    dir = parent;
  }
}
