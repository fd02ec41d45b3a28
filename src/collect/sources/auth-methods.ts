import { pathSegment, type GraphRequest } from "../../graph/request.js";
import type { AuthMethod, AuthMethodKind, RegistrationDetails } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { bool, compact, str, strings, time } from "../fields.js";

/** "#microsoft.graph.<name>AuthenticationMethod" -> kind, matched case-insensitively. */
const KINDS: Record<string, AuthMethodKind> = {
  password: "password",
  phone: "phone",
  email: "email",
  microsoftauthenticator: "microsoftAuthenticator",
  fido2: "fido2",
  softwareoath: "softwareOath",
  temporaryaccesspass: "temporaryAccessPass",
  windowshelloforbusiness: "windowsHelloForBusiness",
  platformcredential: "platformCredential",
  passwordlessmicrosoftauthenticator: "passwordless",
};

function methodKind(odataType: string): AuthMethodKind {
  const name = odataType
    .replace(/^#?microsoft\.graph\./i, "")
    .replace(/authenticationmethod$/i, "")
    .toLowerCase();
  return KINDS[name] ?? "other";
}

export function normaliseAuthMethod(raw: GraphObject): AuthMethod | undefined {
  const id = str(raw.id);
  if (!id) return undefined;
  const odataType = str(raw["@odata.type"]) ?? "";
  return compact({
    id,
    kind: methodKind(odataType),
    odataType,
    // The fido2 list example misspells createdDateTime as creationDateTime.
    createdDateTime: (time(raw.createdDateTime) ?? time(raw.creationDateTime))?.iso,
    displayName: str(raw.displayName),
    phoneNumber: str(raw.phoneNumber),
    phoneType: str(raw.phoneType),
    emailAddress: str(raw.emailAddress)?.toLowerCase(),
    deviceTag: str(raw.deviceTag),
  });
}

/** methodsRegistered values (registration report) -> the method kind they stand for. */
const REGISTERED_KINDS: Record<string, AuthMethodKind> = {
  mobilephone: "phone",
  alternatemobilephone: "phone",
  officephone: "phone",
  email: "email",
  microsoftauthenticatorpush: "microsoftAuthenticator",
  microsoftauthenticatorpasswordless: "passwordless",
  softwareonetimepasscode: "softwareOath",
  hardwareonetimepasscode: "softwareOath",
  fido2: "fido2",
  passkeydevicebound: "fido2",
  passkeydeviceboundauthenticator: "fido2",
  windowshelloforbusiness: "windowsHelloForBusiness",
  temporaryaccesspass: "temporaryAccessPass",
  macossecureenclavekey: "platformCredential",
};

/**
 * Methods as the tenant-wide registration report summarises them, for users whose methods were not
 * read one by one. They carry no ids, numbers or dates.
 */
export function methodsFromRegistration(details: RegistrationDetails): AuthMethod[] {
  return details.methodsRegistered.map((method) => ({
    id: `registered:${method}`,
    kind: REGISTERED_KINDS[method.toLowerCase()] ?? "other",
    odataType: "",
    fromRegistrationReport: true,
  }));
}

export function normaliseRegistrationDetails(raw: GraphObject): RegistrationDetails {
  const preferred = str(raw.userPreferredMethodForSecondaryAuthentication) ?? str(raw.defaultMfaMethod);
  return compact({
    isMfaRegistered: bool(raw.isMfaRegistered),
    isMfaCapable: bool(raw.isMfaCapable),
    isAdmin: bool(raw.isAdmin),
    methodsRegistered: strings(raw.methodsRegistered),
    defaultMfaMethod: preferred && preferred.toLowerCase() !== "none" ? preferred : strings(raw.systemPreferredAuthenticationMethods).find((m) => m.toLowerCase() !== "none"),
    lastUpdatedDateTime: time(raw.lastUpdatedDateTime)?.iso,
  });
}

/** Accepts no query options at all. */
export function authMethodsRequest(userId: string): GraphRequest {
  return { path: `/users/${pathSegment(userId)}/authentication/methods` };
}

export function registrationDetailsRequest(userId?: string): GraphRequest {
  return userId
    ? { path: `/reports/authenticationMethods/userRegistrationDetails/${pathSegment(userId)}` }
    : // Documented options are $filter and $orderby only, so the service picks the page size.
      { path: "/reports/authenticationMethods/userRegistrationDetails" };
}
