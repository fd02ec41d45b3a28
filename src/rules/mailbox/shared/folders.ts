/**
 * Folder names compared loosely: "Deleted Items", "deleteditems" (well-known name) and a UAL
 * MoveToFolder value such as "user@contoso.com:\RSS Feeds" all reduce to the same key.
 */
export function folderKey(name: string): string {
  const lastSegment = name.split(/[\\/]/).pop() ?? name;
  return lastSegment.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

const folderSets = new Map<string, Set<string>>();

export function isFolderIn(name: string | undefined, folders: readonly string[]): boolean {
  if (!name) return false;
  const cacheKey = folders.join("\u0000");
  let set = folderSets.get(cacheKey);
  if (!set) {
    set = new Set(folders.map(folderKey));
    folderSets.set(cacheKey, set);
  }
  return set.has(folderKey(name));
}
