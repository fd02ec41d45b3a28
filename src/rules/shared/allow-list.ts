import type { Config } from "../../config/schema.js";
import type { Adjustment } from "../../report/types.js";
import { IpRangeSet, parseCidr, type Cidr } from "./ip.js";

/**
 * An allow-listed IP, country or app lowers confidence; it never hides a detection, so the
 * analyst still sees it and can tell why it scored low (detections.md §8 "what would lower it").
 */
export const ALLOW_LIST_FACTOR = 0.3;

export interface AllowList {
  ipRanges: IpRangeSet;
  /** Upper-case ISO alpha-2. */
  countries: ReadonlySet<string>;
  /** Lower-case application (client) ids. */
  apps: ReadonlySet<string>;
  /** Entries of `allowLists.ipRanges` that are not a valid address or CIDR (ignored). */
  invalidRanges: string[];
}

const compiled = new WeakMap<Config["allowLists"], AllowList>();

/** Compiles `config.allowLists` once per config object. */
export function allowListOf(config: Config): AllowList {
  const source = config.allowLists;
  let list = compiled.get(source);
  if (!list) {
    const ranges: Cidr[] = [];
    const invalidRanges: string[] = [];
    for (const text of source.ipRanges) {
      const cidr = parseCidr(text);
      if (cidr) ranges.push(cidr);
      else invalidRanges.push(text);
    }
    list = {
      ipRanges: new IpRangeSet(ranges),
      countries: new Set(source.countries.map((c) => c.trim().toUpperCase())),
      apps: new Set(source.apps.map((a) => a.trim().toLowerCase())),
      invalidRanges,
    };
    compiled.set(source, list);
  }
  return list;
}

export interface AllowListSubject {
  ip?: string;
  country?: string;
  appId?: string;
}

/** One adjustment per allow-list entry the subject matches, each naming the entry. */
export function allowListAdjustments(list: AllowList, subject: AllowListSubject, into: Adjustment[]): void {
  const range = list.ipRanges.match(subject.ip);
  if (range) into.push({ factor: ALLOW_LIST_FACTOR, reason: `IP ${subject.ip} is in the allow-listed range ${range}.` });
  if (subject.country && list.countries.has(subject.country.toUpperCase())) {
    into.push({ factor: ALLOW_LIST_FACTOR, reason: `Country ${subject.country} is allow-listed (travel there is normal).` });
  }
  if (subject.appId && list.apps.has(subject.appId.toLowerCase())) {
    into.push({ factor: ALLOW_LIST_FACTOR, reason: `Application ${subject.appId} is allow-listed.` });
  }
}
