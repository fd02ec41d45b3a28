import { readJsonFile } from "../lib/json-file.js";
import { InputError } from "../lib/errors.js";
import { SNAPSHOT_FORMAT, type TenantSnapshot } from "../snapshot/types.js";

/** Reads and validates a tenant snapshot file (CONTRACT.md "Tenant snapshot"); bad input is an InputError (exit 2). */
export function loadSnapshotFile(path: string): TenantSnapshot {
  return validateSnapshot(readJsonFile(path), path);
}

/**
 * Top-level collections, and the date-time member each item needs to be served in order (sorted
 * and range-filtered); `null` means items only need to be objects.
 */
const COLLECTIONS: Record<string, { time: string | null; timeRequired: boolean; idRequired: boolean }> = {
  users: { time: null, timeRequired: false, idRequired: true },
  signIns: { time: "createdDateTime", timeRequired: true, idRequired: false },
  directoryAudits: { time: "activityDateTime", timeRequired: true, idRequired: false },
  auditLogRecords: { time: "createdDateTime", timeRequired: true, idRequired: false },
  alerts: { time: "createdDateTime", timeRequired: false, idRequired: false },
  riskyUsers: { time: "riskLastUpdatedDateTime", timeRequired: false, idRequired: false },
  riskDetections: { time: "activityDateTime", timeRequired: false, idRequired: false },
  servicePrincipals: { time: null, timeRequired: false, idRequired: false },
  oauth2PermissionGrants: { time: null, timeRequired: false, idRequired: false },
  userRegistrationDetails: { time: null, timeRequired: false, idRequired: false },
  conditionalAccessPolicies: { time: null, timeRequired: false, idRequired: false },
};

const LICENCES = ["entraIdP1", "entraIdP2", "defender", "auditLogQuery", "exchangeOnline"];
const MAILBOX_LISTS = ["mailFolders", "messageRules", "sentItems", "inbox"];
const MESSAGE_TIMES = ["receivedDateTime", "sentDateTime", "createdDateTime"];
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Checks that a parsed snapshot can be served. Only what the simulator cannot serve is rejected
 * (wrong format string, a collection that is not a list, an item that is not an object, an id or a
 * sort date of the wrong type); extra members, missing optional members and any enum casing pass,
 * since Graph exports carry all of those. Messages name the file and the field path.
 */
export function validateSnapshot(raw: unknown, label: string): TenantSnapshot {
  const fail = (path: string, problem: string): never => {
    throw new InputError(`${label}: ${path}: ${problem}`, "BAD_SNAPSHOT");
  };
  if (!isObject(raw)) throw new InputError(`${label}: expected a JSON object holding a tenant snapshot, found ${describe(raw)}`, "BAD_SNAPSHOT");
  if (raw.format !== SNAPSHOT_FORMAT) fail("format", `expected "${SNAPSHOT_FORMAT}", found ${describe(raw.format)}`);
  if (raw.capturedAt !== undefined && !isDateTime(raw.capturedAt)) fail("capturedAt", `expected an ISO-8601 string, found ${describe(raw.capturedAt)}`);
  if (raw.organization !== undefined && !isObject(raw.organization)) fail("organization", `expected an object, found ${describe(raw.organization)}`);
  if (raw.licenses !== undefined) {
    if (!isObject(raw.licenses)) fail("licenses", `expected an object of booleans, found ${describe(raw.licenses)}`);
    for (const name of LICENCES) {
      const value = (raw.licenses as Record<string, unknown>)[name];
      if (value !== undefined && typeof value !== "boolean") fail(`licenses.${name}`, `expected true or false, found ${describe(value)}`);
    }
  }
  for (const [name, rule] of Object.entries(COLLECTIONS)) {
    const items = objectList(raw[name], name, fail);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const path = `${name}[${i}]`;
      if (item.id !== undefined && typeof item.id !== "string") fail(`${path}.id`, `expected a string, found ${describe(item.id)}`);
      if (rule.idRequired && typeof item.id !== "string") fail(`${path}.id`, "expected a string (the object id), found nothing");
      if (rule.time) checkTime(item, rule.time, `${path}.${rule.time}`, rule.timeRequired, fail);
    }
  }
  if (raw.mailboxes !== undefined) {
    if (!isObject(raw.mailboxes)) fail("mailboxes", `expected an object keyed by user id or UPN, found ${describe(raw.mailboxes)}`);
    for (const [key, mailbox] of Object.entries(raw.mailboxes as Record<string, unknown>)) {
      const base = `mailboxes[${JSON.stringify(key)}]`;
      if (!isObject(mailbox)) fail(base, `expected a mailbox object, found ${describe(mailbox)}`);
      const record = mailbox as Record<string, unknown>;
      for (const list of MAILBOX_LISTS) {
        const items = objectList(record[list], `${base}.${list}`, fail);
        items.forEach((item, i) => {
          if (item.id !== undefined && typeof item.id !== "string") fail(`${base}.${list}[${i}].id`, `expected a string, found ${describe(item.id)}`);
          if (list === "sentItems" || list === "inbox") for (const time of MESSAGE_TIMES) checkTime(item, time, `${base}.${list}[${i}].${time}`, false, fail);
        });
      }
      if (record.mailboxSettings !== undefined && !isObject(record.mailboxSettings)) fail(`${base}.mailboxSettings`, `expected an object, found ${describe(record.mailboxSettings)}`);
    }
  }
  if (raw.authenticationMethods !== undefined) {
    if (!isObject(raw.authenticationMethods)) fail("authenticationMethods", `expected an object keyed by user id or UPN, found ${describe(raw.authenticationMethods)}`);
    for (const [key, list] of Object.entries(raw.authenticationMethods as Record<string, unknown>)) {
      const base = `authenticationMethods[${JSON.stringify(key)}]`;
      objectList(list, base, fail).forEach((method, i) => {
        if (typeof method["@odata.type"] !== "string") fail(`${base}[${i}]["@odata.type"]`, `expected a string such as "#microsoft.graph.phoneAuthenticationMethod", found ${describe(method["@odata.type"])}`);
        if (typeof method.id !== "string") fail(`${base}[${i}].id`, `expected a string, found ${describe(method.id)}`);
      });
    }
  }
  return raw as unknown as TenantSnapshot;
}

function objectList(value: unknown, path: string, fail: (path: string, problem: string) => never): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(path, `expected a list, found ${describe(value)}`);
  value.forEach((item, i) => {
    if (!isObject(item)) fail(`${path}[${i}]`, `expected an object, found ${describe(item)}`);
  });
  return value as Record<string, unknown>[];
}

function checkTime(item: Record<string, unknown>, member: string, path: string, required: boolean, fail: (path: string, problem: string) => never): void {
  const value = item[member];
  if (value === undefined || value === null) {
    if (required) fail(path, "expected an ISO-8601 string, found nothing");
    return;
  }
  if (!isDateTime(value)) fail(path, `expected an ISO-8601 string, found ${describe(value)}`);
}

function isDateTime(value: unknown): boolean {
  return typeof value === "string" && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, "$1")));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
