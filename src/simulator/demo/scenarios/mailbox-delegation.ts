/**
 * Mailbox persistence: after a risky sign-in from an unfamiliar country, the victim's session grants
 * FullAccess and SendAs to a rarely used internal account and turns on SMTP forwarding to the same
 * outside address the external-forward victim's rule uses.
 */
import { APPS } from "../catalog/apps.js";
import { exchangeCmdlet } from "../audit.js";
import { riskDetection, riskyUser } from "../identity-protection.js";
import { signInRisk } from "../signin-factory.js";
import { MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, backgroundSignIns, type Scenario } from "./kit.js";

export const mailboxDelegation: Scenario = {
  name: "mailbox-delegation",
  attack: ["T1098.002", "T1114.003"],
  hoursBeforeNow: 8,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes, shared } = kit;
    const host = ATTACKER_HOSTS.delegation(rng);
    const device = ATTACKER_DEVICES.linuxFirefox;
    const correlationId = rng.guid();
    addSignIn(kit, { user: victim, at: host, timeMs: t0, app: APPS.outlookWeb, device, correlationId, interactive: true, outcome: outcomes.riskMfaFresh, risk: signInRisk("medium", ["unfamiliarFeatures"]) });
    backgroundSignIns(kit, { user: victim, at: host, device, correlationId, outcome: outcomes.nonInteractiveMfa }, [APPS.outlookWeb], [4, 12].map((m) => t0 + m * MINUTE));

    const session = { sessionId: correlationId, clientAppId: APPS.outlookWeb.appId, clientAppName: APPS.outlookWeb.appDisplayName };
    const base = (minutes: number) => ({ timeMs: t0 + minutes * MINUTE, user: victim, ip: host.ip, session });
    const mailbox = victim.userPrincipalName;
    const delegate = shared.delegate.userPrincipalName;
    ctx.out.auditLogRecords.push(
      exchangeCmdlet(ctx, rng, base(8), "Add-MailboxPermission", mailbox, [["Identity", mailbox], ["User", delegate], ["AccessRights", "FullAccess"], ["InheritanceType", "All"], ["AutoMapping", "False"]]),
      exchangeCmdlet(ctx, rng, base(9), "Add-RecipientPermission", mailbox, [["Identity", mailbox], ["Trustee", delegate], ["AccessRights", "SendAs"], ["Confirm", "False"]]),
      exchangeCmdlet(ctx, rng, base(11), "Set-Mailbox", mailbox, [["Identity", mailbox], ["ForwardingSmtpAddress", `smtp:${shared.forwardAddress}`], ["DeliverToMailboxAndForward", "True"]]),
    );
    ctx.out.riskDetections.push(riskDetection(rng, { user: victim, riskEventType: "unfamiliarFeatures", riskLevel: "medium", activity: "signin", timing: "realtime", activityMs: t0, detectedMs: t0 + 5 * MINUTE, ip: host.ip, place: host.place, correlationId, userAgent: device.userAgent }));
    ctx.out.riskyUsers.push(riskyUser(victim, "medium", "atRisk", "none", t0 + 5 * MINUTE));
    return {
      description:
        `Risky sign-in from ${host.place.city}, ${host.place.country} (${host.ip}); that session granted FullAccess and SendAs on the mailbox to ${delegate} ` +
        `and set ForwardingSmtpAddress to ${shared.forwardAddress} (the same address as the external-forward victim).`,
    };
  },
};
