/**
 * Seeded randomness for the demo tenant. Every value the generator produces comes from here, so
 * the same seed always yields byte-identical JSON (never Math.random, never the clock).
 */

/** mulberry32: tiny, fast, good enough for synthetic data (not for anything secret). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a label, so sub-streams ("signins", user 17) are independent of generation order. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX_CHARS = "0123456789abcdef";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Builds ASCII strings in a reusable buffer. Strings glued together with + are rope ("cons")
 * strings in V8, several times larger than flat ones; millions of sign-in ids and timestamps
 * would cost hundreds of megabytes that way.
 */
const scratch = Buffer.alloc(4096);

export function flatAscii(text: string): string {
  const length = scratch.write(text, 0, "latin1");
  return scratch.toString("latin1", 0, length);
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** An independent stream for one purpose; adding draws elsewhere does not shift it. */
  static derive(seed: number, ...labels: (string | number)[]): Rng {
    return new Rng(hashLabel(`${seed >>> 0}:${labels.join(":")}`));
  }

  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** Sample k distinct items (order random). */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items.slice()).slice(0, Math.min(k, items.length));
  }

  private byte(): number {
    return Math.floor(this.next() * 256);
  }

  /** A version-4-shaped GUID, lower case, as Graph prints object ids. */
  guid(): string {
    let p = 0;
    for (let i = 0; i < 16; i++) {
      let b = this.byte();
      if (i === 6) b = (b & 0x0f) | 0x40;
      if (i === 8) b = (b & 0x3f) | 0x80;
      scratch[p++] = HEX_CHARS.charCodeAt(b >> 4);
      scratch[p++] = HEX_CHARS.charCodeAt(b & 15);
      if (i === 3 || i === 5 || i === 7 || i === 9) scratch[p++] = 45;
    }
    return scratch.toString("latin1", 0, p);
  }

  hex(bytes: number): string {
    let p = 0;
    for (let i = 0; i < bytes; i++) {
      const b = this.byte();
      scratch[p++] = HEX_CHARS.charCodeAt(b >> 4);
      scratch[p++] = HEX_CHARS.charCodeAt(b & 15);
    }
    return scratch.toString("latin1", 0, p);
  }

  /** Base64 text of `bytes` random bytes (padded in the standard alphabet), the shape of Exchange ids. */
  base64(bytes: number, alphabet: "standard" | "url" = "standard"): string {
    const table = alphabet === "url" ? BASE64URL : BASE64;
    let p = 0;
    for (let i = 0; i < bytes; i += 3) {
      const left = bytes - i;
      const n = (this.byte() << 16) | ((left > 1 ? this.byte() : 0) << 8) | (left > 2 ? this.byte() : 0);
      scratch[p++] = table.charCodeAt((n >> 18) & 63);
      scratch[p++] = table.charCodeAt((n >> 12) & 63);
      if (left > 1) scratch[p++] = table.charCodeAt((n >> 6) & 63);
      else if (alphabet === "standard") scratch[p++] = 61;
      if (left > 2) scratch[p++] = table.charCodeAt(n & 63);
      else if (alphabet === "standard") scratch[p++] = 61;
    }
    return scratch.toString("latin1", 0, p);
  }

  digits(count: number): string {
    for (let i = 0; i < count; i++) scratch[i] = 48 + Math.floor(this.next() * 10);
    return scratch.toString("latin1", 0, count);
  }
}
