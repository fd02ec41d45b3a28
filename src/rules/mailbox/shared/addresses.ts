import type { UserProfile } from "../../../collect/evidence.js";

const EMBEDDED_ADDRESS = /<([^<>\s]+@[^<>\s]+)>/;
const ADDRESS_IN_TEXT = /[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;

/** "SMTP:Bob@X.com", "\"Bob\" <bob@x.com>", " bob@x.com " -> "bob@x.com". */
export function normaliseAddress(raw: string): string {
  let value = raw.trim();
  const embedded = EMBEDDED_ADDRESS.exec(value);
  if (embedded) value = embedded[1];
  value = value.replace(/^["'[(]+|["'\])]+$/g, "").replace(/^smtp:/i, "");
  return value.trim().toLowerCase();
}

/**
 * An address from a normalised string or, tolerantly, a Graph recipient object
 * ({emailAddress: {name?, address}}) that reached a rule unnormalised.
 */
export function addressOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as { emailAddress?: { address?: unknown }; address?: unknown };
  const address = record.emailAddress?.address ?? record.address;
  return typeof address === "string" ? address : undefined;
}

/** Splits Exchange's multi-valued parameters ("a@x;b@y", "a@x,b@y", "[a@x, b@y]") into addresses. */
export function splitAddressList(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(/[;,]/)
    .map(normaliseAddress)
    .filter((address) => address.length > 0 && address !== "$null" && address !== "null");
}

/** Every address-looking token in free text (e.g. a JSON-ish RuleActions value). */
export function addressesInText(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set((text.match(ADDRESS_IN_TEXT) ?? []).map((a) => a.toLowerCase()))];
}

/** The domain after the last "@", or undefined for X.500/legacy DNs and bare names. */
export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf("@");
  if (at < 0 || at === address.length - 1) return undefined;
  return address.slice(at + 1).toLowerCase().replace(/\.$/, "");
}

/** True when `domain` is one of `domains` or a subdomain of one (mail.contoso.com under contoso.com). */
export function domainIn(domain: string, domains: Iterable<string>): boolean {
  for (const candidate of domains) {
    const c = candidate.toLowerCase();
    if (domain === c || domain.endsWith(`.${c}`)) return true;
  }
  return false;
}

/**
 * The organisation's own domains: accepted domains plus the user's UPN and mail domains, so a
 * run without the organization object still recognises the user's own domain (Elastic's
 * "does not end with the user's domain" test).
 */
export function ownDomains(accepted: ReadonlySet<string>, user: UserProfile): Set<string> {
  const domains = new Set([...accepted].map((d) => d.toLowerCase()));
  for (const address of [user.userPrincipalName, user.mail]) {
    const domain = address ? domainOf(address) : undefined;
    if (domain) domains.add(domain);
  }
  return domains;
}

export type AddressKind = "internal" | "partner" | "external" | "unknown";

export function classifyAddress(address: string, own: ReadonlySet<string>, partners: readonly string[]): AddressKind {
  const domain = domainOf(address);
  if (!domain) return "unknown";
  if (domainIn(domain, own)) return "internal";
  if (domainIn(domain, partners)) return "partner";
  return "external";
}
