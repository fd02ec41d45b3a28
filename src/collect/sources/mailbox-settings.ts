import { pathSegment, type GraphRequest } from "../../graph/request.js";
import type { MailboxSettings } from "../evidence.js";
import type { GraphObject } from "../../snapshot/types.js";
import { compact, enumValue, field, obj, path, str } from "../fields.js";

const REPLY_STATUS = ["disabled", "alwaysEnabled", "scheduled"];
const DELEGATE_OPTIONS = ["sendToDelegateAndInformationToPrincipal", "sendToDelegateAndPrincipal", "sendToDelegateOnly"];

export function normaliseMailboxSettings(raw: GraphObject): MailboxSettings {
  const language = field(raw, "language");
  return compact({
    automaticRepliesStatus: enumValue(path(raw, "automaticRepliesSetting", "status"), REPLY_STATUS),
    timeZone: str(raw.timeZone),
    language: obj(language) ? str(field(language, "locale")) ?? str(field(language, "displayName")) : str(language),
    delegateMeetingMessageDeliveryOptions: enumValue(raw.delegateMeetingMessageDeliveryOptions, DELEGATE_OPTIONS),
  });
}

export function mailboxSettingsRequest(userId: string): GraphRequest {
  return { path: `/users/${pathSegment(userId)}/mailboxSettings` };
}
