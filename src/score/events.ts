import { SPRAY_SUCCESS_CODES } from "../derive/spray-ips.js";
import type { TenantFacts } from "../derive/tenant-facts.js";
import type { EvidenceItem, Finding } from "../report/types.js";
import { fieldText, ipOf, sessionOf } from "./evidence-fields.js";

/**
 * What a finding says happened, for the correlation sequences of detections.md §8.4. Inferred
 * from the rule's category, its persistence flag and the sources of its evidence, so rules need
 * no extra metadata:
 * - riskySignIn: a sign-in that got past the password in a sign-in finding, or an Identity
 *   Protection detection; never a context-only finding (a new country or device is novelty, not
 *   the risky or anomalous sign-in the sources sequence from: Sentinel's trigger is a
 *   high-priority UEBA sign-in, its BEC hunt a medium/high-risk one);
 * - sprayAccess: a sign-in whose password was accepted (success or interrupt) from a spray IP,
 *   in a finding that is not context-only;
 * - mfaChange: an MFA finding about registered methods (persistence, methods or directory audits);
 * - deviceRegistration: a finding citing a device registration audit ("Register device", "Add
 *   registered owner to device"...), which is not a method change;
 * - inboxRule: a mailbox finding about a rule (rule names, inbox rules or *InboxRule audit records);
 * - consent: an apps finding about a grant (oauthGrants evidence or persistence), with mail or
 *   mailbox-settings scopes when its evidence lists scopes;
 * - persistence: any persistence finding.
 * Sign-ins are placed in time by their evidence (or firstSeen); changes only by the times of
 * their own evidence items, since that is when the change happened.
 */
export type EventKind = "riskySignIn" | "sprayAccess" | "mfaChange" | "deviceRegistration" | "inboxRule" | "consent" | "persistence";

export interface FindingEvent {
  finding: Finding;
  ms: number;
  time: string;
  ip?: string;
  sessionId?: string;
  /** The evidence source the event comes from (signIns, riskDetections...), when it has one. */
  source?: string;
}

const SIGN_IN_SOURCES = new Set(["signIns", "riskDetections"]);
const MAIL_SCOPE = /(^|[\s,;])(Mail\.|MailboxSettings\.)/i;

const isTimed = (item: EvidenceItem) => item.time !== undefined && !Number.isNaN(Date.parse(item.time));

function timedEvents(finding: Finding, keep: (item: EvidenceItem) => boolean): FindingEvent[] {
  return finding.evidence
    .filter((item) => isTimed(item) && keep(item))
    .map((item) => ({
      finding,
      ms: Date.parse(item.time!),
      time: item.time!,
      ip: ipOf(item),
      sessionId: sessionOf(item),
      source: item.source,
    }));
}

/** The finding's kept timed evidence, or one event at firstSeen when none of its evidence carries a time. */
function eventsOf(finding: Finding, keep: (item: EvidenceItem) => boolean): FindingEvent[] {
  if (finding.evidence.some(isTimed)) return timedEvents(finding, keep);
  const ms = Date.parse(finding.firstSeen);
  if (Number.isNaN(ms)) return [];
  const ips = finding.entities?.ips ?? [];
  return [{ finding, ms, time: finding.firstSeen, ip: ips.length === 1 ? ips[0] : undefined }];
}

const sources = (finding: Finding) => new Set(finding.evidence.map((item) => item.source));

function isRiskySignIn(finding: Finding): boolean {
  if (finding.context) return false;
  return finding.category === "sign-ins" || sources(finding).has("riskDetections");
}

const DEVICE_AUDIT = /device/i;

const isDeviceAudit = (item: EvidenceItem) => item.source === "directoryAudits" && DEVICE_AUDIT.test(fieldText(item, ["activity"]) ?? "");

function isDeviceRegistration(finding: Finding): boolean {
  return finding.evidence.some(isDeviceAudit);
}

function isMfaChange(finding: Finding): boolean {
  if (isDeviceRegistration(finding)) return false;
  const from = sources(finding);
  return finding.category === "mfa" && (Boolean(finding.persistence) || from.has("authMethods") || from.has("directoryAudits"));
}

function isInboxRule(finding: Finding): boolean {
  if (finding.category !== "mailbox") return false;
  if (finding.entities?.ruleNames?.length) return true;
  return finding.evidence.some(
    (item) => item.source === "inboxRules" || /inboxrule/i.test(fieldText(item, ["operation", "Operation"]) ?? ""),
  );
}

function isMailConsent(finding: Finding): boolean {
  if (finding.category !== "apps" || !(finding.persistence || sources(finding).has("oauthGrants"))) return false;
  const scopes = finding.evidence.map((item) => fieldText(item, ["scopes", "scope"])).filter((s): s is string => s !== undefined);
  return scopes.length === 0 || scopes.some((s) => MAIL_SCOPE.test(s));
}

/** A sign-in that got past the password (success or interrupt); items without a code count. */
function passwordAccepted(item: EvidenceItem): boolean {
  const code = item.fields.errorCode;
  return typeof code !== "number" || SPRAY_SUCCESS_CODES.has(code);
}

function acceptedFromSprayIp(item: EvidenceItem, facts: TenantFacts): boolean {
  const ip = ipOf(item);
  return ip !== undefined && facts.sprayIps.has(ip) && passwordAccepted(item);
}

/** Events of each kind across the user's findings. */
export function eventsByKind(findings: readonly Finding[], facts: TenantFacts): Record<EventKind, FindingEvent[]> {
  const events: Record<EventKind, FindingEvent[]> = {
    riskySignIn: [],
    sprayAccess: [],
    mfaChange: [],
    deviceRegistration: [],
    inboxRule: [],
    consent: [],
    persistence: [],
  };
  for (const finding of findings) {
    if (isRiskySignIn(finding)) {
      // Failed attempts (brute force) are not access: only sign-ins past the password anchor a sequence.
      const signInItems = finding.evidence.some((item) => SIGN_IN_SOURCES.has(item.source));
      events.riskySignIn.push(...eventsOf(finding, (item) => (!signInItems || SIGN_IN_SOURCES.has(item.source)) && passwordAccepted(item)));
      if (finding.category === "sign-ins") events.sprayAccess.push(...timedEvents(finding, (item) => acceptedFromSprayIp(item, facts)));
    }
    // Changes are sequenced only by the time of their own evidence: a finding may cite the
    // sign-in it followed (not the change itself), and a rule read from Graph without an audit
    // record has no creation time at all (its firstSeen may be the scan time).
    const change = () => timedEvents(finding, (item) => !SIGN_IN_SOURCES.has(item.source));
    if (isMfaChange(finding)) events.mfaChange.push(...change());
    if (isDeviceRegistration(finding)) events.deviceRegistration.push(...timedEvents(finding, isDeviceAudit));
    if (isInboxRule(finding)) events.inboxRule.push(...change());
    if (isMailConsent(finding)) events.consent.push(...change());
    if (finding.persistence) events.persistence.push(...change());
  }
  return events;
}
