/**
 * Attacker infrastructure: foreign addresses with their city and ASN (each scenario its own, so
 * only the intended forwarding address links victims), and the devices attackers show.
 */
import { attackerDevice } from "../catalog/devices.js";
import { PLACES, type Isp, type Place } from "../catalog/places.js";
import type { Rng } from "../random.js";
import type { Location } from "./kit.js";

function host(place: Place, name: string, asn: number, block: string) {
  const isp: Isp = { name, asn, prefixes: [block] };
  return (rng: Rng): Location => ({ ip: `${block}.${rng.int(2, 250)}`, place, isp });
}

export const ATTACKER_HOSTS = {
  aitmProxy: host(PLACES.amsterdam, "Bulletproof VPS hosting", 60729, "185.220.101"),
  spray: host(PLACES.moscow, "Selectel hosting", 49505, "45.155.205"),
  consentBackend: host(PLACES.newark, "ColoCrossing", 36352, "23.94.112"),
  forwarder: host(PLACES.bucharest, "M247 Europe", 9009, "89.38.225"),
  fatigue: host(PLACES.stPetersburg, "Hosting provider", 57523, "91.240.118"),
  imapReader: host(PLACES.hoChiMinh, "VNPT", 45899, "113.161.74"),
  delegation: host(PLACES.lagos, "MTN Nigeria", 29465, "102.89.34"),
  travel: host(PLACES.saoPaulo, "Claro S.A.", 28573, "177.92.16"),
  deviceCode: host(PLACES.ashburn, "DigitalOcean", 14061, "159.203.87"),
  confirmed: host(PLACES.lagos, "Globacom", 37148, "197.210.53"),
} as const;

const OLD_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

export const ATTACKER_DEVICES = {
  replayBrowser: attackerDevice("Windows 10", "Chrome 120.0.0", "Browser", OLD_CHROME),
  linuxFirefox: attackerDevice("Linux", "Firefox 128.0", "Browser", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
  script: attackerDevice("", "", "Mobile Apps and Desktop clients", "python-requests/2.31.0"),
  mailClient: attackerDevice("", "", "Mobile Apps and Desktop clients", ""),
  apiClient: attackerDevice("Linux", "", "Mobile Apps and Desktop clients", "python-httpx/0.27.0"),
  brokerClient: attackerDevice("Windows 10", "", "Mobile Apps and Desktop clients", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) WindowsPowerShell/5.1.22621.4391"),
} as const;
