/** Basic authentication from abroad: IMAP and POP sign-ins that succeed past MFA and sync the mailbox. */
import { APPS } from "../catalog/apps.js";
import { mailItemsAccessed } from "../audit.js";
import { riskDetection, riskyUser } from "../identity-protection.js";
import { signInRisk } from "../signin-factory.js";
import { MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, type Scenario } from "./kit.js";

export const legacyAuthAbroad: Scenario = {
  name: "legacy-auth-abroad",
  attack: ["T1078.004", "T1114.002"],
  hoursBeforeNow: 10,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes } = kit;
    const host = ATTACKER_HOSTS.imapReader(rng);
    const client = ATTACKER_DEVICES.mailClient;
    const schedule: [number, string][] = [[0, "IMAP4"], [24, "IMAP4"], [51, "IMAP4"], [70, "POP3"], [78, "POP3"], [96, "IMAP4"], [131, "IMAP4"], [158, "IMAP4"]];
    let firstCorrelation = "";
    schedule.forEach(([minute, protocol], i) => {
      const signIn = addSignIn(kit, {
        user: victim,
        at: host,
        timeMs: t0 + minute * MINUTE + rng.int(0, 40) * 1000,
        app: APPS.exchangeLegacy,
        device: client,
        correlationId: rng.guid(),
        interactive: true,
        outcome: outcomes.legacy,
        clientAppUsed: protocol,
        risk: i === 0 ? signInRisk("medium", ["unfamiliarFeatures"]) : undefined,
      });
      if (i === 0) firstCorrelation = String(signIn.correlationId);
    });
    const counts = [480, 355, 212, 160];
    counts.forEach((operationCount, i) => {
      ctx.out.auditLogRecords.push(
        mailItemsAccessed(ctx, rng, { timeMs: t0 + (5 + i * 40) * MINUTE, user: victim, ip: host.ip, operationCount, clientInfo: "Client=IMAP4", accessType: "Sync", folders: ["\\Inbox", "\\Sent Items", "\\Archive"] }),
      );
    });
    ctx.out.riskDetections.push(riskDetection(rng, { user: victim, riskEventType: "unfamiliarFeatures", riskLevel: "medium", activity: "signin", timing: "realtime", activityMs: t0, detectedMs: t0 + 4 * MINUTE, ip: host.ip, place: host.place, correlationId: firstCorrelation }));
    ctx.out.riskyUsers.push(riskyUser(victim, "medium", "atRisk", "none", t0 + 4 * MINUTE));
    return {
      description: `${schedule.length} successful IMAP4/POP3 sign-ins over ${schedule[schedule.length - 1][0]} min from ${host.ip} (${host.place.city}, ${host.place.country}) - a country never seen for the user - syncing ${counts.reduce((a, b) => a + b, 0)} items (MailItemsAccessed).`,
    };
  },
};
