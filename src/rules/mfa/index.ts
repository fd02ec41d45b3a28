import type { AnyRule } from "../types.js";
import { authMethodChange } from "./auth-method-change.js";
import { deviceRegistration } from "./device-registration.js";
import { mfaNotRegistered } from "./mfa-not-registered.js";
import { mfaPhoneShared } from "./mfa-phone-shared.js";

/** Sorted by id. */
export const mfaRules: readonly AnyRule[] = [authMethodChange, deviceRegistration, mfaNotRegistered, mfaPhoneShared];
