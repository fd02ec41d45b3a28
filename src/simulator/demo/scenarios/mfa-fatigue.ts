/** Push bombing: a dozen declined MFA prompts from abroad within four minutes, then one approval. */
import { APPS } from "../catalog/apps.js";
import { riskDetection, riskyUser } from "../identity-protection.js";
import { signInRisk } from "../signin-factory.js";
import { MINUTE } from "../time.js";
import { ATTACKER_DEVICES, ATTACKER_HOSTS } from "./infrastructure.js";
import { addSignIn, backgroundSignIns, type Scenario } from "./kit.js";

const MFA_FATIGUE_DENIALS = 12;

export const mfaFatigue: Scenario = {
  name: "mfa-fatigue",
  attack: ["T1621"],
  hoursBeforeNow: 12.5,
  run(kit) {
    const { ctx, rng, victim, startMs: t0, outcomes } = kit;
    const host = ATTACKER_HOSTS.fatigue(rng);
    const device = ATTACKER_DEVICES.replayBrowser;
    for (let i = 0; i < MFA_FATIGUE_DENIALS; i++) {
      addSignIn(kit, { user: victim, at: host, timeMs: t0 + i * 20_000 + rng.int(0, 4) * 1000, app: APPS.officeHome, device, correlationId: rng.guid(), interactive: true, outcome: outcomes.mfaDenied });
    }
    const successMs = t0 + MFA_FATIGUE_DENIALS * 20_000 + rng.int(10, 30) * 1000;
    const correlationId = rng.guid();
    const risk = signInRisk("medium", ["unfamiliarFeatures"]);
    addSignIn(kit, { user: victim, at: host, timeMs: successMs, app: APPS.officeHome, device, correlationId, interactive: true, outcome: outcomes.riskMfaFresh, risk });
    backgroundSignIns(kit, { user: victim, at: host, device, correlationId, outcome: outcomes.nonInteractiveMfa }, [APPS.outlookWeb, APPS.sharePointWeb], [3, 8, 26].map((m) => successMs + m * MINUTE));
    ctx.out.riskDetections.push(riskDetection(rng, { user: victim, riskEventType: "unfamiliarFeatures", riskLevel: "medium", activity: "signin", timing: "realtime", activityMs: successMs, detectedMs: successMs + 5 * MINUTE, ip: host.ip, place: host.place, correlationId, userAgent: device.userAgent }));
    ctx.out.riskyUsers.push(riskyUser(victim, "medium", "atRisk", "none", successMs + 5 * MINUTE));
    return {
      description: `${MFA_FATIGUE_DENIALS} push prompts declined (500121) from ${host.ip} (${host.place.country}) within ${Math.round((successMs - t0) / 1000)} s, then one approved ("MFA successfully completed").`,
    };
  },
};
