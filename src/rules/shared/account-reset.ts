import type { UserProfile } from "../../collect/evidence.js";
import type { Adjustment } from "../../report/types.js";

/** Sign-in activity that ended before a reset shows a past compromise, not current access. */
export const RESET_FACTOR = 0.5;

export interface AccountReset {
  ms: number;
  what: string;
  time: string;
}

/** The latest password change or session revocation on the account, if any. */
export function latestAccountReset(user: UserProfile): AccountReset | undefined {
  const password = user.lastPasswordChangeDateTime ? Date.parse(user.lastPasswordChangeDateTime) : NaN;
  const sessions = user.signInSessionsValidFromDateTime ? Date.parse(user.signInSessionsValidFromDateTime) : NaN;
  if (Number.isNaN(password) && Number.isNaN(sessions)) return undefined;
  if (Number.isNaN(sessions) || password >= sessions) {
    return { ms: password, what: "password change", time: user.lastPasswordChangeDateTime! };
  }
  return { ms: sessions, what: "session revocation", time: user.signInSessionsValidFromDateTime! };
}

/**
 * The reset adjustment for activity whose last event is `lastSeenMs`, or undefined when the
 * activity continued after the reset (or there was none). Sign-in detections are not
 * persistence: a later reset/revocation cut them off.
 */
export function resetAdjustment(user: UserProfile, lastSeenMs: number): Adjustment | undefined {
  const reset = latestAccountReset(user);
  if (!reset || lastSeenMs >= reset.ms) return undefined;
  return {
    factor: RESET_FACTOR,
    reason: `All of it happened before the ${reset.what} at ${reset.time}, which cut that access off (sign-ins are not persistence).`,
  };
}
