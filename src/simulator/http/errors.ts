import { GraphHttpError } from "./wire.js";

/**
 * Graph's workloads spell the same failure differently: Entra directory objects use `Request_*` and
 * `Authorization_*` codes, Exchange (Outlook) uses `Error*` codes, reports and security use plain
 * `BadRequest`/`Forbidden`.
 */
export type ErrorFlavour = "directory" | "reports" | "outlook" | "security";

export function badQuery(flavour: ErrorFlavour, kind: "syntax" | "unsupported" | "advanced" | "option", message: string): GraphHttpError {
  if (flavour === "directory") {
    const code = kind === "unsupported" || kind === "advanced" ? "Request_UnsupportedQuery" : "Request_BadRequest";
    return new GraphHttpError(400, code, message);
  }
  if (flavour === "outlook" && kind === "unsupported") return new GraphHttpError(400, "ErrorInvalidUrlQueryFilter", message);
  return new GraphHttpError(400, "BadRequest", message);
}

export function accessDenied(flavour: ErrorFlavour): GraphHttpError {
  if (flavour === "outlook") return new GraphHttpError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
  return new GraphHttpError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

export function notFound(flavour: ErrorFlavour, what: string): GraphHttpError {
  switch (flavour) {
    case "directory":
      return new GraphHttpError(404, "Request_ResourceNotFound", `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);
    case "outlook":
      return new GraphHttpError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    default:
      return new GraphHttpError(404, "ResourceNotFound", `Resource '${what}' was not found.`);
  }
}

export function badRequest(flavour: ErrorFlavour, message: string): GraphHttpError {
  return new GraphHttpError(400, flavour === "directory" ? "Request_BadRequest" : flavour === "outlook" ? "ErrorInvalidRequest" : "BadRequest", message);
}

export const notLicensed = {
  premium: () => new GraphHttpError(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license"),
  feature: () => new GraphHttpError(403, "Forbidden", "Your tenant is not licensed for this feature."),
  mailbox: () => new GraphHttpError(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise."),
};
