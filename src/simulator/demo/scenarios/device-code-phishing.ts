/**
 * Device-code phishing: a fake Teams invite asks the victim to enter a code; the resulting tokens
 * (Microsoft Authentication Broker) are redeemed from abroad and used to register a device.
 */
import { APPS } from "../catalog/apps.js";
import { deviceCombo, DEVICE_TEMPLATES } from "../catalog/devices.js";
import { directoryAudit, userTarget } from "../audit.js";
import { messageObject } from "../mailbox.js";
import { MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, backgroundSignIns, usualLocation, victimBrowser, type Scenario } from "./kit.js";

const DRS_APP = { appId: "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9", displayName: "Device Registration Service", servicePrincipalId: null };

export const deviceCodePhishing: Scenario = {
  name: "device-code-phishing",
  attack: ["T1528", "T1566.002", "T1098.005"],
  hoursBeforeNow: 20,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes } = kit;
    const mailbox = victim.mailbox!;
    const code = `${rng.base64(3).toUpperCase().replace(/[^A-Z0-9]/g, "X")}${rng.digits(5)}`;
    mailbox.inbox.push(
      messageObject(rng, victim, {
        timeMs: t0 - 9 * MINUTE,
        template: { subject: "Invitation: Q4 partner sync (Microsoft Teams)", preview: `To join, go to https://microsoft.com/devicelogin and enter the code ${code}.` },
        from: { emailAddress: { name: "Microsoft Teams", address: "teams-invite@teams-meeting.example" } },
        to: [victim.recipient],
        folderId: mailbox.folderIds.inbox,
      }),
    );
    const home = usualLocation(victim, t0);
    const correlationId = rng.guid();
    const deviceCode = { authenticationProtocol: "deviceCode", originalTransferMethod: "deviceCodeFlow" };
    addSignIn(kit, { user: victim, at: home, timeMs: t0, app: APPS.authBroker, device: victimBrowser(victim), correlationId, interactive: true, outcome: outcomes.mfaFresh, ...deviceCode });

    const host = ATTACKER_HOSTS.deviceCode(rng);
    const broker = ATTACKER_DEVICES.brokerClient;
    backgroundSignIns(kit, { user: victim, at: host, device: broker, correlationId, outcome: outcomes.nonInteractiveMfa, originalTransferMethod: "deviceCodeFlow" }, [APPS.authBroker, APPS.authBrokerToGraph], [1, 2].map((m) => t0 + m * MINUTE + rng.int(0, 40) * 1000));

    const registerMs = t0 + 3 * MINUTE;
    const deviceObjectId = rng.guid();
    const deviceId = rng.guid();
    const deviceName = `DESKTOP-${rng.base64(6).toUpperCase().replace(/[^A-Z0-9]/g, "7").slice(0, 7)}`;
    const target = { id: deviceObjectId, displayName: deviceName, type: "Device" };
    ctx.out.directoryAudits.push(
      directoryAudit(rng, {
        timeMs: registerMs,
        activity: "Register device",
        category: "Device",
        service: "Device Registration Service",
        operationType: "Add",
        actor: { app: DRS_APP },
        targets: [target],
        additionalDetails: [
          { key: "Device Id", value: deviceId },
          { key: "Device OS", value: "Windows" },
          { key: "Device Trust Type", value: "Workplace" },
          { key: "User-Agent", value: broker.userAgent },
        ],
      }),
      directoryAudit(rng, { timeMs: registerMs + 1000, activity: "Add registered owner to device", category: "Device", service: "Core Directory", operationType: "Assign", actor: { app: DRS_APP }, targets: [target, userTarget(victim)] }),
    );
    const rogue = deviceCombo(DEVICE_TEMPLATES.windowsOffice, { deviceId, displayName: deviceName, isCompliant: false, isManaged: false, trustType: "Azure AD registered" });
    backgroundSignIns(kit, { user: victim, at: host, device: rogue, correlationId: rng.guid(), outcome: outcomes.nonInteractiveMfa, originalTransferMethod: "deviceCodeFlow" }, [APPS.officeToExchange, APPS.officeToGraph, APPS.officeToSharePoint], [8, 15, 33, 61].map((m) => t0 + m * MINUTE));
    return {
      description:
        `Victim entered a device code from a fake Teams invite (Microsoft Authentication Broker, deviceCodeFlow) from ${home.place.city}; ` +
        `the tokens were used from ${host.ip} (${host.place.country}, AS${host.isp.asn}) and registered device ${deviceName} 3 min later.`,
    };
  },
};
