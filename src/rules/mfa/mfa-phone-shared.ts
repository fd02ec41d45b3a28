import type { AuthMethod } from "../../collect/evidence.js";
import { defineRule, type Detection } from "../types.js";
import { Confidence } from "../mailbox/shared/confidence.js";
import { authMethodItem } from "./shared/security-info.js";

/**
 * One phone registered as an MFA method by several users: an attacker registering their own
 * phone on every account they phished. Office lines (shared desks, reception) are the common
 * honest case.
 */
const IMPACT = 70;
const BASE_POINTS = 35;
const MORE_USERS_POINTS = 15;
const OFFICE_PHONE_FACTOR = 0.4;

export interface MfaPhoneSharedOptions {
  /** Owners (including this user) from which the extra confidence applies. */
  manyOwners: number;
}

const digits = (phone: string) => phone.replace(/\D/g, "").replace(/^00/, "");

export const mfaPhoneShared = defineRule<MfaPhoneSharedOptions>({
  meta: {
    id: "mfa-phone-shared",
    title: "MFA phone number shared with other users",
    description:
      "A phone number registered as this user's MFA method is also registered by other investigated users. Attackers who phish several accounts often register the same phone on each.",
    severity: "high",
    attack: ["T1556.006"],
    category: "mfa",
    requires: ["authMethods"],
    impact: IMPACT,
    persistence: true,
    remediation: "Ask each user whose account carries the number whether it is theirs; remove it where it is not and investigate those accounts together.",
  },
  defaultOptions: { manyOwners: 3 },
  evaluate(evidence, ctx) {
    if (evidence.authMethods.status !== "ok") return [];
    const phones = evidence.authMethods.value.filter((m): m is AuthMethod & { phoneNumber: string } => typeof m.phoneNumber === "string" && m.phoneNumber !== "");
    if (phones.length === 0) return [];
    const detections: Detection[] = [];

    for (const [phone, owners] of ctx.facts.phoneOwners) {
      if (owners.length < 2 || !owners.includes(evidence.user.id)) continue;
      const method = phones.find((m) => digits(m.phoneNumber) === digits(phone));
      if (!method) continue;
      const others = owners.filter((o) => o !== evidence.user.id);
      const confidence = new Confidence(BASE_POINTS / IMPACT);
      if (owners.length >= ctx.options.manyOwners) confidence.addPoints(MORE_USERS_POINTS, IMPACT, `${owners.length} users registered the number.`);
      if ((method.phoneType ?? "").toLowerCase() === "office") confidence.scale(OFFICE_PHONE_FACTOR, "It is registered as an office phone, which colleagues often share.");
      const seen = method.createdDateTime ?? ctx.now.toISOString();
      detections.push({
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `MFA phone ${method.phoneNumber} shared with ${others.length} other user(s)`,
        firstSeen: seen,
        lastSeen: seen,
        explanation: `The ${method.phoneType ?? "phone"} number ${method.phoneNumber} on this account is also an MFA method of ${others.length} other investigated user(s): ${others.join(", ")}.`,
        matched: { threshold: "same phone on >= 2 users", observed: `${owners.length} users` },
        evidence: [{ ...authMethodItem(method), fields: { ...authMethodItem(method).fields, otherOwners: others.join(", ") } }],
        entities: { phones: [phone] },
      });
    }
    return detections;
  },
});
