/**
 * Consent phishing: a lure links to an OAuth consent page; the victim (from their usual place)
 * grants an unverified multi-tenant app offline mail access, and the app reads mail from abroad.
 */
import { RESOURCE } from "../catalog/apps.js";
import { mailItemsAccessed } from "../audit.js";
import { consentAudits, permissionGrant, servicePrincipal } from "../consent.js";
import { messageObject } from "../mailbox.js";
import { HOUR, MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, usualLocation, victimBrowser, type Scenario } from "./kit.js";

const CONSENT_SCOPE = "offline_access Mail.Read Mail.Send User.Read";

export const illicitConsent: Scenario = {
  name: "illicit-consent",
  attack: ["T1528"],
  hoursBeforeNow: 17,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes } = kit;
    const mailbox = victim.mailbox!;
    const appId = rng.guid();
    const app = { appId, appDisplayName: "DocuSafe Viewer", resourceId: RESOURCE.graph.id, resourceDisplayName: RESOURCE.graph.name };
    const sp = servicePrincipal({
      id: rng.guid(),
      appId,
      displayName: app.appDisplayName,
      publisherName: "DocuSafe",
      verifiedPublisher: null,
      ownerTenantId: rng.guid(),
      signInAudience: "AzureADMultipleOrgs",
      createdMs: t0 + 40 * 1000,
      homepage: null,
      replyUrls: ["https://docusafe-viewer.example/auth/callback"],
    });
    ctx.out.servicePrincipals.push(sp);

    const consentUrl = `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${appId}&response_type=code&scope=offline_access%20Mail.Read%20Mail.Send%20User.Read&redirect_uri=https%3A%2F%2Fdocusafe-viewer.example%2Fauth%2Fcallback`;
    mailbox.inbox.push(
      messageObject(rng, victim, {
        timeMs: t0 - 22 * MINUTE,
        template: { subject: "Q4 invoice shared with you", preview: "Northwind Accounts shared a file with you: Q4_invoice.pdf. Open in DocuSafe Viewer." },
        from: { emailAddress: { name: "SharePoint Online", address: "no-reply@sharepointonline-files.example" } },
        to: [victim.recipient],
        folderId: mailbox.folderIds.inbox,
        bodyHtml: `<html><body><p>Northwind Accounts shared a file with you: Q4_invoice.pdf</p><p><a href="${consentUrl}">Open</a></p></body></html>`,
      }),
    );

    const home = usualLocation(victim, t0);
    const browser = victimBrowser(victim);
    addSignIn(kit, { user: victim, at: home, timeMs: t0, app, device: browser, correlationId: rng.guid(), interactive: true, outcome: outcomes.mfaClaim });
    const grant = permissionGrant(rng, ctx, String(sp.id), victim, CONSENT_SCOPE);
    ctx.out.oauth2PermissionGrants.push(grant);
    ctx.out.directoryAudits.push(...consentAudits(ctx, rng, victim, sp, grant, t0 + 40 * 1000, home.ip, browser.userAgent, true));

    const backend = ATTACKER_HOSTS.consentBackend(rng);
    const correlationId = rng.guid();
    const uses = [12 * MINUTE, HOUR + 5 * MINUTE, 3 * HOUR + 12 * MINUTE, 6 * HOUR + 40 * MINUTE];
    for (const offset of uses) {
      addSignIn(kit, { user: victim, at: backend, timeMs: t0 + offset, app, device: ATTACKER_DEVICES.apiClient, correlationId, interactive: false, outcome: outcomes.nonInteractiveMfa });
    }
    const session = { sessionId: correlationId, clientAppId: appId, clientAppName: app.appDisplayName };
    for (const [offset, count] of [[13 * MINUTE, 180], [HOUR + 6 * MINUTE, 240]] as const) {
      ctx.out.auditLogRecords.push(mailItemsAccessed(ctx, rng, { timeMs: t0 + offset, user: victim, ip: backend.ip, session, operationCount: count, clientInfo: `Client=REST;Client=RESTSystem;;AppId=${appId}`, accessType: "Bind", folders: ["\\Inbox", "\\Sent Items"] }));
    }
    return {
      description:
        `Victim consented (consentType Principal) to unverified multi-tenant app "DocuSafe Viewer" (${appId}) with "${CONSENT_SCOPE}" from ${home.place.city}; ` +
        `the app then read mail from ${backend.ip} (${backend.place.country}, AS${backend.isp.asn}).`,
    };
  },
};
