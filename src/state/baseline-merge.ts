import type { MailBaseline, SignInBaseline } from "../collect/evidence.js";

/**
 * Combining two condensed histories of the same user. Disjoint periods add up; overlapping ones
 * (a full scan's collected history over a period the state already holds) take the larger count
 * per key, so the same events are not counted twice: presence is exact, counts a lower bound.
 */

type Counts = Record<string, number>;

function overlaps(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  return a.from < b.to && b.from < a.to;
}

function combineCounts(a: Counts | undefined, b: Counts | undefined, overlap: boolean): Counts {
  const out: Counts = { ...(a ?? {}) };
  for (const [key, n] of Object.entries(b ?? {})) out[key] = overlap ? Math.max(out[key] ?? 0, n) : (out[key] ?? 0) + n;
  return out;
}

function combine(a: number, b: number, overlap: boolean): number {
  return overlap ? Math.max(a, b) : a + b;
}

function span(a: { from: string; to: string }, b: { from: string; to: string }): { from: string; to: string } {
  return { from: a.from < b.from ? a.from : b.from, to: a.to > b.to ? a.to : b.to };
}

export function mergeSignInBaselines(a: SignInBaseline, b: SignInBaseline): SignInBaseline {
  const o = overlaps(a, b);
  const dailyCounts = combineCounts(a.dailyCounts, b.dailyCounts, o);
  const days = Object.keys(dailyCounts).length;
  return {
    ...span(a, b),
    signIns: combine(a.signIns, b.signIns, o),
    successes: combine(a.successes, b.successes, o),
    activeDays: days > 0 ? days : combine(a.activeDays, b.activeDays, o),
    dailyCounts,
    countries: combineCounts(a.countries, b.countries, o),
    networks: combineCounts(a.networks, b.networks, o),
    ips: combineCounts(a.ips, b.ips, o),
    asns: combineCounts(a.asns, b.asns, o),
    deviceCombos: combineCounts(a.deviceCombos, b.deviceCombos, o),
    apps: combineCounts(a.apps, b.apps, o),
    clientApps: combineCounts(a.clientApps, b.clientApps, o),
    legacyClients: combineCounts(a.legacyClients, b.legacyClients, o),
    deviceCodeSignIns: combine(a.deviceCodeSignIns, b.deviceCodeSignIns, o),
  };
}

export function mergeMailBaselines(a: MailBaseline, b: MailBaseline): MailBaseline {
  const o = overlaps(a, b);
  const dailyCounts = combineCounts(a.dailyCounts, b.dailyCounts, o);
  return {
    ...span(a, b),
    messages: combine(a.messages, b.messages, o),
    activeDays: Object.keys(dailyCounts).length,
    dailyCounts,
    recipientDomains: combineCounts(a.recipientDomains, b.recipientDomains, o),
    recipients: combineCounts(a.recipients, b.recipients, o),
    maxRecipientsPerMessage: Math.max(a.maxRecipientsPerMessage, b.maxRecipientsPerMessage),
  };
}

/** Days of per-day counts kept: enough for volume statistics, bounded for a state kept for years. */
export const DAILY_DAYS_KEPT = 90;
/** Keys kept per familiarity map (the most frequent): mobile users collect IPs without end. */
export const MAP_KEYS_KEPT = 1000;

function keepDays(days: Counts | undefined, through: string): Counts {
  const oldest = new Date(Date.parse(through) - DAILY_DAYS_KEPT * 86_400_000).toISOString().slice(0, 10);
  return Object.fromEntries(Object.entries(days ?? {}).filter(([day]) => day >= oldest));
}

function keepFrequent(map: Counts): Counts {
  const entries = Object.entries(map);
  if (entries.length <= MAP_KEYS_KEPT) return map;
  return Object.fromEntries(entries.sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, MAP_KEYS_KEPT));
}

/**
 * Bounds a stored baseline's size. Familiarity is never forgotten for age (a country last seen two
 * months ago is still familiar, Graph's 30-day retention notwithstanding); only the per-day counts
 * roll and the rarest keys of oversized maps drop.
 */
export function boundSignInBaseline(b: SignInBaseline): SignInBaseline {
  const dailyCounts = keepDays(b.dailyCounts, b.to);
  return {
    ...b,
    dailyCounts,
    activeDays: Object.keys(dailyCounts).length,
    countries: keepFrequent(b.countries),
    networks: keepFrequent(b.networks),
    ips: keepFrequent(b.ips),
    asns: keepFrequent(b.asns),
    deviceCombos: keepFrequent(b.deviceCombos),
    apps: keepFrequent(b.apps),
    clientApps: keepFrequent(b.clientApps),
    legacyClients: keepFrequent(b.legacyClients),
  };
}

export function boundMailBaseline(b: MailBaseline): MailBaseline {
  const dailyCounts = keepDays(b.dailyCounts, b.to);
  return {
    ...b,
    dailyCounts,
    activeDays: Object.keys(dailyCounts).length,
    recipientDomains: keepFrequent(b.recipientDomains),
    recipients: keepFrequent(b.recipients),
  };
}
