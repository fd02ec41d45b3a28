import type { AuditRecord } from "../../../collect/evidence.js";
import { addressesInText, splitAddressList } from "./addresses.js";

/**
 * Unified audit log access that tolerates every shape Graph's audit-log query may return:
 * collectors flatten `Parameters` into `record.parameters`, but the raw payload can still carry
 * `Parameters` / `OperationProperties` as `[{Name, Value}]` at the top of auditData or under
 * `dynamicProperties` (graph-api.md §1.11), with any key casing.
 */
type Bag = Record<string, unknown>;

const parameterCache = new WeakMap<AuditRecord, Map<string, string>>();
const fieldCache = new WeakMap<AuditRecord, Map<string, unknown>>();

function isBag(value: unknown): value is Bag {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(stringify).join(";");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function addPairs(target: Map<string, string>, source: unknown): void {
  if (Array.isArray(source)) {
    for (const pair of source) {
      if (!isBag(pair)) continue;
      const name = pair.Name ?? pair.name ?? pair.key ?? pair.Key;
      if (typeof name !== "string" || target.has(name.toLowerCase())) continue;
      target.set(name.toLowerCase(), stringify(pair.Value ?? pair.value));
    }
  } else if (isBag(source)) {
    for (const [name, value] of Object.entries(source)) {
      if (!target.has(name.toLowerCase())) target.set(name.toLowerCase(), stringify(value));
    }
  }
}

/** Payload layers, outermost first: raw, raw.auditData, and their dynamicProperties. */
function layers(record: AuditRecord): Bag[] {
  const raw = isBag(record.raw) ? record.raw : {};
  const found: Bag[] = [raw];
  for (const key of ["auditData", "AuditData"]) if (isBag(raw[key])) found.push(raw[key] as Bag);
  for (const layer of [...found]) {
    for (const key of ["dynamicProperties", "DynamicProperties"]) if (isBag(layer[key])) found.push(layer[key] as Bag);
  }
  return found;
}

/** Cmdlet parameters and OperationProperties, lower-cased names. */
export function ualParameters(record: AuditRecord): Map<string, string> {
  const cached = parameterCache.get(record);
  if (cached) return cached;
  const params = new Map<string, string>();
  addPairs(params, record.parameters as unknown);
  for (const layer of layers(record)) {
    for (const [key, value] of Object.entries(layer)) {
      const lower = key.toLowerCase();
      if (lower === "parameters" || lower === "operationproperties") addPairs(params, value);
    }
  }
  parameterCache.set(record, params);
  return params;
}

export function ualParameter(record: AuditRecord, name: string): string | undefined {
  const value = ualParameters(record).get(name.toLowerCase());
  return value === undefined || value === "" ? undefined : value;
}

export function ualFlag(record: AuditRecord, name: string): boolean {
  const value = ualParameter(record, name);
  return value !== undefined && /^(true|1|\$true)$/i.test(value.trim());
}

/** A top-level audit field (ClientAppId, MailAccessType, UserType...) in any layer or casing. */
export function ualField(record: AuditRecord, name: string): unknown {
  let fields = fieldCache.get(record);
  if (!fields) {
    fields = new Map();
    for (const layer of layers(record)) {
      for (const [key, value] of Object.entries(layer)) {
        if (!fields.has(key.toLowerCase())) fields.set(key.toLowerCase(), value);
      }
    }
    fieldCache.set(record, fields);
  }
  const value = fields.get(name.toLowerCase());
  return value ?? ualParameters(record).get(name.toLowerCase());
}

export function ualFieldString(record: AuditRecord, name: string): string | undefined {
  const value = ualField(record, name);
  return value === undefined || value === null || value === "" ? undefined : stringify(value);
}

export function isOperation(record: AuditRecord, operations: ReadonlySet<string>): boolean {
  return operations.has((record.operation ?? "").toLowerCase());
}

/** Exchange writes ResultStatus "True"/"False" for cmdlets; mailbox records say "Succeeded". */
export function ualSucceeded(record: AuditRecord): boolean {
  const status = (record.resultStatus ?? ualFieldString(record, "ResultStatus") ?? "").toLowerCase();
  return !["false", "failed", "failure", "partiallysucceeded"].includes(status);
}

export function ualClientIp(record: AuditRecord): string | undefined {
  const ip = record.clientIp ?? ualFieldString(record, "ClientIPAddress") ?? ualFieldString(record, "ClientIP");
  return ip ? stripPort(ip) : undefined;
}

/** "[2001:db8::1]:443" -> "2001:db8::1", "203.0.113.5:51234" -> "203.0.113.5". */
function stripPort(ip: string): string {
  const trimmed = ip.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(trimmed);
  return v4 ? v4[1] : trimmed;
}

export function ualSessionId(record: AuditRecord): string | undefined {
  if (record.sessionId) return record.sessionId;
  const direct = ualFieldString(record, "SessionId");
  if (direct) return direct;
  const context = ualField(record, "AppAccessContext");
  if (isBag(context)) {
    const id = context.AADSessionId ?? context.aadSessionId ?? context.SessionId;
    if (typeof id === "string" && id) return id;
  }
  return undefined;
}

export const INBOX_RULE_WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  "new-inboxrule",
  "set-inboxrule",
  "updateinboxrules",
]);
const INBOX_RULE_REMOVE_OPERATIONS: ReadonlySet<string> = new Set(["remove-inboxrule"]);

/**
 * The rule name a UAL record concerns: the Name / RuleName parameter, else the part of
 * ObjectId or Identity after the last backslash ("user@contoso.com\\Rule").
 */
export function ualRuleName(record: AuditRecord): string | undefined {
  const explicit = ualParameter(record, "Name") ?? ualParameter(record, "RuleName");
  if (explicit !== undefined) return explicit.trim();
  for (const value of [record.objectId, ualParameter(record, "Identity")]) {
    if (value && value.includes("\\")) return value.slice(value.lastIndexOf("\\") + 1).trim();
  }
  return undefined;
}

export function ualRuleId(record: AuditRecord): string | undefined {
  return ualParameter(record, "RuleId");
}

/** UpdateInboxRules (Outlook) reports removals through RuleOperation rather than a cmdlet. */
export function ualRemovesRule(record: AuditRecord): boolean {
  if (isOperation(record, INBOX_RULE_REMOVE_OPERATIONS)) return true;
  return /remove|delete/i.test(ualParameter(record, "RuleOperation") ?? "");
}

/** What a New-/Set-InboxRule or UpdateInboxRules record makes the rule do. */
export interface UalRuleActions {
  forwardTo: string[];
  deletes: boolean;
  moveToFolder?: string;
  markAsRead: boolean;
  keywords: string[];
}

export function ualRuleActions(record: AuditRecord): UalRuleActions {
  const forwardTo = [
    ...splitAddressList(ualParameter(record, "ForwardTo")),
    ...splitAddressList(ualParameter(record, "ForwardAsAttachmentTo")),
    ...splitAddressList(ualParameter(record, "RedirectTo")),
  ];
  const clientActions = ualParameter(record, "RuleActions");
  if (clientActions && /forward|redirect/i.test(clientActions)) forwardTo.push(...addressesInText(clientActions));
  const keywords = ["SubjectContainsWords", "BodyContainsWords", "SubjectOrBodyContainsWords", "FromAddressContainsWords"]
    .flatMap((name) => (ualParameter(record, name) ?? "").split(/[;,]/))
    .map((word) => word.trim())
    .filter(Boolean);
  const clientCondition = ualParameter(record, "RuleCondition");
  if (clientCondition) keywords.push(clientCondition);
  return {
    forwardTo: [...new Set(forwardTo)],
    deletes:
      ualFlag(record, "DeleteMessage") ||
      ualFlag(record, "SoftDeleteMessage") ||
      ualFlag(record, "PermanentDelete") ||
      /delete/i.test(clientActions ?? ""),
    moveToFolder: ualParameter(record, "MoveToFolder"),
    markAsRead: ualFlag(record, "MarkAsRead") || /markasread/i.test(clientActions ?? ""),
    keywords,
  };
}
