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
}

const compiled = new WeakMap<Config["allowLists"], AllowList>();

/** Compiles `config.allowLists` once per config object. */
export function allowListOf(config: Config): AllowList {
  const source = config.allowLists;
  let list = compiled.get(source);
  if (!list) {
    // Invalid entries are skipped here; config validation should reject them (parseCidr).
    const ranges = source.ipRanges.map(parseCidr).filter((c): c is Cidr => c !== null);
    list = {
      ipRanges: new IpRangeSet(ranges),
      countries: new Set(source.countries.map((c) => c.trim().toUpperCase())),
      apps: new Set(source.apps.map((a) => a.trim().toLowerCase())),
    };
    compiled.set(source, list);
  }
  return list;
}

/** Anything with an origin: sign-ins and risk detections fit as they are. */
export interface AllowListSubject {
  ipAddress?: string;
  country?: string;
  appId?: string;
}

/**
 * Adds one adjustment per allow-list entry that covers every subject (one sign-in outside the
 * corporate range keeps a group at full confidence), each naming what matched. The same reason
 * is never added twice.
 */
export function allowListAdjustmentsForAll(list: AllowList, subjects: readonly AllowListSubject[], into: Adjustment[]): void {
  if (subjects.length === 0) return;
  if (list.ipRanges.size > 0) {
    let range: string | undefined;
    for (const s of subjects) {
      range = list.ipRanges.match(s.ipAddress);
      if (!range) break;
    }
    if (range) {
      push(
        into,
        subjects.length === 1
          ? `IP ${subjects[0].ipAddress} is in the allow-listed range ${range}.`
          : `Every IP involved is in an allow-listed range (e.g. ${range}).`,
      );
    }
  }
  if (list.countries.size > 0 && subjects.every((s) => s.country !== undefined && list.countries.has(s.country.toUpperCase()))) {
    const countries = [...new Set(subjects.map((s) => s.country))];
    const one = countries.length === 1;
    push(into, `${one ? "Country" : "Countries"} ${countries.join(", ")} ${one ? "is" : "are"} allow-listed (travel there is normal).`);
  }
  if (list.apps.size > 0 && subjects.every((s) => s.appId !== undefined && list.apps.has(s.appId.toLowerCase()))) {
    const apps = [...new Set(subjects.map((s) => s.appId))];
    const one = apps.length === 1;
    push(into, `${one ? "Application" : "Applications"} ${apps.join(", ")} ${one ? "is" : "are"} allow-listed.`);
  }
}

function push(into: Adjustment[], reason: string): void {
  if (!into.some((a) => a.reason === reason)) into.push({ factor: ALLOW_LIST_FACTOR, reason });
}
