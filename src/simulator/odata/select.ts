import type { Item } from "./filter-compile.js";

/** `$select=a,b` -> ["a", "b"] (null when absent). */
export function parseSelect(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const names = text.split(",").map((name) => name.trim()).filter((name) => name !== "");
  return names.length > 0 ? names : null;
}

/**
 * Keeps only the selected members (annotations such as @odata.type always stay). A selected member
 * the object lacks comes back as null, as Graph returns unset properties.
 */
export function projectItem(item: Item, select: string[] | null, keep: string[] = []): Item {
  if (!select) return item;
  const out: Item = {};
  for (const key of Object.keys(item)) if (key.startsWith("@odata.")) out[key] = item[key];
  for (const name of keep) if (name in item) out[name] = item[name];
  for (const name of select) {
    if (name === "*") return item;
    const actual = name in item ? name : Object.keys(item).find((key) => key.toLowerCase() === name.toLowerCase());
    out[actual ?? name] = actual === undefined ? null : item[actual];
  }
  return out;
}
