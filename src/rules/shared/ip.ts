/**
 * IP parsing without allocation on the hot path (rules see 100,000s of sign-ins per second):
 * character loops instead of split/regex, a scratch buffer for IPv6.
 */

/** Dotted-quad IPv4 (or IPv4-mapped IPv6 "::ffff:a.b.c.d") -> unsigned 32-bit value, else -1. */
export function parseIpv4(text: string): number {
  let start = 0;
  if (text.length > 7 && text.charCodeAt(0) === 58 /* : */ && text.toLowerCase().startsWith("::ffff:")) start = 7;
  return parseDottedQuad(text, start, text.length);
}

function parseDottedQuad(text: string, start: number, end: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === 46 /* . */) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

/**
 * Parses IPv6 into `out` (8 hextets). Accepts "::" compression, an embedded IPv4 tail and a
 * zone suffix ("%eth0"). Returns false when the text is not IPv6.
 */
export function parseIpv6(text: string, out: Uint16Array): boolean {
  let end = text.indexOf("%");
  if (end < 0) end = text.length;
  if (end < 2) return false;
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    let j = i;
    let value = 0;
    while (j < end && j - i < 5) {
      const c = text.charCodeAt(j);
      const h = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (h < 0) break;
      value = value * 16 + h;
      j++;
    }
    if (j < end && text.charCodeAt(j) === 46 /* IPv4 tail */) {
      const v4 = parseDottedQuad(text, i, end);
      if (v4 < 0) return false;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      i = end;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups.push(value);
    if (j === end) {
      i = end;
      break;
    }
    if (text.charCodeAt(j) !== 58) return false;
    if (j + 1 < end && text.charCodeAt(j + 1) === 58) {
      if (gap >= 0) return false;
      gap = groups.length;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === end) return false;
    }
  }
  if (groups.length > 8 || (gap < 0 && groups.length !== 8) || (gap >= 0 && groups.length === 8)) return false;
  out.fill(0);
  if (gap < 0) {
    for (let k = 0; k < 8; k++) out[k] = groups[k];
  } else {
    for (let k = 0; k < gap; k++) out[k] = groups[k];
    const tail = groups.length - gap;
    for (let k = 0; k < tail; k++) out[8 - tail + k] = groups[gap + k];
  }
  return true;
}

const scratch = new Uint16Array(8);

/**
 * The baseline's network key: "a.b.c.0/24" for IPv4 (IPv4-mapped IPv6 included) and
 * "h:h:h::/48" (lower-case hex, no leading zeros) for IPv6. Derive/baseline builders must use
 * this same function so keys compare equal. Undefined when the text is not an IP.
 */
export function networkKey(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const v4 = parseIpv4(ip);
  if (v4 >= 0) return `${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.0/24`;
  if (!parseIpv6(ip, scratch)) return undefined;
  return `${scratch[0].toString(16)}:${scratch[1].toString(16)}:${scratch[2].toString(16)}::/48`;
}

export type Cidr =
  | { text: string; v4: true; first: number; last: number }
  | { text: string; v4: false; base: Uint16Array; prefix: number };

/** "203.0.113.0/24", "2001:db8::/32" or a bare address (a single host). Null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  const address = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const prefixText = slash < 0 ? "" : trimmed.slice(slash + 1);
  if (prefixText !== "" && !/^\d{1,3}$/.test(prefixText)) return null;
  const v4 = parseIpv4(address);
  if (v4 >= 0 && !address.includes(":")) {
    const prefix = prefixText === "" ? 32 : Number(prefixText);
    if (prefix > 32) return null;
    const size = 2 ** (32 - prefix);
    const first = Math.floor(v4 / size) * size;
    return { text: trimmed, v4: true, first, last: first + size - 1 };
  }
  const base = new Uint16Array(8);
  if (!parseIpv6(address, base)) return null;
  const prefix = prefixText === "" ? 128 : Number(prefixText);
  if (prefix > 128) return null;
  return { text: trimmed, v4: false, base, prefix };
}

/** Matches an address against a compiled list of ranges; returns the matching range's text. */
export class IpRangeSet {
  private readonly ranges: readonly Cidr[];

  constructor(ranges: readonly Cidr[]) {
    this.ranges = ranges;
  }

  get size(): number {
    return this.ranges.length;
  }

  match(ip: string | undefined): string | undefined {
    if (!ip || this.ranges.length === 0) return undefined;
    const v4 = parseIpv4(ip);
    const isV6 = v4 < 0 && parseIpv6(ip, scratch);
    if (v4 < 0 && !isV6) return undefined;
    for (const range of this.ranges) {
      if (range.v4) {
        if (v4 >= range.first && v4 <= range.last) return range.text;
      } else if (isV6 && prefixEqual(range.base, scratch, range.prefix)) {
        return range.text;
      }
    }
    return undefined;
  }
}

function prefixEqual(a: Uint16Array, b: Uint16Array, prefix: number): boolean {
  let bits = prefix;
  for (let k = 0; k < 8 && bits > 0; k++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((a[k] & mask) !== (b[k] & mask)) return false;
  }
  return true;
}
