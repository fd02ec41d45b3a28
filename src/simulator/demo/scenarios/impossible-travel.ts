/**
 * Impossible travel: the victim signs in at home, forty minutes later someone signs in as them
 * from South America, and within the hour swaps the MFA methods for an authenticator they hold.
 */
import { APPS } from "../catalog/apps.js";
import { directoryAudit, userTarget } from "../audit.js";
import { authenticatorMethod } from "../auth-methods.js";
import { riskDetection, riskyUser } from "../identity-protection.js";
import { signInRisk } from "../signin-factory.js";
import { HOUR, MINUTE, distanceKm } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, usualLocation, victimBrowser, type Scenario } from "./kit.js";

const REMOVABLE: Record<string, string> = {
  "#microsoft.graph.phoneAuthenticationMethod": "Mobile Phone SMS",
  "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod": "Authenticator App with Notification and Code",
};

export const impossibleTravel: Scenario = {
  name: "impossible-travel",
  attack: ["T1078.004", "T1556.006"],
  hoursBeforeNow: 22,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes } = kit;
    const home = usualLocation(victim, t0);
    addSignIn(kit, { user: victim, at: home, timeMs: t0, app: APPS.officeHome, device: victimBrowser(victim), correlationId: rng.guid(), interactive: true, outcome: outcomes.mfaClaim });

    const host = ATTACKER_HOSTS.travel(rng);
    const farMs = t0 + rng.int(35, 50) * MINUTE;
    const correlationId = rng.guid();
    addSignIn(kit, { user: victim, at: host, timeMs: farMs, app: APPS.officeHome, device: ATTACKER_DEVICES.linuxFirefox, correlationId, interactive: true, outcome: outcomes.mfaSms, risk: signInRisk("medium", ["unfamiliarFeatures", "unlikelyTravel"], "high") });
    addSignIn(kit, { user: victim, at: host, timeMs: farMs + 6 * MINUTE, app: APPS.mySignins, device: ATTACKER_DEVICES.linuxFirefox, correlationId, interactive: true, outcome: outcomes.mfaClaim });

    const actor = { user: victim, ip: host.ip };
    const changeMs = farMs + 12 * MINUTE;
    const audits = ctx.out.directoryAudits;
    audits.push(directoryAudit(rng, { timeMs: changeMs, activity: "User registered security info", category: "UserManagement", service: "Authentication Methods", operationType: "Add", resultReason: "User registered Authenticator App with Notification and Code", actor, targets: [userTarget(victim)], correlationId }));
    audits.push(directoryAudit(rng, { timeMs: changeMs + 2 * MINUTE, activity: "User changed default security info", category: "UserManagement", service: "Authentication Methods", operationType: "Update", resultReason: "User changed default security info to Authenticator App Notification", actor, targets: [userTarget(victim)], correlationId }));
    const removed = victim.methods.filter((m) => REMOVABLE[String(m["@odata.type"])]);
    removed.forEach((method, i) => {
      audits.push(directoryAudit(rng, { timeMs: changeMs + (4 + i) * MINUTE, activity: "User deleted security info", category: "UserManagement", service: "Authentication Methods", operationType: "Delete", resultReason: `User deleted ${REMOVABLE[String(method["@odata.type"])]}`, actor, targets: [userTarget(victim)], correlationId }));
    });
    victim.methods = victim.methods.filter((m) => !removed.includes(m));
    victim.methods.push(authenticatorMethod(rng, "Galaxy A14", changeMs));

    ctx.out.riskDetections.push(riskDetection(rng, { user: victim, riskEventType: "unlikelyTravel", riskLevel: "medium", activity: "signin", timing: "offline", activityMs: farMs, detectedMs: farMs + 3 * HOUR, ip: host.ip, place: host.place, correlationId }));
    ctx.out.riskyUsers.push(riskyUser(victim, "medium", "atRisk", "none", farMs + 3 * HOUR));
    const km = Math.round(distanceKm(home.place.latitude, home.place.longitude, host.place.latitude, host.place.longitude));
    return {
      description:
        `Sign-in from ${home.place.city} then ${Math.round((farMs - t0) / MINUTE)} min later from ${host.place.city}, ${host.place.country} (${km} km apart, ${host.ip}); ` +
        `within the hour that session registered a new authenticator and deleted ${removed.length} existing MFA method(s).`,
    };
  },
};
