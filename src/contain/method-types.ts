import type { GraphObject } from "../snapshot/types.js";
import type { WriteRequirement } from "./actions.js";

/** The password method's fixed id (graph-api.md §1.6). It has no DELETE: a password is reset, not removed. */
export const PASSWORD_METHOD_ID = "28c10230-6103-485e-b985-444c60001490";

/** Phone method ids: a mobile number cannot be deleted while an alternate mobile exists. */
const PHONE_MOBILE_ID = "3179e48a-750b-4051-897c-87b9720928f7";

export interface MethodType {
  /** The typed collection under /users/{id}/authentication/ that has a v1.0 DELETE. */
  collection: string;
  /** For sentences: "phone number". */
  label: string;
  requirement: WriteRequirement;
}

function removal(label: string, permission: string, alternatives: string[] = [], note?: string): WriteRequirement {
  return { label: `removing the ${label}`, permission, alternatives, note };
}

const READ_WRITE = "UserAuthenticationMethod.ReadWrite.All";

/** `@odata.type` (lower case, with "#") -> typed collection and permission (graph-api.md §1.12). */
const METHOD_TYPES: Readonly<Record<string, MethodType>> = {
  "#microsoft.graph.phoneauthenticationmethod": {
    collection: "phoneMethods",
    label: "phone number",
    requirement: removal("phone number", READ_WRITE, [], "Graph refuses to delete the user's default sign-in method, and a mobile number while an alternate mobile exists"),
  },
  "#microsoft.graph.emailauthenticationmethod": { collection: "emailMethods", label: "email address", requirement: removal("email method", READ_WRITE) },
  "#microsoft.graph.microsoftauthenticatorauthenticationmethod": {
    collection: "microsoftAuthenticatorMethods",
    label: "Microsoft Authenticator",
    requirement: removal("Microsoft Authenticator registration", READ_WRITE, ["UserAuthMethod-MicrosoftAuthApp.ReadWrite.All"]),
  },
  "#microsoft.graph.softwareoathauthenticationmethod": { collection: "softwareOathMethods", label: "software OATH token", requirement: removal("software OATH token", READ_WRITE) },
  "#microsoft.graph.fido2authenticationmethod": {
    collection: "fido2Methods",
    label: "passkey (FIDO2)",
    requirement: removal("passkey (FIDO2)", "UserAuthMethod-Passkey.ReadWrite.All", [], "UserAuthenticationMethod.ReadWrite.All is not enough for passkeys"),
  },
  "#microsoft.graph.temporaryaccesspassauthenticationmethod": {
    collection: "temporaryAccessPassMethods",
    label: "Temporary Access Pass",
    requirement: removal("Temporary Access Pass", READ_WRITE, ["UserAuthMethod-TAP.ReadWrite.All"]),
  },
  "#microsoft.graph.windowshelloforbusinessauthenticationmethod": {
    collection: "windowsHelloForBusinessMethods",
    label: "Windows Hello for Business key",
    requirement: removal("Windows Hello for Business key", READ_WRITE, ["UserAuthMethod-WindowsHello.ReadWrite.All"]),
  },
  "#microsoft.graph.platformcredentialauthenticationmethod": {
    collection: "platformCredentialMethods",
    label: "platform credential (macOS)",
    requirement: removal("platform credential", READ_WRITE),
  },
};

export type MethodClass = { kind: "removable"; type: MethodType } | { kind: "password" } | { kind: "unsupported"; odataType: string };

export function odataTypeOf(method: GraphObject): string {
  const type = typeof method["@odata.type"] === "string" ? (method["@odata.type"] as string) : "";
  return type === "" ? "" : type.startsWith("#") ? type : `#${type}`;
}

/** How a method read from GET /authentication/methods can be removed, if at all. */
export function classifyMethod(method: GraphObject): MethodClass {
  const odataType = odataTypeOf(method);
  if (odataType.toLowerCase() === "#microsoft.graph.passwordauthenticationmethod" || method.id === PASSWORD_METHOD_ID) return { kind: "password" };
  const type = METHOD_TYPES[odataType.toLowerCase()];
  return type ? { kind: "removable", type } : { kind: "unsupported", odataType: odataType || "(no @odata.type)" };
}

/** Sort key so alternate/office phones go before the mobile number, which Graph refuses to delete first. */
export function removalRank(method: GraphObject): number {
  return method.id === PHONE_MOBILE_ID ? 1 : 0;
}
