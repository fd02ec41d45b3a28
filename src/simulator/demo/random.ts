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

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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
    const b: number[] = [];
    for (let i = 0; i < 16; i++) b.push(this.byte());
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => HEX[x]);
    return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}`;
  }

  hex(bytes: number): string {
    let out = "";
    for (let i = 0; i < bytes; i++) out += HEX[this.byte()];
    return out;
  }

  /** Base64 text of `bytes` random bytes (with padding), the shape of Exchange ids. */
  base64(bytes: number, alphabet: "standard" | "url" = "standard"): string {
    const table = alphabet === "url" ? BASE64URL : BASE64;
    const data: number[] = [];
    for (let i = 0; i < bytes; i++) data.push(this.byte());
    let out = "";
    for (let i = 0; i < data.length; i += 3) {
      const n = (data[i] << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
      out += table[(n >> 18) & 63] + table[(n >> 12) & 63];
      out += i + 1 < data.length ? table[(n >> 6) & 63] : alphabet === "url" ? "" : "=";
      out += i + 2 < data.length ? table[n & 63] : alphabet === "url" ? "" : "=";
    }
    return out;
  }

  digits(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}
