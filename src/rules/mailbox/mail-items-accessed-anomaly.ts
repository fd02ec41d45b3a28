import type { AuditRecord } from "../../collect/evidence.js";
import { defineRule } from "../types.js";
import { Confidence } from "./shared/confidence.js";
import { auditRecordItem } from "./shared/items.js";
import { plural } from "./shared/text.js";
import { ualClientIp, ualFieldString } from "./shared/ual.js";
import { inWindow, timeSpan, windowBounds } from "./shared/window.js";

/** detections.md MAIL-03: Medium 30; access from an IP or app absent from the user's sign-ins +20. */
const IMPACT = 60;
const VOLUME_POINTS = 30;
const THROTTLED_POINTS = 36;
const UNFAMILIAR_POINTS = 20;
const MAX_EVIDENCE = 20;

export interface MailItemsAccessedAnomalyOptions {
  /** Elastic collection_exchange_excessive_mail_items_accessed: OperationCount >= 100 per aggregated record. */
  minOperationCount: number;
}

const MAIL_ITEMS_ACCESSED = "mailitemsaccessed";

function operationCount(record: AuditRecord): number {
  const value = record.operationCount ?? Number(ualFieldString(record, "OperationCount"));
  return Number.isFinite(value) ? value : 1;
}

function throttled(record: AuditRecord): boolean {
  if (record.isThrottled !== undefined) return record.isThrottled;
  return /^true$/i.test(ualFieldString(record, "IsThrottled") ?? "");
}

export const mailItemsAccessedAnomaly = defineRule<MailItemsAccessedAnomalyOptions>({
  meta: {
    id: "mail-items-accessed-anomaly",
    title: "Bulk mailbox access",
    description:
      "MailItemsAccessed audit records show the mailbox being read in bulk: throttled auditing (more than 1,000 items in 24 hours) or at least 100 items in one aggregated record, more so from an IP or app the user never signed in from.",
    severity: "medium",
    attack: ["T1114.002"],
    category: "mailbox",
    requires: ["auditRecords"],
    impact: IMPACT,
    remediation:
      "Check the client app and IP against the user's devices; a sync from an unknown IP or app after a risky sign-in means the mailbox content should be treated as exfiltrated.",
  },
  defaultOptions: { minOperationCount: 100 },
  evaluate(evidence, ctx) {
    if (evidence.auditRecords.status !== "ok") return [];
    const bounds = windowBounds(ctx.window);
    const hits = evidence.auditRecords.value.filter(
      (r) =>
        (r.operation ?? "").toLowerCase() === MAIL_ITEMS_ACCESSED &&
        inWindow(r.ms, bounds) &&
        (throttled(r) || operationCount(r) >= ctx.options.minOperationCount),
    );
    if (hits.length === 0) return [];

    const knownIps = new Set<string>();
    const knownApps = new Set<string>();
    let windowAppIds = 0;
    if (evidence.signIns.status === "ok") {
      for (const signIn of evidence.signIns.value) {
        if (signIn.ipAddress) knownIps.add(signIn.ipAddress);
        if (signIn.appId) {
          knownApps.add(signIn.appId.toLowerCase());
          windowAppIds++;
        }
      }
    }
    if (evidence.signInBaseline.status === "ok") {
      for (const ip of Object.keys(evidence.signInBaseline.value.ips)) knownIps.add(ip);
      // Baseline apps may be keyed by display name; ClientAppId is a GUID, so only ids compare.
      for (const app of Object.keys(evidence.signInBaseline.value.apps)) knownApps.add(app.toLowerCase());
    }
    // Without app ids from the window's sign-ins an app id cannot be called unfamiliar.
    const judgeApps = windowAppIds > 0;

    const unfamiliarIps = new Set<string>();
    const unfamiliarApps = new Set<string>();
    for (const record of hits) {
      const ip = ualClientIp(record);
      if (ip && knownIps.size && !knownIps.has(ip)) unfamiliarIps.add(ip);
      const app = ualFieldString(record, "ClientAppId");
      if (app && judgeApps && !knownApps.has(app.toLowerCase())) unfamiliarApps.add(app);
    }

    const anyThrottled = hits.some(throttled);
    const total = hits.reduce((sum, r) => sum + operationCount(r), 0);
    const confidence = new Confidence((anyThrottled ? THROTTLED_POINTS : VOLUME_POINTS) / IMPACT);
    const unfamiliar = [...[...unfamiliarIps].map((ip) => `IP ${ip}`), ...[...unfamiliarApps].map((app) => `app ${app}`)];
    if (unfamiliar.length) confidence.addPoints(UNFAMILIAR_POINTS, IMPACT, `Accessed from ${unfamiliar.join(", ")}, not seen in the user's sign-ins.`);

    const ranked = [...hits].sort((a, b) => operationCount(b) - operationCount(a)).slice(0, MAX_EVIDENCE);
    return [
      {
        confidence: confidence.get(),
        adjustments: confidence.adjustments,
        ...timeSpan(hits),
        explanation:
          `${plural(hits.length, "MailItemsAccessed record")} ${anyThrottled ? "include throttled auditing and " : ""}account for ${total} mail items accessed` +
          `${unfamiliar.length ? ` from ${unfamiliar.join(", ")}, which the user never signed in from` : ""}.`,
        matched: {
          threshold: `IsThrottled, or OperationCount >= ${ctx.options.minOperationCount} in one record`,
          observed: `${total} items in ${plural(hits.length, "record")}${anyThrottled ? ", throttled" : ""}`,
        },
        evidence: ranked.map((r) =>
          auditRecordItem(r, {
            operationCount: operationCount(r),
            isThrottled: throttled(r),
            mailAccessType: ualFieldString(r, "MailAccessType") ?? null,
            clientAppId: ualFieldString(r, "ClientAppId") ?? null,
          }),
        ),
        entities: unfamiliarIps.size ? { ips: [...unfamiliarIps] } : undefined,
      },
    ];
  },
});
