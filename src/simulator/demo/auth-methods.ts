/**
 * Authentication methods (as GET /users/{id}/authentication/methods lists them, each with its
 * "@odata.type") and the userRegistrationDetails report row derived from them.
 */
import type { GraphObject } from "../../snapshot/types.js";
import { rngFor, type DemoContext } from "./context.js";
import type { DemoUser } from "./model.js";
import type { Rng } from "./random.js";
import { DAY, isoMillis, isoSeconds } from "./time.js";

const PASSWORD_METHOD_ID = "28c10230-6103-485e-b985-444c60001490";
const MOBILE_PHONE_METHOD_ID = "3179e48a-750b-4051-897c-87b9720928f7";
const EMAIL_METHOD_ID = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";

const PHONES = ["iPhone 15", "iPhone 14", "iPhone 13", "Galaxy S23", "Pixel 8", "Galaxy A54"];
const T = {
  password: "#microsoft.graph.passwordAuthenticationMethod",
  phone: "#microsoft.graph.phoneAuthenticationMethod",
  authenticator: "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
  fido2: "#microsoft.graph.fido2AuthenticationMethod",
  hello: "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod",
  email: "#microsoft.graph.emailAuthenticationMethod",
  tap: "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
} as const;

export function mobileNumber(rng: Rng, countryCode: "GB" | "DE" | "RU" | "NG"): string {
  switch (countryCode) {
    case "GB":
      return `+44 7${rng.digits(9)}`;
    case "DE":
      return `+49 15${rng.digits(9)}`;
    case "RU":
      return `+7 9${rng.digits(9)}`;
    case "NG":
      return `+234 80${rng.digits(8)}`;
  }
}

export function phoneMethod(phoneNumber: string, createdMs: number): GraphObject {
  return { "@odata.type": T.phone, id: MOBILE_PHONE_METHOD_ID, phoneNumber, phoneType: "mobile", smsSignInState: "notAllowedByPolicy", createdDateTime: isoSeconds(createdMs) };
}

export function authenticatorMethod(rng: Rng, displayName: string, createdMs: number): GraphObject {
  return {
    "@odata.type": T.authenticator,
    id: rng.guid(),
    displayName,
    deviceTag: "SoftwareTokenActivated",
    phoneAppVersion: `6.${rng.int(2406, 2411)}.${rng.int(1000, 9999)}`,
    createdDateTime: isoSeconds(createdMs),
  };
}

function passwordMethod(): GraphObject {
  return { "@odata.type": T.password, id: PASSWORD_METHOD_ID, password: null, createdDateTime: null };
}

/** Methods each person registered long before the history (new starters register theirs inside it). */
export function assignMethods(ctx: DemoContext, user: DemoUser): void {
  if (user.role === "guest") return;
  const rng = rngFor(ctx, "methods", user.index);
  user.methods.push(passwordMethod());
  if (!user.mfaRegistered) return;
  const registeredMs = user.newStarter
    ? user.createdMs + 2 * 3_600_000
    : Math.max(user.createdMs + 3_600_000, Math.min(user.createdMs + rng.int(1, 20) * DAY, ctx.historyStartMs - DAY));
  const hasApp = rng.chance(0.85);
  if (hasApp) user.methods.push(authenticatorMethod(rng, rng.pick(PHONES), registeredMs));
  if (!hasApp || rng.chance(0.6)) user.methods.push(phoneMethod(mobileNumber(rng, user.country), registeredMs + 60_000));
  if (user.newStarter) {
    user.methods.push({
      "@odata.type": T.tap,
      id: rng.guid(),
      temporaryAccessPass: null,
      createdDateTime: isoSeconds(user.createdMs + 10 * 60_000),
      startDateTime: isoSeconds(user.createdMs + 10 * 60_000),
      lifetimeInMinutes: 480,
      isUsableOnce: true,
      isUsable: false,
      methodUsabilityReason: "OneTimeUsed",
    });
    return;
  }
  if (user.devices.laptopApps && rng.chance(0.3)) {
    user.methods.push({ "@odata.type": T.hello, id: rng.base64(32, "url"), displayName: String(user.devices.laptopApps.deviceDetail.displayName), createdDateTime: isoSeconds(registeredMs + DAY), keyStrength: "normal" });
  }
  if (rng.chance(0.03)) {
    user.methods.push({ "@odata.type": T.fido2, id: rng.base64(32, "url"), displayName: "YubiKey 5 NFC", aaGuid: "cb69481e-8ff7-4039-93ec-0a2729a154a8", model: "YubiKey 5 NFC", attestationCertificates: [], attestationLevel: "attested", createdDateTime: isoSeconds(registeredMs + 2 * DAY) });
  }
  if (rng.chance(0.2)) {
    user.methods.push({ "@odata.type": T.email, id: EMAIL_METHOD_ID, emailAddress: `${user.givenName.toLowerCase()}.${rng.digits(2)}@outlook-personal.example` });
  }
}

const REGISTERED_NAME: Record<string, string> = {
  [T.authenticator]: "microsoftAuthenticatorPush",
  [T.phone]: "mobilePhone",
  [T.fido2]: "fido2",
  [T.hello]: "windowsHelloForBusiness",
  [T.email]: "email",
};
const STRONG = new Set<string>([T.authenticator, T.phone, T.fido2, T.hello]);

/** The registration report row, derived from the methods the user ends up with. */
export function registrationDetails(ctx: DemoContext, user: DemoUser): GraphObject {
  const types = user.methods.map((m) => String(m["@odata.type"]));
  const methodsRegistered = [...new Set(types.map((t) => REGISTERED_NAME[t]).filter((name): name is string => Boolean(name)))];
  const mfa = types.some((t) => STRONG.has(t));
  const sspr = types.some((t) => t === T.authenticator || t === T.phone || t === T.email);
  const preferred = types.includes(T.authenticator) ? "push" : types.includes(T.phone) ? "sms" : "";
  const created = user.methods.map((m) => (m.createdDateTime ? Date.parse(String(m.createdDateTime)) : 0));
  const lastUpdated = Math.max(user.createdMs, ...created);
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    userDisplayName: user.displayName,
    userType: user.role === "guest" ? "guest" : "member",
    isAdmin: user.role === "admin",
    isMfaCapable: mfa,
    isMfaRegistered: mfa,
    isPasswordlessCapable: types.includes(T.fido2) || types.includes(T.hello),
    isSsprCapable: sspr,
    isSsprEnabled: true,
    isSsprRegistered: sspr,
    isSystemPreferredAuthenticationMethodEnabled: true,
    lastUpdatedDateTime: isoMillis(Math.min(lastUpdated + 3_600_000, ctx.nowMs)),
    methodsRegistered,
    systemPreferredAuthenticationMethods: preferred ? [preferred] : ["none"],
    userPreferredMethodForSecondaryAuthentication: preferred,
  };
}
