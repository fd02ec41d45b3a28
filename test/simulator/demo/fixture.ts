/** Demo tenants for the tests: generated once per options per test process, plus small queries over them. */
import { generateDemoTenant, type DemoOptions, type GroundTruth, type ScenarioTruth } from "../../../src/simulator/demo/generate.js";
import type { GraphObject, TenantSnapshot } from "../../../src/snapshot/types.js";

export const NOW = "2026-11-27T06:00:00Z";
export const NOW_MS = Date.parse(NOW);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const cache = new Map<string, { snapshot: TenantSnapshot; groundTruth: GroundTruth }>();

export function demo(options: DemoOptions = {}): { snapshot: TenantSnapshot; groundTruth: GroundTruth } {
  const key = JSON.stringify(options);
  let tenant = cache.get(key);
  if (!tenant) {
    tenant = generateDemoTenant(options);
    cache.set(key, tenant);
  }
  return tenant;
}

/** A small tenant with enough history for baselines; the default for most tests. */
export const SMALL: DemoOptions = { users: 120, historyDays: 10, signInsPerUserPerDay: 12, seed: 7 };

export type SignIn = GraphObject & {
  id: string;
  createdDateTime: string;
  userId: string;
  userPrincipalName: string;
  appId: string;
  ipAddress: string;
  correlationId: string;
  isInteractive: boolean;
  clientAppUsed: string;
  autonomousSystemNumber: number;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  location: { city: string; countryOrRegion: string; geoCoordinates: { latitude: number; longitude: number } };
};

export function signIns(snapshot: TenantSnapshot): SignIn[] {
  return (snapshot.signIns ?? []) as SignIn[];
}

export function ms(value: unknown): number {
  return Date.parse(String(value));
}

export function scenario(truth: GroundTruth, name: string): ScenarioTruth {
  const found = truth.scenarios.find((s) => s.scenario === name);
  if (!found) throw new Error(`scenario ${name} missing from ground truth`);
  return found;
}

export function userSignIns(snapshot: TenantSnapshot, userId: string): SignIn[] {
  return signIns(snapshot)
    .filter((s) => s.userId === userId)
    .sort((a, b) => ms(a.createdDateTime) - ms(b.createdDateTime));
}

export function verifiedDomains(snapshot: TenantSnapshot): string[] {
  return ((snapshot.organization?.verifiedDomains ?? []) as { name: string }[]).map((d) => d.name.toLowerCase());
}

export function isInternal(snapshot: TenantSnapshot, address: string): boolean {
  return verifiedDomains(snapshot).includes(address.split("@")[1].toLowerCase());
}

export function distanceKm(a: SignIn, b: SignIn): number {
  const rad = Math.PI / 180;
  const [lat1, lon1] = [a.location.geoCoordinates.latitude, a.location.geoCoordinates.longitude];
  const [lat2, lon2] = [b.location.geoCoordinates.latitude, b.location.geoCoordinates.longitude];
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The largest number of distinct values of key(item) inside any window of `windowMs`. */
export function densestWindow<T>(items: T[], time: (item: T) => number, key: (item: T) => string, windowMs: number): number {
  const sorted = items.slice().sort((a, b) => time(a) - time(b));
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (time(sorted[end]) - time(sorted[start]) > windowMs) start++;
    best = Math.max(best, new Set(sorted.slice(start, end + 1).map(key)).size);
  }
  return best;
}
