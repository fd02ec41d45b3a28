import type { MailBaseline, SentMessage, SignIn, SignInBaseline } from "./evidence.js";
import { isDeviceCode } from "./sources/sign-ins.js";

/**
 * Per-user history condensed while it streams past, so weeks of sign-ins and sent mail never sit in
 * memory. The accumulators are plain JSON (a nightly state store can persist and resume them); the
 * add functions fold one event in, in place, and depend on nothing but their arguments.
 */

/**
 * An empty counting map: a plain object (it is persisted as JSON) switched to V8's dictionary mode
 * at birth. Keys are IPs, networks, devices, apps: thousands of users adding different keys to
 * fast-mode objects would grow a shape per key order, which costs every store and every GC.
 */
function counter(): Record<string, number> {
  // Deleting a member other than the last one added is what makes V8 switch the object over.
  const map: Record<string, number> = { dictionary: 0, mode: 0 };
  delete map.dictionary;
  delete map.mode;
  return map;
}

function bump(map: Record<string, number>, key: string | undefined): void {
  if (key === undefined || key === "") return;
  map[key] = (map[key] ?? 0) + 1;
}

function utcDay(iso: string): string {
  return iso.slice(0, 10);
}

/** "a.b.c.0/24" for IPv4, the first 48 bits "/48" for IPv6; undefined for anything else. */
export function networkOf(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip.trim());
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (!ip.includes(":")) return undefined;
  const [head, tail] = ip.trim().toLowerCase().split("::");
  const front = head ? head.split(":") : [];
  const back = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = tail === undefined ? front : [...front, ...Array(Math.max(8 - front.length - back.length, 0)).fill("0"), ...back];
  if (groups.length < 3) return undefined;
  return `${groups.slice(0, 3).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/48`;
}

const networks = new Map<string, string | undefined>();
/** Addresses repeat from sign-in to sign-in; the cache is emptied now and then to stay small. */
const NETWORK_CACHE_SIZE = 50_000;

function cachedNetworkOf(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  if (networks.has(ip)) return networks.get(ip);
  if (networks.size >= NETWORK_CACHE_SIZE) networks.clear();
  const network = networkOf(ip);
  networks.set(ip, network);
  return network;
}

export function newSignInBaseline(from: string, to: string): SignInBaseline {
  return {
    from,
    to,
    signIns: 0,
    successes: 0,
    activeDays: 0,
    dailyCounts: counter(),
    countries: counter(),
    networks: counter(),
    ips: counter(),
    asns: counter(),
    deviceCombos: counter(),
    apps: counter(),
    clientApps: counter(),
    legacyClients: counter(),
    deviceCodeSignIns: 0,
  };
}

/**
 * Folds a sign-in into the baseline. Every attempt counts towards `signIns` and the active days;
 * the familiarity maps (countries, networks, devices, apps...) count successes only, so an
 * attacker's failed attempts in the history never make their IP or country look familiar.
 */
export function addToSignInBaseline(baseline: SignInBaseline, signIn: SignIn): SignInBaseline {
  baseline.signIns++;
  const days = (baseline.dailyCounts ??= counter());
  const day = utcDay(signIn.time);
  // Counting the days again only when a new one appears: this runs for every sign-in of the history.
  if (days[day] === undefined) baseline.activeDays = Object.keys(days).length + 1;
  bump(days, day);
  if (!signIn.success) return baseline;
  baseline.successes++;
  bump(baseline.countries, signIn.country);
  bump(baseline.networks, cachedNetworkOf(signIn.ipAddress));
  bump(baseline.ips, signIn.ipAddress);
  bump(baseline.asns, signIn.autonomousSystemNumber === undefined ? undefined : String(signIn.autonomousSystemNumber));
  if (signIn.operatingSystem || signIn.browser) bump(baseline.deviceCombos, `${signIn.operatingSystem ?? ""}|${signIn.browser ?? ""}`);
  bump(baseline.apps, signIn.appDisplayName ?? signIn.appId);
  bump(baseline.clientApps, signIn.clientAppUsed);
  if (signIn.legacyAuth) bump(baseline.legacyClients, signIn.clientAppUsed);
  if (isDeviceCode(signIn)) baseline.deviceCodeSignIns++;
  return baseline;
}

export function newMailBaseline(from: string, to: string): MailBaseline {
  return { from, to, messages: 0, activeDays: 0, dailyCounts: counter(), recipientDomains: counter(), recipients: counter(), maxRecipientsPerMessage: 0 };
}

export function addToMailBaseline(baseline: MailBaseline, message: SentMessage): MailBaseline {
  baseline.messages++;
  bump(baseline.dailyCounts, utcDay(message.time));
  baseline.activeDays = Object.keys(baseline.dailyCounts).length;
  const all = [...new Set([...message.to, ...message.cc, ...message.bcc])];
  for (const address of all) {
    bump(baseline.recipients, address);
    const at = address.lastIndexOf("@");
    if (at > 0) bump(baseline.recipientDomains, address.slice(at + 1));
  }
  baseline.maxRecipientsPerMessage = Math.max(baseline.maxRecipientsPerMessage, all.length);
  return baseline;
}
