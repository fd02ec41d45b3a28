/**
 * clientAppUsed values: Graph's raw casing is undocumented and differs between the portal and log
 * queries ("MAPI Over HTTP", "AutoDiscover"), so values are matched case- and space-insensitively
 * and reported in the Entra filter's spelling.
 */
const MODERN = ["Browser", "Mobile Apps and Desktop clients"];

/** Basic-auth protocols (Entra's "Legacy authentication clients" list). */
const LEGACY = [
  "Authenticated SMTP",
  "Autodiscover",
  "Exchange ActiveSync",
  "Exchange Online PowerShell",
  "Exchange Web Services",
  "IMAP4",
  "MAPI over HTTP",
  "Offline Address Book",
  "Outlook Anywhere (RPC over HTTP)",
  "Outlook Service",
  "POP3",
  "Reporting Web Services",
  "Other clients",
];

/** Spellings seen in exports and log queries, keyed by their squeezed lower-case form. */
const ALIASES: Record<string, string> = {
  imap: "IMAP4",
  pop: "POP3",
  smtp: "Authenticated SMTP",
  activesync: "Exchange ActiveSync",
  "outlookanywhere": "Outlook Anywhere (RPC over HTTP)",
  "outlookanywhere(rpcoverhttp)": "Outlook Anywhere (RPC over HTTP)",
  "mobileappsanddesktopclients": "Mobile Apps and Desktop clients",
  "otherclients;olderofficeclients": "Other clients",
};

function squeeze(text: string): string {
  return text.toLowerCase().replace(/\s+/g, "");
}

const CANONICAL = new Map<string, { name: string; legacy: boolean }>();
for (const name of MODERN) CANONICAL.set(squeeze(name), { name, legacy: false });
for (const name of LEGACY) CANONICAL.set(squeeze(name), { name, legacy: true });
for (const [alias, name] of Object.entries(ALIASES)) CANONICAL.set(alias, { name, legacy: LEGACY.includes(name) });

/** Values already in canonical spelling (nearly all of them), found without squeezing. */
const EXACT = new Map([...CANONICAL.values()].map((entry) => [entry.name, entry]));

/** The canonical spelling and whether it is a legacy protocol; unknown values pass through as modern. */
export function clientApp(value: string | undefined): { name?: string; legacy: boolean } {
  if (!value) return { legacy: false };
  const known = EXACT.get(value) ?? CANONICAL.get(squeeze(value));
  return known ? { name: known.name, legacy: known.legacy } : { name: value.trim(), legacy: false };
}
