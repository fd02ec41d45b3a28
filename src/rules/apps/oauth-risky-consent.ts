import type { OAuthGrant } from "../../collect/evidence.js";
import type { EvidenceItem } from "../../report/types.js";
import { ALLOW_LIST_FACTOR, allowListOf } from "../shared/allow-list.js";
import { defineRule, type Detection } from "../types.js";
import { Confidence } from "../mailbox/shared/confidence.js";
import { DEFAULT_RISK_ANCHOR_OPTIONS, anchorsAround, collectRiskAnchors, strongestAnchor, type RiskAnchor } from "../mailbox/shared/risk-anchors.js";
import { quoted } from "../mailbox/shared/text.js";
import { DAY_MS, HOUR_MS, MINUTE_MS, describeGap, inWindow, toMs, windowBounds } from "../mailbox/shared/window.js";
import { readConsentEvent, type ConsentEvent } from "./shared/consent-audit.js";
import { judgeScopes, scopeTokens, type ScopeLists } from "./shared/scopes.js";

/**
 * detections.md APP-01: user consent with offline_access + mailbox scopes 65 (Sentinel High),
 * other risky delegated scopes 40; +15 each for an unverified publisher, a recently created
 * foreign multi-tenant app, and consent <= 24 h after a risky sign-in.
 */
const IMPACT = 80;
const MAILBOX_OFFLINE_POINTS = 65;
const SENSITIVE_POINTS = 40;
const BONUS_POINTS = 15;
const BEFORE_WINDOW_FACTOR = 0.6;
const FIRST_PARTY_FACTOR = 0.5;
const GRANT_GONE_FACTOR = 0.8;

/** Tenants owning Microsoft's first-party applications. */
const MICROSOFT_TENANTS = new Set(["f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47"]);

export interface OauthRiskyConsentOptions extends ScopeLists {
  /** A foreign app whose service principal appeared this recently is "new". */
  recentAppDays: number;
  riskySignInHours: number;
  riskLevels: string[];
  minBaselineSignIns: number;
}

function grantItem(grant: OAuthGrant, scopes: string[]): EvidenceItem {
  return {
    source: "oauthGrants",
    id: grant.id,
    fields: {
      clientId: grant.clientId ?? null,
      appId: grant.appId ?? null,
      appDisplayName: grant.appDisplayName ?? null,
      consentType: grant.consentType ?? null,
      scope: scopes.join(" "),
      publisherName: grant.publisherName ?? null,
      verifiedPublisher: grant.verifiedPublisher ?? null,
      appOwnerOrganizationId: grant.appOwnerOrganizationId ?? null,
      servicePrincipalCreatedDateTime: grant.servicePrincipalCreatedDateTime ?? null,
    },
  };
}

function consentItem(event: ConsentEvent): EvidenceItem {
  return {
    source: "directoryAudits",
    id: event.audit.id,
    time: event.audit.time,
    fields: {
      activity: event.audit.activity,
      app: event.appDisplayName ?? null,
      servicePrincipalId: event.servicePrincipalId ?? null,
      isAdminConsent: event.isAdminConsent,
      scopes: event.scopes.join(" ") || null,
      initiatedByIp: event.audit.initiatedByIp ?? null,
      userAgent: event.audit.additionalDetails?.["User-Agent"] ?? null,
    },
  };
}

export const oauthRiskyConsent = defineRule<OauthRiskyConsentOptions>({
  meta: {
    id: "oauth-risky-consent",
    title: "User consented to an app with mailbox or file access",
    description:
      "The user granted an application delegated access to mail, mailbox settings, contacts, files or notes, worst with offline_access (access that outlives a password reset). Consent phishing uses exactly these scopes.",
    severity: "high",
    attack: ["T1528", "T1566.002"],
    category: "apps",
    requires: ["oauthGrants"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "If the user does not rely on the app, delete the grant (Entra > Enterprise applications > Permissions, or DELETE /oauth2PermissionGrants/{id}), disable the service principal, and restrict user consent to verified publishers.",
  },
  defaultOptions: {
    mailboxScopes: ["Mail.Read", "Mail.ReadWrite", "Mail.Send", "MailboxSettings.ReadWrite"],
    sensitiveScopePrefixes: ["Mail.", "Contacts.", "MailboxSettings.", "People.", "Files.", "Notes."],
    sensitiveScopes: ["Directory.AccessAsUser.All", "user_impersonation"],
    harmlessScopePrefixes: ["Mail.ReadBasic"],
    recentAppDays: 30,
    riskySignInHours: 24,
    riskLevels: DEFAULT_RISK_ANCHOR_OPTIONS.riskLevels.slice(),
    minBaselineSignIns: DEFAULT_RISK_ANCHOR_OPTIONS.minBaselineSignIns,
  },
  evaluate(evidence, ctx) {
    if (evidence.oauthGrants.status !== "ok") return [];
    const o = ctx.options;
    const bounds = windowBounds(ctx.window);
    const allowedApps = allowListOf(ctx.config).apps;
    let anchors: RiskAnchor[] | undefined;
    const riskAnchors = () => (anchors ??= collectRiskAnchors(evidence, ctx, o));
    const consents =
      evidence.directoryAudits.status === "ok"
        ? evidence.directoryAudits.value.map((a) => readConsentEvent(a, evidence.user)).filter((c): c is ConsentEvent => c !== undefined)
        : [];
    const usedConsents = new Set<ConsentEvent>();
    const detections: Detection[] = [];

    const judge = (input: {
      name: string;
      appId?: string;
      grant?: OAuthGrant;
      scopes: string[];
      consent?: ConsentEvent;
      items: EvidenceItem[];
    }): void => {
      const verdict = judgeScopes(input.scopes, o);
      if (!verdict) return;
      const points = verdict.tier === "mailboxOffline" ? MAILBOX_OFFLINE_POINTS : SENSITIVE_POINTS;
      const confidence = new Confidence(points / IMPACT);
      const consentMs = input.consent?.audit.ms;
      const grant = input.grant;
      const resolved = grant && (grant.appDisplayName !== undefined || grant.appOwnerOrganizationId !== undefined || grant.publisherName !== undefined);
      const owner = grant?.appOwnerOrganizationId?.toLowerCase();
      const firstParty = owner !== undefined && MICROSOFT_TENANTS.has(owner);

      if (resolved && !grant.verifiedPublisher && !firstParty) {
        confidence.addPoints(BONUS_POINTS, IMPACT, `The publisher${grant.publisherName ? ` ${quoted(grant.publisherName)}` : ""} is not verified.`);
      }
      const spCreated = toMs(grant?.servicePrincipalCreatedDateTime);
      const reference = consentMs ?? ctx.now.getTime();
      if (owner && !firstParty && owner !== ctx.organization?.id?.toLowerCase() && spCreated !== undefined && reference - spCreated <= o.recentAppDays * DAY_MS) {
        confidence.addPoints(BONUS_POINTS, IMPACT, `A multi-tenant app from another tenant that appeared in this tenant ${describeGap(reference - spCreated)} before the consent.`);
      }
      const anchor = consentMs !== undefined ? strongestAnchor(anchorsAround(riskAnchors(), consentMs, o.riskySignInHours * HOUR_MS, 5 * MINUTE_MS), consentMs) : undefined;
      if (anchor) confidence.addPoints(BONUS_POINTS, IMPACT, `Consent came ${describeGap(consentMs! - anchor.ms)} after a ${anchor.label}.`);
      if (firstParty) confidence.scale(FIRST_PARTY_FACTOR, "The app is a Microsoft first-party application.");
      if (input.appId && allowedApps.has(input.appId.toLowerCase())) confidence.scale(ALLOW_LIST_FACTOR, `Application ${input.appId} is allow-listed.`);
      if (consentMs !== undefined && consentMs < bounds.fromMs) confidence.scale(BEFORE_WINDOW_FACTOR, `Consent was given on ${input.consent!.audit.time}, before the investigation window.`);
      if (!grant) confidence.scale(GRANT_GONE_FACTOR, "No current grant matches this consent (revoked since, or not collected).");

      const seen = input.consent?.audit.time ?? ctx.now.toISOString();
      detections.push({
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `Consent to ${quoted(input.name)} with ${verdict.tier === "mailboxOffline" ? "offline mailbox access" : "sensitive scopes"}`,
        firstSeen: anchor && anchor.ms < (consentMs ?? Infinity) ? anchor.time : seen,
        lastSeen: seen,
        explanation:
          `The user consented to ${quoted(input.name)} for ${verdict.matched.join(", ")}` +
          `${input.consent ? ` at ${input.consent.audit.time}` : " (consent time unknown: no audit event in retention)"}` +
          `${verdict.tier === "mailboxOffline" ? "; offline_access keeps the app's access after a password reset" : ""}.`,
        matched: { keyword: verdict.matched.join(" "), observed: input.scopes.join(" ") },
        evidence: [...(anchor ? [anchor.evidence] : []), ...input.items],
        entities: input.appId ? { appIds: [input.appId] } : undefined,
      });
    };

    for (const grant of evidence.oauthGrants.value) {
      if ((grant.consentType ?? "principal").toLowerCase() !== "principal") continue;
      const matching = consents
        .filter((c) => (c.servicePrincipalId && c.servicePrincipalId === grant.clientId) || (c.appDisplayName && c.appDisplayName === grant.appDisplayName))
        .sort((a, b) => a.audit.ms - b.audit.ms);
      matching.forEach((c) => usedConsents.add(c));
      const consent = matching.at(-1);
      const scopes = scopeTokens(grant.scopes);
      judge({
        name: grant.appDisplayName ?? grant.appId ?? grant.clientId,
        appId: grant.appId ?? consent?.appId ?? grant.clientId,
        grant,
        scopes,
        consent,
        items: [grantItem(grant, scopes), ...(consent ? [consentItem(consent)] : [])],
      });
    }

    // Consents in the window whose grant is gone (revoked after use, or never listed).
    for (const consent of consents) {
      if (usedConsents.has(consent) || consent.isAdminConsent || !inWindow(consent.audit.ms, bounds)) continue;
      if (consent.consentType && consent.consentType.toLowerCase() !== "principal") continue;
      judge({
        name: consent.appDisplayName ?? consent.appId ?? consent.servicePrincipalId ?? "unknown app",
        appId: consent.appId ?? consent.servicePrincipalId,
        scopes: consent.scopes,
        consent,
        items: [consentItem(consent)],
      });
    }
    return detections;
  },
});
