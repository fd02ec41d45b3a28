import { defineRule } from "../types.js";
import { Confidence } from "../mailbox/shared/confidence.js";

/** A posture gap, not compromise evidence: it only says a phished password is enough. */
const IMPACT = 30;
const BASE_CONFIDENCE = 0.5;
const DISABLED_FACTOR = 0.5;

export type MfaNotRegisteredOptions = Record<string, never>;

export const mfaNotRegistered = defineRule<MfaNotRegisteredOptions>({
  meta: {
    id: "mfa-not-registered",
    title: "No MFA method registered",
    description:
      "The authentication-methods registration report says the user has no MFA method registered, so a phished password alone signs in (checklist step 4: ensure MFA is enabled).",
    severity: "low",
    attack: ["T1078.004"],
    category: "mfa",
    requires: ["registration"],
    impact: IMPACT,
    context: true,
    remediation:
      "After confirming the account is clean, have the user register a phishing-resistant method (Authenticator passkey or FIDO2) and enforce MFA with conditional access.",
  },
  defaultOptions: {},
  evaluate(evidence, ctx) {
    if (evidence.registration.status !== "ok" || !evidence.registration.value) return [];
    const registration = evidence.registration.value;
    if (registration.isMfaRegistered !== false) return [];
    const confidence = new Confidence(BASE_CONFIDENCE);
    if (evidence.user.accountEnabled === false) confidence.scale(DISABLED_FACTOR, "The account is disabled.");
    const now = ctx.now.toISOString();
    const methods = registration.methodsRegistered ?? [];
    return [
      {
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        firstSeen: now,
        lastSeen: now,
        explanation:
          `The registration report${registration.lastUpdatedDateTime ? ` (updated ${registration.lastUpdatedDateTime})` : ""} shows no MFA method registered` +
          `${methods.length ? `; registered: ${methods.join(", ")}` : ""}.`,
        matched: { threshold: "isMfaRegistered = false", observed: `isMfaRegistered = false, isMfaCapable = ${registration.isMfaCapable ?? "unknown"}` },
        evidence: [
          {
            source: "registrationDetails",
            id: evidence.user.id,
            time: registration.lastUpdatedDateTime,
            fields: {
              isMfaRegistered: registration.isMfaRegistered ?? null,
              isMfaCapable: registration.isMfaCapable ?? null,
              isAdmin: registration.isAdmin ?? null,
              methodsRegistered: methods.join(", ") || null,
              defaultMfaMethod: registration.defaultMfaMethod ?? null,
            },
          },
        ],
      },
    ];
  },
});
