import { randomInt } from "node:crypto";

/** Character classes without look-alikes (0/O/o, 1/l/I, 5/S, 2/Z) and without quotes or backslashes. */
const CLASSES = ["ABCDEFGHJKLMNPQRTUVWXY", "abcdefghijkmnpqrstuvwxyz", "346789", "!#$%&*+-=?@^_~"] as const;
export const PASSWORD_LENGTH = 24;

/**
 * A random password Entra accepts under any complexity policy: every class at least once, the
 * rest from all classes, shuffled; all choices from node:crypto's CSPRNG without modulo bias.
 */
export function generatePassword(length = PASSWORD_LENGTH): string {
  if (length < CLASSES.length) throw new RangeError(`a password needs at least ${CLASSES.length} characters`);
  const all = CLASSES.join("");
  const chars = CLASSES.map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

export const PASSWORD_CLASSES = CLASSES;
