/**
 * Delegated scopes, matched as exact tokens, case-insensitively (Sentinel warns that substring
 * matching makes Mail.ReadBasic look like Mail.Read).
 */
export function scopeTokens(scopes: readonly string[] | undefined): string[] {
  return [...new Set((scopes ?? []).flatMap((s) => (typeof s === "string" ? s.split(/\s+/) : [])).filter(Boolean))];
}

export interface ScopeVerdict {
  tier: "mailboxOffline" | "sensitive";
  /** The tokens that qualified the grant. */
  matched: string[];
}

export interface ScopeLists {
  /** Sentinel EndUserConsentMailboxOfflineAccess: offline_access plus one of these. */
  mailboxScopes: readonly string[];
  /** Microsoft's app-consent playbook: risky delegated roots ("Mail." covers Mail.*) and exact scopes. */
  sensitiveScopePrefixes: readonly string[];
  sensitiveScopes: readonly string[];
  /** Excluded from the prefixes (Mail.ReadBasic reads no body). */
  harmlessScopePrefixes: readonly string[];
}

export function judgeScopes(scopes: readonly string[], lists: ScopeLists): ScopeVerdict | undefined {
  const tokens = scopeTokens(scopes);
  const lower = tokens.map((t) => t.toLowerCase());
  const mailbox = new Set(lists.mailboxScopes.map((s) => s.toLowerCase()));
  const offline = lower.includes("offline_access");
  const mailboxMatched = tokens.filter((t) => mailbox.has(t.toLowerCase()));
  if (offline && mailboxMatched.length) return { tier: "mailboxOffline", matched: ["offline_access", ...mailboxMatched] };

  const exact = new Set(lists.sensitiveScopes.map((s) => s.toLowerCase()));
  const prefixes = lists.sensitiveScopePrefixes.map((p) => p.toLowerCase());
  const harmless = lists.harmlessScopePrefixes.map((p) => p.toLowerCase());
  const sensitive = tokens.filter((t) => {
    const l = t.toLowerCase();
    if (harmless.some((p) => l.startsWith(p))) return false;
    return exact.has(l) || prefixes.some((p) => l.startsWith(p));
  });
  return sensitive.length ? { tier: "sensitive", matched: sensitive } : undefined;
}
