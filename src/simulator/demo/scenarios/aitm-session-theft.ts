/**
 * Adversary-in-the-middle: the victim signs in to OfficeHome through a phishing proxy from their
 * usual place; minutes later the stolen session cookie is replayed from abroad by other apps, a
 * hiding inbox rule is created in that session, and internal phishing goes out from the mailbox.
 */
import { APPS } from "../catalog/apps.js";
import { alert } from "../alerts.js";
import { exchangeCmdlet, sendRecord } from "../audit.js";
import { riskDetection, riskyUser } from "../identity-protection.js";
import { folderNames, inboxRuleParameters, messageObject, messageRule } from "../mailbox.js";
import { signInRisk } from "../signin-factory.js";
import { HOUR, MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, backgroundSignIns, usualLocation, victimBrowser, type Scenario } from "./kit.js";

const PHISH_SUBJECT = "Action required: Q4 salary review document";

export const aitmSessionTheft: Scenario = {
  name: "aitm-session-theft",
  attack: ["T1557", "T1539", "T1564.008", "T1534"],
  hoursBeforeNow: 21,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes } = kit;
    const mailbox = victim.mailbox!;
    const home = usualLocation(victim, t0);
    const proxy = ATTACKER_HOSTS.aitmProxy(rng);
    const sessionId = rng.guid();
    const attacker = ATTACKER_DEVICES.replayBrowser;

    mailbox.inbox.push(
      messageObject(rng, victim, {
        timeMs: t0 - 14 * MINUTE,
        template: { subject: "Complete with DocuSign: Services_Agreement_2026.pdf", preview: "Contoso Partners sent you a document to review and sign. REVIEW DOCUMENT" },
        from: { emailAddress: { name: "DocuSign via Contoso Partners", address: "dse@docusign-notify.example" } },
        to: [victim.recipient],
        folderId: mailbox.folderIds.inbox,
        bodyHtml: '<html><body><p>Contoso Partners sent you a document to review and sign.</p><p><a href="https://docusign-notify.example/envelope/5f2c9a">REVIEW DOCUMENT</a></p></body></html>',
      }),
    );

    addSignIn(kit, { user: victim, at: home, timeMs: t0, app: APPS.officeHome, device: victimBrowser(victim), correlationId: sessionId, interactive: true, outcome: outcomes.mfaFresh });

    const replayStart = t0 + rng.int(4, 7) * MINUTE;
    const replayRisk = signInRisk("medium", ["anomalousToken"], "high");
    const replays = backgroundSignIns(
      kit,
      { user: victim, at: proxy, device: attacker, correlationId: sessionId, outcome: outcomes.nonInteractiveMfa, risk: replayRisk },
      [APPS.outlookWeb, APPS.sharePointWeb, APPS.officeToGraph, APPS.outlookWeb, APPS.teamsWeb],
      [0, 1, 3, 9, 21].map((m) => replayStart + m * MINUTE + rng.int(0, 50) * 1000),
    );

    const ruleMs = replayStart + 6 * MINUTE;
    const rule = messageRule(rng, victim, ".", { bodyOrSubjectContains: ["invoice", "payment", "phish", "hacked"] }, { moveToFolder: mailbox.folderIds.rss, markAsRead: true, stopProcessingRules: true });
    mailbox.messageRules.push(rule);
    const session = { sessionId, clientAppId: APPS.outlookWeb.appId, clientAppName: APPS.outlookWeb.appDisplayName };
    ctx.out.auditLogRecords.push(exchangeCmdlet(ctx, rng, { timeMs: ruleMs, user: victim, ip: proxy.ip, session }, "New-InboxRule", `${victim.userPrincipalName}\\.`, inboxRuleParameters(victim, rule, folderNames(victim))));

    const colleagues = rng.sample(ctx.users.filter((u) => u !== victim && (u.role === "staff" || u.role === "admin") && u.disabledMs === undefined), 45);
    const link = `https://contosodemo-sharepoint.com-docs.example/s/q4-review?id=${rng.hex(6)}`;
    for (let batch = 0; batch < 3; batch++) {
      const sentMs = ruleMs + (8 + batch * 3) * MINUTE;
      const message = messageObject(rng, victim, {
        timeMs: sentMs,
        template: { subject: PHISH_SUBJECT, preview: `Hi, please review the attached Q4 salary review before Friday: ${link}` },
        to: [victim.recipient],
        bcc: colleagues.slice(batch * 15, batch * 15 + 15).map((u) => u.recipient),
        folderId: mailbox.folderIds.sentitems,
        bodyHtml: `<html><body><p>Hi,</p><p>Please review the Q4 salary review document before Friday.</p><p><a href="${link}">Open document</a></p></body></html>`,
      });
      mailbox.sentItems.push(message);
      ctx.out.auditLogRecords.push(sendRecord(ctx, rng, { timeMs: sentMs, user: victim, ip: proxy.ip, session }, PHISH_SUBJECT, String(message.internetMessageId)));
    }

    const firstReplay = Date.parse(String(replays[0].createdDateTime));
    ctx.out.riskDetections.push(
      riskDetection(rng, { user: victim, riskEventType: "anomalousToken", riskLevel: "medium", activity: "signin", timing: "offline", activityMs: firstReplay, detectedMs: firstReplay + 2 * HOUR, ip: proxy.ip, place: proxy.place, correlationId: sessionId, userAgent: attacker.userAgent }),
      riskDetection(rng, { user: victim, riskEventType: "attackerinTheMiddle", riskLevel: "high", activity: "user", timing: "offline", activityMs: t0, detectedMs: t0 + 3 * HOUR, ip: proxy.ip, place: proxy.place, correlationId: sessionId }),
    );
    ctx.out.riskyUsers.push(riskyUser(victim, "high", "atRisk", "none", t0 + 3 * HOUR));
    ctx.out.alerts.push(
      alert(rng, {
        tenantId: ctx.tenant.tenantId,
        user: victim,
        title: "Suspicious inbox manipulation rule",
        description: "A user created an inbox rule that moves messages containing finance and security keywords to RSS Subscriptions and marks them as read.",
        severity: "medium",
        category: "DefenseEvasion",
        serviceSource: "microsoftDefenderForCloudApps",
        detectionSource: "microsoftDefenderForCloudApps",
        detectorId: "InboxManipulationRule",
        mitreTechniques: ["T1564.008"],
        firstActivityMs: ruleMs,
        createdMs: ruleMs + 35 * MINUTE,
        status: "new",
        classification: "unknown",
        determination: "unknown",
        ip: { address: proxy.ip, country: proxy.place.country },
      }),
    );
    return {
      description:
        `OfficeHome sign-in from ${home.place.city} (session ${sessionId}) replayed ${Math.round((firstReplay - t0) / MINUTE)} min later from ${proxy.place.city}, ${proxy.place.country} (${proxy.ip}, AS${proxy.isp.asn}); ` +
        `inbox rule "." moves invoice/payment/phish/hacked mail to RSS Subscriptions in that session; "${PHISH_SUBJECT}" sent to 45 colleagues with a link.`,
    };
  },
};
