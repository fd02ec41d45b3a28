import type { SentMessage } from "../../../collect/evidence.js";
import { addressOf, normaliseAddress } from "../../mailbox/shared/addresses.js";

/** Distinct normalised recipients (to, cc, bcc), tolerating missing lists. */
export function allRecipients(message: SentMessage): string[] {
  const list: unknown[] = [...(message.to ?? []), ...(message.cc ?? []), ...(message.bcc ?? [])];
  return [...new Set(list.map(addressOf).filter((a): a is string => a !== undefined).map(normaliseAddress).filter(Boolean))];
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
