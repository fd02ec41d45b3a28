import { ACTION_REQUIREMENTS, type WriteRequirement } from "../contain/actions.js";
import { classifyMethod } from "../contain/method-types.js";
import { SOURCE_REQUIREMENTS, type SourceRequirement, type TenantSourceId } from "../graph/graph-errors.js";
import type { SourceId } from "../collect/evidence.js";

/**
 * What doctor checks the token against: one row per scan source (SOURCE_REQUIREMENTS), the
 * optional extras some sources use for better output, and one row per containment action.
 */
export interface PermissionRow {
  /** Source id, "<source> (<extra>)", or containment action name. */
  name: string;
  label: string;
  /** As an admin grants it; "A + B" when both are needed. */
  permission: string;
  /** Each alternative also satisfies the row (same "+" syntax). */
  alternatives: string[];
  /** Licence the tenant needs, when one is needed. */
  licence?: string;
}

/** "Mail.ReadBasic.All (folder names)": a permission that adds something, not an alternative. */
const EXTRA = /^(.+?)\s*\((.+)\)$/;

function split(requirement: SourceRequirement): { alternatives: string[]; extras: Array<{ permission: string; what: string }> } {
  const alternatives: string[] = [];
  const extras: Array<{ permission: string; what: string }> = [];
  for (const entry of requirement.alternatives) {
    const extra = EXTRA.exec(entry);
    if (extra) extras.push({ permission: extra[1], what: extra[2] });
    else alternatives.push(entry);
  }
  return { alternatives, extras };
}

const SOURCE_ORDER = Object.keys(SOURCE_REQUIREMENTS) as Array<SourceId | TenantSourceId>;

/** Scan sources: every one must be usable for doctor to pass. */
export const SCAN_ROWS: readonly PermissionRow[] = SOURCE_ORDER.map((name) => {
  const requirement = SOURCE_REQUIREMENTS[name];
  return { name, label: requirement.label, permission: requirement.permission, alternatives: split(requirement).alternatives, licence: requirement.licence };
});

/** Extras (app names, folder names): reported, recommended, not required. */
export const EXTRA_ROWS: readonly PermissionRow[] = SOURCE_ORDER.flatMap((name) =>
  split(SOURCE_REQUIREMENTS[name]).extras.map((extra) => ({ name: `${name} (${extra.what})`, label: `${SOURCE_REQUIREMENTS[name].label}: ${extra.what}`, permission: extra.permission, alternatives: [] })),
);

function actionRow(name: string, requirement: WriteRequirement): PermissionRow {
  return { name, label: requirement.label, permission: requirement.permission, alternatives: requirement.alternatives };
}

const METHOD = (odataType: string): WriteRequirement => {
  const kind = classifyMethod({ "@odata.type": odataType, id: "doctor" });
  if (kind.kind !== "removable") throw new Error(`${odataType} is not a removable method type`);
  return kind.type.requirement;
};

/** Containment (`phishtrail contain --apply`): reported, never required by a scan. */
export const CONTAINMENT_ROWS: readonly PermissionRow[] = [
  ...Object.entries(ACTION_REQUIREMENTS).map(([name, requirement]) => actionRow(name, requirement)),
  actionRow("remove-method", METHOD("#microsoft.graph.phoneAuthenticationMethod")),
  actionRow("remove-method (passkey)", METHOD("#microsoft.graph.fido2AuthenticationMethod")),
];

/** The permissions of each row's first choice, each once, sorted: what an app registration should request. */
export function leastPrivilegeSet(rows: readonly PermissionRow[]): string[] {
  return [...new Set(rows.flatMap((row) => parts(row.permission)))].sort((a, b) => a.localeCompare(b));
}

function parts(permission: string): string[] {
  return permission.split("+").map((p) => p.trim()).filter(Boolean);
}

/** Broader permissions that include a narrower one: Read by ReadWrite, Mail.ReadBasic.All by Mail.Read. */
function broaderForms(permission: string): string[] {
  const lower = permission.toLowerCase();
  const forms = [lower, lower.replace(/\.read(\.|$)/, ".readwrite$1")];
  if (lower === "mail.readbasic.all") forms.push("mail.read", "mail.readwrite");
  return forms;
}

function grantedOne(permission: string, granted: ReadonlySet<string>): boolean {
  return broaderForms(permission).some((form) => granted.has(form));
}

/** Which choice of the row the grants satisfy (the permission or an alternative), if any. */
export function satisfiedBy(row: PermissionRow, grantedRoles: readonly string[]): string | undefined {
  const granted = new Set(grantedRoles.map((r) => r.toLowerCase()));
  return [row.permission, ...row.alternatives].find((choice) => parts(choice).every((p) => grantedOne(p, granted)));
}
