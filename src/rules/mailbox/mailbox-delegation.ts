import type { AuditRecord } from "../../collect/evidence.js";
import { defineRule, type Detection } from "../types.js";
import { classifyAddress, normaliseAddress, ownDomains } from "./shared/addresses.js";
import { Confidence } from "./shared/confidence.js";
import { isFolderIn } from "./shared/folders.js";
import { auditRecordItem } from "./shared/items.js";
import { quoted } from "./shared/text.js";
import { ualFieldString, ualFlag, ualParameter, ualSucceeded } from "./shared/ual.js";
import { inWindow, windowBounds } from "./shared/window.js";

/** detections.md MBX-06: a new delegate by a non-admin or unusual actor, 30. */
const IMPACT = 60;
const MAILBOX_POINTS = 30;
const FOLDER_POINTS = 24;
const EXTERNAL_DELEGATE_POINTS = 15;
const ADMIN_FACTOR = 0.5;

export interface MailboxDelegationOptions {
  /** Add-MailboxPermission rights that give control of the mailbox (Splunk elevated_mailbox_permission). */
  mailboxRights: string[];
  /** Folder permission levels too small to read mail. */
  harmlessFolderRights: string[];
  /** Folders whose sharing is routine (assistants managing calendars). */
  ignoredFolders: string[];
}

interface Grant {
  kind: string;
  delegate: string;
  rights: string;
  folder?: string;
}

function readGrant(record: AuditRecord, options: MailboxDelegationOptions): Grant | undefined {
  const operation = (record.operation ?? "").toLowerCase();
  const rights = ualParameter(record, "AccessRights") ?? "";
  if (operation === "add-mailboxpermission") {
    if (ualFlag(record, "Deny")) return undefined;
    const wanted = new Set(options.mailboxRights.map((r) => r.toLowerCase()));
    const granted = rights.split(/[;,\s]+/).filter((r) => wanted.has(r.toLowerCase()));
    const delegate = ualParameter(record, "User");
    return granted.length && delegate ? { kind: "mailbox permission", delegate, rights: granted.join(", ") } : undefined;
  }
  if (operation === "add-recipientpermission") {
    const delegate = ualParameter(record, "Trustee");
    return /sendas/i.test(rights) && delegate ? { kind: "Send As permission", delegate, rights: "SendAs" } : undefined;
  }
  if (operation === "set-mailbox") {
    const delegate = ualParameter(record, "GrantSendOnBehalfTo");
    if (!delegate || /^(\$null|null)$/i.test(delegate.trim())) return undefined;
    return { kind: "Send on Behalf permission", delegate, rights: "SendOnBehalf" };
  }
  if (operation === "add-mailboxfolderpermission" || operation === "set-mailboxfolderpermission") {
    const delegate = ualParameter(record, "User");
    const folder = ualParameter(record, "Identity") ?? record.objectId;
    const harmless = new Set(options.harmlessFolderRights.map((r) => r.toLowerCase()));
    if (!delegate || !rights || harmless.has(rights.trim().toLowerCase())) return undefined;
    if (isFolderIn(folder, options.ignoredFolders)) return undefined;
    return { kind: "folder permission", delegate, rights, folder };
  }
  return undefined;
}

/** UAL UserType: Admin (2) / DcAdmin (3) in the Management Activity schema, camelCase in Graph. */
function byAdministrator(record: AuditRecord): boolean {
  const type = (ualFieldString(record, "UserType") ?? "").toLowerCase();
  return type === "admin" || type === "dcadmin" || type === "2" || type === "3";
}

export const mailboxDelegation = defineRule<MailboxDelegationOptions>({
  meta: {
    id: "mailbox-delegation",
    title: "Mailbox access delegated",
    description:
      "The audit log shows a new delegate on the mailbox: FullAccess / ChangePermission / ChangeOwner, Send As, Send on Behalf, or read access to a mail folder. Graph's mailboxSettings do not show delegates.",
    severity: "medium",
    attack: ["T1098.002"],
    category: "mailbox",
    requires: ["auditRecords"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "Confirm the delegation with the mailbox owner and their manager; remove unexpected permissions (Remove-MailboxPermission, Remove-RecipientPermission, Set-Mailbox -GrantSendOnBehalfTo $null, Remove-MailboxFolderPermission).",
  },
  defaultOptions: {
    mailboxRights: ["FullAccess", "ChangePermission", "ChangeOwner"],
    harmlessFolderRights: ["None", "AvailabilityOnly", "LimitedDetails"],
    ignoredFolders: ["Calendar"],
  },
  evaluate(evidence, ctx) {
    if (evidence.auditRecords.status !== "ok") return [];
    const bounds = windowBounds(ctx.window);
    const own = ownDomains(ctx.facts.acceptedDomains, evidence.user);
    const detections: Detection[] = [];

    for (const record of evidence.auditRecords.value) {
      if (!inWindow(record.ms, bounds) || !ualSucceeded(record)) continue;
      const grant = readGrant(record, ctx.options);
      if (!grant) continue;
      const confidence = new Confidence((grant.folder ? FOLDER_POINTS : MAILBOX_POINTS) / IMPACT);
      const delegateAddress = grant.delegate.includes("@") ? normaliseAddress(grant.delegate) : undefined;
      const external = delegateAddress !== undefined && classifyAddress(delegateAddress, own, ctx.config.allowLists.partnerDomains) === "external";
      if (external) confidence.addPoints(EXTERNAL_DELEGATE_POINTS, IMPACT, "The delegate is outside the organisation.");
      if (byAdministrator(record)) confidence.scale(ADMIN_FACTOR, "Granted by an administrator account, which is usually sanctioned.");
      const actor = record.userPrincipalName ?? record.userId ?? "an unknown actor";
      const mailbox = ualParameter(record, "Identity") ?? record.objectId ?? evidence.user.userPrincipalName;
      detections.push({
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        title: `${grant.kind} granted to ${quoted(grant.delegate)}`,
        firstSeen: record.time,
        lastSeen: record.time,
        explanation:
          `${actor} ran ${record.operation}, giving ${quoted(grant.delegate)} ${grant.rights} on ${quoted(grant.folder ?? mailbox)}` +
          `${external ? ", a delegate outside the organisation" : ""}. Delegates can read or send mail as the user even after a password reset.`,
        matched: { threshold: grant.folder ? "folder access above availability" : "new mailbox delegate", observed: `${grant.rights} -> ${grant.delegate}` },
        evidence: [auditRecordItem(record)],
      });
    }
    return detections;
  },
});
