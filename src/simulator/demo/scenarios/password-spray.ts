/**
 * Password spray: one foreign address tries a common password against many accounts within
 * minutes (50126), it works for one account that had never registered MFA (excluded from the MFA
 * policy), and the attacker registers their own phone on it a couple of hours later.
 */
import { APPS } from "../catalog/apps.js";
import { directoryAudit, userTarget } from "../audit.js";
import { mobileNumber, phoneMethod } from "../auth-methods.js";
import { riskDetection, riskyUser } from "../identity-protection.js";
import { signInRisk } from "../signin-factory.js";
import { HOUR, MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, type Scenario } from "./kit.js";

const SPRAY_USER_AGENT = "python-requests/2.31.0";

export const passwordSpraySuccessMfaAdded: Scenario = {
  name: "password-spray-success-mfa-added",
  attack: ["T1110.003", "T1556.006"],
  hoursBeforeNow: 19.5,
  prepare(victim) {
    victim.mfaRegistered = false;
    victim.mfaExcluded = true;
  },
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes, shared } = kit;
    const sprayer = ATTACKER_HOSTS.spray(rng);
    const script = ATTACKER_DEVICES.script;
    const order = shared.sprayTargets.slice();
    const victimSlot = rng.int(3, order.length - 2);
    order.splice(victimSlot, 0, victim);
    const stepMs = Math.floor((15 * MINUTE) / order.length);
    let successId = "";
    let successMs = 0;
    order.forEach((user, i) => {
      const timeMs = t0 + i * stepMs + rng.int(0, 15) * 1000;
      const hit = user === victim;
      const signIn = addSignIn(kit, {
        user,
        at: sprayer,
        timeMs,
        app: APPS.aadPowerShell,
        device: script,
        correlationId: rng.guid(),
        interactive: true,
        outcome: hit ? outcomes.singleFactor : outcomes.badPassword,
        authenticationProtocol: "ropc",
        risk: hit ? signInRisk("none", ["passwordSpray"], "high") : undefined,
      });
      if (hit) [successId, successMs] = [String(signIn.correlationId), timeMs];
    });

    const registerMs = t0 + 2 * HOUR + rng.int(5, 30) * MINUTE;
    const correlationId = rng.guid();
    addSignIn(kit, { user: victim, at: sprayer, timeMs: registerMs - 4 * MINUTE, app: APPS.mySignins, device: ATTACKER_DEVICES.linuxFirefox, correlationId, interactive: true, outcome: outcomes.singleFactor });
    const actor = { user: victim, ip: sprayer.ip };
    ctx.out.directoryAudits.push(
      directoryAudit(rng, { timeMs: registerMs - MINUTE, activity: "User started security info registration", category: "UserManagement", service: "Authentication Methods", operationType: "Add", resultReason: "User started the registration for Mobile Phone SMS", actor, targets: [userTarget(victim)], correlationId }),
      directoryAudit(rng, { timeMs: registerMs, activity: "User registered security info", category: "UserManagement", service: "Authentication Methods", operationType: "Add", resultReason: "User registered Mobile Phone SMS", actor, targets: [userTarget(victim)], correlationId }),
    );
    const phone = mobileNumber(rng, "RU");
    victim.methods.push(phoneMethod(phone, registerMs));

    ctx.out.riskDetections.push(
      riskDetection(rng, { user: victim, riskEventType: "passwordSpray", riskLevel: "high", activity: "signin", timing: "offline", activityMs: successMs, detectedMs: successMs + 4 * HOUR, ip: sprayer.ip, place: sprayer.place, correlationId: successId, userAgent: SPRAY_USER_AGENT }),
    );
    ctx.out.riskyUsers.push(riskyUser(victim, "high", "atRisk", "none", successMs + 4 * HOUR));
    return {
      description:
        `${sprayer.ip} (${sprayer.place.country}, AS${sprayer.isp.asn}) failed with 50126 against ${order.length - 1} accounts in 15 min and signed in as the victim (single factor); ` +
        `${Math.round((registerMs - successMs) / MINUTE)} min later the same address registered ${phone} as the victim's mobile phone.`,
    };
  },
};
