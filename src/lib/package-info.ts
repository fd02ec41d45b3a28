import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root, found from this file (dist/src/lib/ or src/lib/). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), existsDist() ? "../../.." : "../..");

function existsDist(): boolean {
  return fileURLToPath(import.meta.url).includes(`${"/"}dist${"/"}`);
}

export const TEMPLATES_DIR = join(PACKAGE_ROOT, "templates");

export const TOOL_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
