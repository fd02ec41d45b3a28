import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface WrittenEntry {
  path: string;
  /** Relative to the root, "" for the root itself. */
  name: string;
  kind: "file" | "dir" | "other";
  mode: number;
}

/** Every file and folder under `root` (the root included), hidden and temporary ones too. */
export function walk(root: string): WrittenEntry[] {
  const entries: WrittenEntry[] = [];
  const visit = (path: string) => {
    const stat = lstatSync(path);
    const kind = stat.isDirectory() ? "dir" : stat.isFile() ? "file" : "other";
    entries.push({ path, name: relative(root, path), kind, mode: stat.mode & 0o777 });
    if (kind === "dir") for (const child of readdirSync(path)) visit(join(path, child));
  };
  visit(root);
  return entries;
}

/** Every file's bytes as latin1 text (a lossless view, so any secret shows up whatever the encoding). */
export function filesAsText(root: string): Array<{ name: string; text: string }> {
  return walk(root)
    .filter((e) => e.kind === "file")
    .map((e) => ({ name: e.name, text: readFileSync(e.path).toString("latin1") }));
}
