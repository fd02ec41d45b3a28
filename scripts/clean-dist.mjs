// Removes dist/ before a build, so a test whose source was deleted cannot keep running from stale output.
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
