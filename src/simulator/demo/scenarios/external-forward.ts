/**
 * Silent exfiltration: after a risky Outlook on the web sign-in from abroad, an inbox rule forwards
 * finance mail to an outside mailbox, marks it read and deletes it. The same outside address shows
 * up on another victim (see mailbox-delegation), which is the cross-user pattern.
 */
import { APPS } from "../catalog/apps.js";
import { exchangeCmdlet } from "../audit.js";
import { riskDetection, riskyUser } from "../identity-protection.js";
import { folderNames, inboxRuleParameters, messageRule } from "../mailbox.js";
import { signInRisk } from "../signin-factory.js";
import { MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, backgroundSignIns, type Scenario } from "./kit.js";

export const externalForwardAndDelete: Scenario = {
  name: "external-forward-and-delete",
  attack: ["T1114.003", "T1564.008"],
  hoursBeforeNow: 15,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes, shared } = kit;
    const host = ATTACKER_HOSTS.forwarder(rng);
    const device = ATTACKER_DEVICES.replayBrowser;
    const correlationId = rng.guid();
    const risk = signInRisk("medium", ["unfamiliarFeatures"]);
    addSignIn(kit, { user: victim, at: host, timeMs: t0, app: APPS.outlookWeb, device, correlationId, interactive: true, outcome: outcomes.riskMfaFresh, risk });
    backgroundSignIns(kit, { user: victim, at: host, device, correlationId, outcome: outcomes.nonInteractiveMfa }, [APPS.outlookWeb], [2, 9, 17].map((m) => t0 + m * MINUTE));

    const ruleMs = t0 + 7 * MINUTE;
    const rule = messageRule(
      rng,
      victim,
      "AP sync",
      { bodyOrSubjectContains: ["invoice", "payment", "remittance", "bank details"] },
      { forwardTo: [{ emailAddress: { name: "Accounts Remittance", address: shared.forwardAddress } }], markAsRead: true, delete: true, stopProcessingRules: true },
    );
    victim.mailbox!.messageRules.push(rule);
    const session = { sessionId: correlationId, clientAppId: APPS.outlookWeb.appId, clientAppName: APPS.outlookWeb.appDisplayName };
    ctx.out.auditLogRecords.push(exchangeCmdlet(ctx, rng, { timeMs: ruleMs, user: victim, ip: host.ip, session }, "New-InboxRule", `${victim.userPrincipalName}\\AP sync`, inboxRuleParameters(victim, rule, folderNames(victim))));

    ctx.out.riskDetections.push(riskDetection(rng, { user: victim, riskEventType: "unfamiliarFeatures", riskLevel: "medium", activity: "signin", timing: "realtime", activityMs: t0, detectedMs: t0 + 6 * MINUTE, ip: host.ip, place: host.place, correlationId, userAgent: device.userAgent }));
    ctx.out.riskyUsers.push(riskyUser(victim, "medium", "atRisk", "none", t0 + 6 * MINUTE));
    return {
      description:
        `Risky Outlook on the web sign-in from ${host.place.city}, ${host.place.country} (${host.ip}); 7 min later rule "AP sync" forwards invoice/payment mail to ${shared.forwardAddress}, marks it read and deletes it.`,
    };
  },
};
