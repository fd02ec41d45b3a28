import type { AnyRule } from "../types.js";
import { massMailing } from "./mass-mailing.js";
import { phishingLikeSentContent } from "./phishing-like-sent-content.js";
import { unusualRecipients } from "./unusual-recipients.js";

/** Sorted by id. */
export const sentMailRules: readonly AnyRule[] = [massMailing, phishingLikeSentContent, unusualRecipients];
