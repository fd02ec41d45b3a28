import type { SignIn } from "../../collect/evidence.js";
import type { EvidenceItem } from "../../report/types.js";

/** Evidence items per detection: enough to pivot in the portal, short enough to read. */
export const MAX_EVIDENCE_ITEMS = 20;

/** A sign-in as report evidence: the Graph id plus the fields an analyst pivots on. */
export function signInEvidence(s: SignIn, note?: string): EvidenceItem {
  const fields: EvidenceItem["fields"] = {
    ipAddress: s.ipAddress ?? null,
    country: s.country ?? null,
    city: s.city ?? null,
    app: s.appDisplayName ?? s.appId ?? null,
    appId: s.appId ?? null,
    resource: s.resourceDisplayName ?? s.resourceId ?? null,
    clientAppUsed: s.clientAppUsed ?? null,
    errorCode: s.errorCode,
    isInteractive: s.isInteractive,
    correlationId: s.correlationId ?? null,
  };
  if (s.autonomousSystemNumber !== undefined) fields.asn = s.autonomousSystemNumber;
  if (s.sessionId) fields.sessionId = s.sessionId;
  if (s.operatingSystem || s.browser) fields.device = `${s.operatingSystem ?? "?"} / ${s.browser ?? "?"}`;
  if (s.authenticationProtocol && s.authenticationProtocol !== "none") fields.authenticationProtocol = s.authenticationProtocol;
  if (s.riskLevelDuringSignIn && s.riskLevelDuringSignIn !== "none") fields.riskLevelDuringSignIn = s.riskLevelDuringSignIn;
  if (note) fields.note = note;
  return { source: "signIns", id: s.id, time: s.time, fields };
}

/** Evidence for a list of sign-ins, capped; the caller says in the explanation how many there were. */
export function signInsEvidence(signIns: readonly SignIn[]): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const n = Math.min(signIns.length, MAX_EVIDENCE_ITEMS);
  for (let i = 0; i < n; i++) items.push(signInEvidence(signIns[i]));
  return items;
}

/** Distinct IPs of the sign-ins, in first-seen order (for cross-user patterns). */
export function distinctIps(signIns: readonly SignIn[], limit = MAX_EVIDENCE_ITEMS): string[] {
  const ips: string[] = [];
  for (const s of signIns) {
    if (s.ipAddress && !ips.includes(s.ipAddress)) {
      ips.push(s.ipAddress);
      if (ips.length >= limit) break;
    }
  }
  return ips;
}

/** "3 sign-ins" / "25 sign-ins (first 20 listed)". */
export function countPhrase(n: number, noun: string): string {
  const plural = n === 1 ? noun : `${noun}s`;
  return n > MAX_EVIDENCE_ITEMS ? `${n} ${plural} (first ${MAX_EVIDENCE_ITEMS} listed)` : `${n} ${plural}`;
}
