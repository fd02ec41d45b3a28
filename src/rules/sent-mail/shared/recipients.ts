import type { SentMessage } from "../../../collect/evidence.js";
import { normaliseAddress } from "../../mailbox/shared/addresses.js";

/** Distinct normalised recipients (to, cc, bcc), tolerating missing lists. */
export function allRecipients(message: SentMessage): string[] {
  const list = [...(message.to ?? []), ...(message.cc ?? []), ...(message.bcc ?? [])];
  return [...new Set(list.filter((a) => typeof a === "string").map(normaliseAddress).filter(Boolean))];
}

/** "RE: FW: Invoice 42" -> "invoice 42": replies and forwards of one subject are one campaign. */
export function subjectKey(subject: string | undefined): string {
  return (subject ?? "")
    .replace(/^\s*((re|fw|fwd|aw|wg|sv|vs|tr|rv)\s*:\s*)+/i, "")
    .trim()
    .toLowerCase();
}

export function utcDay(time: string): string {
  return time.slice(0, 10);
}
