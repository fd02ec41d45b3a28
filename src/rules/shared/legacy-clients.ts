/**
 * Legacy (basic-auth) client values of `signIn.clientAppUsed`: the Entra sign-in log filter list,
 * the spellings of Elastic unusual_legacy_auth_client_signin and the short names Graph's docs use
 * (graph-api.md §1.1). Compared case-insensitively. The collector already sets
 * `SignIn.legacyAuth`; this is the rules' own check for evidence from other sources.
 */
export const LEGACY_CLIENT_APPS: readonly string[] = [
  "Authenticated SMTP",
  "AutoDiscover",
  "Exchange ActiveSync",
  "Exchange Online PowerShell",
  "Exchange Web Services",
  "IMAP4",
  "IMAP",
  "MAPI over HTTP",
  "MAPI",
  "Offline Address Book",
  "Outlook Anywhere (RPC over HTTP)",
  "Outlook Anywhere",
  "Outlook Service",
  "POP3",
  "POP",
  "SMTP",
  "Reporting Web Services",
  "Other clients",
];

const legacy = new Set(LEGACY_CLIENT_APPS.map((c) => c.toLowerCase()));
const seen = new Map<string, boolean>();

/** True when `clientAppUsed` names a legacy protocol (memoised: the value set is tiny). */
export function isLegacyClientApp(clientAppUsed: string | undefined): boolean {
  if (!clientAppUsed) return false;
  let result = seen.get(clientAppUsed);
  if (result === undefined) {
    result = legacy.has(clientAppUsed.trim().toLowerCase());
    if (seen.size < 1000) seen.set(clientAppUsed, result);
  }
  return result;
}
