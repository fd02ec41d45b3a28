/** The Graph `user` resource for a person, including signInActivity from the sign-ins written. */
import type { GraphObject } from "../../snapshot/types.js";
import { rngFor, type DemoContext } from "./context.js";
import type { DemoUser } from "./model.js";
import { DAY, isoSeconds } from "./time.js";

const NO_PHONES: string[] = [];

function lastActivity(entry: [number, string] | undefined): [string | null, string | null] {
  return entry ? [isoSeconds(entry[0]), entry[1]] : [null, null];
}

export function userObject(ctx: DemoContext, user: DemoUser): GraphObject {
  const rng = rngFor(ctx, "user-object", user.index);
  const guest = user.role === "guest";
  const passwordMs = user.passwordChangedMs ?? Math.max(user.createdMs, ctx.historyStartMs - rng.int(5, 120) * DAY - rng.int(0, 600) * 60_000);
  const [lastSignIn, lastSignInId] = lastActivity(user.lastSignIn.interactive);
  const [lastNonInteractive, lastNonInteractiveId] = lastActivity(user.lastSignIn.nonInteractive);
  const [lastSuccess, lastSuccessId] = lastActivity(user.lastSignIn.success);
  return {
    id: user.id,
    businessPhones: guest || user.role !== "staff" ? NO_PHONES : [user.country === "GB" ? `+44 20 7946 ${rng.digits(4)}` : `+49 89 ${rng.digits(7)}`],
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: guest ? null : user.office.name,
    preferredLanguage: user.country === "DE" ? "de-DE" : "en-GB",
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.disabledMs === undefined,
    userType: guest ? "Guest" : "Member",
    createdDateTime: isoSeconds(user.createdMs),
    creationType: guest ? "Invitation" : null,
    externalUserState: guest ? "Accepted" : null,
    department: user.department,
    companyName: guest ? null : user.country === "DE" ? "Contoso Demo GmbH" : "Contoso Demo Ltd",
    city: guest ? null : user.homePlace.city,
    country: guest ? null : user.country === "DE" ? "Germany" : "United Kingdom",
    usageLocation: guest ? null : user.country,
    onPremisesSyncEnabled: null,
    lastPasswordChangeDateTime: isoSeconds(passwordMs),
    signInSessionsValidFromDateTime: isoSeconds(passwordMs),
    signInActivity: {
      lastSignInDateTime: lastSignIn,
      lastSignInRequestId: lastSignInId,
      lastNonInteractiveSignInDateTime: lastNonInteractive,
      lastNonInteractiveSignInRequestId: lastNonInteractiveId,
      lastSuccessfulSignInDateTime: lastSuccess,
      lastSuccessfulSignInRequestId: lastSuccessId,
    },
  };
}
