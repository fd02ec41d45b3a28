/** A sign-in from a known-bad address that an administrator has already confirmed as a compromise. */
import { APPS } from "../catalog/apps.js";
import { riskDetection, riskyUser } from "../identity-protection.js";
import { signInRisk } from "../signin-factory.js";
import { HOUR, MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, backgroundSignIns, type Scenario } from "./kit.js";

export const adminConfirmedCompromise: Scenario = {
  name: "admin-confirmed-compromise",
  attack: ["T1078.004"],
  hoursBeforeNow: 16,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes } = kit;
    const host = ATTACKER_HOSTS.confirmed(rng);
    const device = ATTACKER_DEVICES.replayBrowser;
    const correlationId = rng.guid();
    const risk = signInRisk("high", ["maliciousIPAddress"], "high", "confirmedCompromised", "adminConfirmedUserCompromised");
    addSignIn(kit, { user: victim, at: host, timeMs: t0, app: APPS.officeHome, device, correlationId, interactive: true, outcome: outcomes.riskMfaFresh, risk });
    backgroundSignIns(kit, { user: victim, at: host, device, correlationId, outcome: outcomes.nonInteractiveMfa, risk }, [APPS.outlookWeb, APPS.sharePointWeb], [3, 11].map((m) => t0 + m * MINUTE));
    const confirmedMs = t0 + 2 * HOUR + rng.int(0, 30) * MINUTE;
    ctx.out.riskDetections.push(
      riskDetection(rng, { user: victim, riskEventType: "maliciousIPAddress", riskLevel: "high", riskState: "confirmedCompromised", riskDetail: "adminConfirmedUserCompromised", activity: "signin", timing: "offline", activityMs: t0, detectedMs: t0 + HOUR, lastUpdatedMs: confirmedMs, ip: host.ip, place: host.place, correlationId }),
      riskDetection(rng, { user: victim, riskEventType: "adminConfirmedUserCompromised", riskLevel: "high", riskState: "confirmedCompromised", riskDetail: "adminConfirmedUserCompromised", activity: "user", timing: "offline", activityMs: confirmedMs, detectedMs: confirmedMs, ip: null, place: null, correlationId: null }),
    );
    ctx.out.riskyUsers.push(riskyUser(victim, "high", "confirmedCompromised", "adminConfirmedUserCompromised", confirmedMs));
    return {
      description: `Sign-in from ${host.ip} (${host.place.city}, ${host.place.country}, flagged maliciousIPAddress); an administrator confirmed the user compromised ${Math.round((confirmedMs - t0) / MINUTE)} min later.`,
    };
  },
};
