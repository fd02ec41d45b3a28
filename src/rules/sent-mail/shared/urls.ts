import { domainIn } from "../../mailbox/shared/addresses.js";

/** What makes a link in sent mail look like a credential-phishing link. */
export interface UrlVerdict {
  url: string;
  reason: string;
}

export interface UrlCheckContext {
  own: ReadonlySet<string>;
  /** brandLabels(own), computed once per evaluation. */
  brands: readonly string[];
  partners: readonly string[];
  shorteners: readonly string[];
}

const IPV4_HOST = /^\d{1,3}(\.\d{1,3}){3}$/;
const DOMAIN_IN_TEXT = /\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,})\b/i;

export function hostOf(url: string): string | undefined {
  try {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
    return new URL(withScheme).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return undefined;
  }
}

function levenshtein(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The distinctive first label of each own domain ("contoso" for contoso.com, contoso.onmicrosoft.com). */
export function brandLabels(own: ReadonlySet<string>): string[] {
  return [...new Set([...own].map((d) => d.split(".")[0]).filter((label) => label.length >= 4))];
}

/**
 * A host imitating the organisation: it carries an own brand label as one of its tokens on a
 * foreign domain ("contoso-login.example", "contoso.secure.example"), or a label one or two edits
 * from it ("c0ntoso.example").
 */
function lookalikeOf(host: string, brands: readonly string[]): string | undefined {
  const tokens = host.split(/[.-]/).filter(Boolean);
  for (const brand of brands) {
    // Short brands tolerate no typo: "acme" is one edit from too many words.
    const allowed = brand.length >= 9 ? 2 : brand.length >= 6 ? 1 : 0;
    for (const token of tokens) {
      if (token === brand || (allowed > 0 && levenshtein(token, brand) <= allowed)) return brand;
    }
  }
  return undefined;
}

/**
 * The tenant's own SharePoint Online and OneDrive hosts: they are named after the initial
 * <tenant>.onmicrosoft.com domain (<tenant>.sharepoint.com, <tenant>-my.sharepoint.com,
 * <tenant>-admin.sharepoint.com), so they carry the brand label without imitating it. Only the
 * exact tenant name: a one-letter variant is someone else's tenant.
 */
function ownSharePointHost(host: string, own: ReadonlySet<string>): boolean {
  const match = /^([a-z0-9]+)(?:-my|-admin)?\.sharepoint\.com$/.exec(host);
  return match !== null && own.has(`${match[1]}.onmicrosoft.com`);
}

export function judgeUrl(url: string, ctx: UrlCheckContext, text?: string): UrlVerdict | undefined {
  const host = hostOf(url);
  if (!host) return undefined;
  if (IPV4_HOST.test(host) || host.startsWith("[")) return { url, reason: `links to a raw IP address (${host})` };
  if (domainIn(host, ctx.own) || domainIn(host, ctx.partners) || ownSharePointHost(host, ctx.own)) return undefined;
  if (domainIn(host, ctx.shorteners)) return { url, reason: `uses the URL shortener ${host}` };
  const brand = lookalikeOf(host, ctx.brands);
  if (brand) return { url, reason: `${host} imitates the organisation's domain (${brand})` };
  if (text) {
    const shown = DOMAIN_IN_TEXT.exec(text)?.[1]?.toLowerCase();
    if (shown && shown !== host && !host.endsWith(`.${shown}`) && !shown.endsWith(`.${host}`)) {
      return { url, reason: `the link text shows ${shown} but it points to ${host}` };
    }
  }
  return undefined;
}
