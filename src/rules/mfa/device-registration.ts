import type { DirectoryAudit, UserProfile } from "../../collect/evidence.js";
import type { EvidenceItem } from "../../report/types.js";
import { FLOOR_MIN_CONFIDENCE } from "../shared/confidence.js";
import { defineRule, type Detection } from "../types.js";
import { Confidence } from "../mailbox/shared/confidence.js";
import { DEFAULT_RISK_ANCHOR_OPTIONS, anchorsAround, collectRiskAnchors, strongestAnchor, type RiskAnchor } from "../mailbox/shared/risk-anchors.js";
import { HOUR_MS, MINUTE_MS, describeGap, inWindow, windowBounds } from "../mailbox/shared/window.js";

/**
 * detections.md DEV-01 (Elastic identity_protect_alert_followed_by_device_reg and
 * multiple_device_registrations): a device registered <= 5 min after an Identity Protection
 * detection 70; >= 3 distinct devices in 15 min 60 (AiTM kits minting PRTs); a single new device
 * within 24 h of a risky sign-in 30. A registration nothing risky precedes is a new laptop or
 * phone (Autopilot, reimaging) and is not reported.
 */
const IMPACT = 75;
const AFTER_DETECTION_POINTS = 70;
const BURST_POINTS = 60;
const AFTER_RISK_POINTS = 30;

/** directoryAudits activities that attach a device to a user (lower case). */
const REGISTRATION_ACTIVITIES = new Set(["register device", "add registered owner to device", "add registered users to device", "add device"]);

export interface DeviceRegistrationOptions {
  /** Elastic: registration within 5 min after an Identity Protection event. */
  afterDetectionMinutes: number;
  /** Elastic: this many distinct devices... */
  burstDevices: number;
  /** ...within this many minutes. */
  burstMinutes: number;
  /** A registration this long after a risky sign-in is still tied to it. */
  afterRiskHours: number;
  /**
   * A sign-in that is merely unfamiliar (new IP and country against a real baseline) ties only
   * this closely, as for method changes (Sentinel's +1 h).
   */
  afterUnfamiliarMinutes: number;
  riskLevels: string[];
  minBaselineSignIns: number;
}

interface Registration {
  deviceKey: string;
  deviceName?: string;
  ms: number;
  time: string;
  audits: DirectoryAudit[];
}

function concernsUser(audit: DirectoryAudit, user: UserProfile): boolean {
  const upn = user.userPrincipalName.toLowerCase();
  const named = (audit.targets ?? []).some((t) => t.id === user.id || t.userPrincipalName?.toLowerCase() === upn);
  return named || audit.initiatedByUserId === user.id || audit.initiatedByUpn?.toLowerCase() === upn;
}

/** Registrations in the window, one per device (its audits merged), oldest first. */
function registrationsOf(audits: readonly DirectoryAudit[], user: UserProfile, bounds: { fromMs: number; toMs: number }): Registration[] {
  const byDevice = new Map<string, Registration>();
  for (const audit of audits) {
    if (!REGISTRATION_ACTIVITIES.has((audit.activity ?? "").toLowerCase())) continue;
    if (audit.result && audit.result.toLowerCase() !== "success") continue;
    if (!inWindow(audit.ms, bounds) || !concernsUser(audit, user)) continue;
    const device = (audit.targets ?? []).find((t) => t.type?.toLowerCase() === "device");
    const deviceKey = device?.id ?? audit.additionalDetails?.["Device Id"] ?? device?.displayName ?? audit.id;
    const known = byDevice.get(deviceKey);
    if (known) {
      known.audits.push(audit);
      if (audit.ms < known.ms) Object.assign(known, { ms: audit.ms, time: audit.time });
      known.deviceName ??= device?.displayName;
    } else {
      byDevice.set(deviceKey, { deviceKey, deviceName: device?.displayName, ms: audit.ms, time: audit.time, audits: [audit] });
    }
  }
  return [...byDevice.values()].sort((a, b) => a.ms - b.ms);
}

/** The largest set of registrations within `spanMs` of the first of them. */
function densestBurst(registrations: readonly Registration[], spanMs: number): Registration[] {
  let best: Registration[] = [];
  for (let i = 0; i < registrations.length; i++) {
    const burst = registrations.filter((r) => r.ms >= registrations[i].ms && r.ms - registrations[i].ms <= spanMs);
    if (burst.length > best.length) best = burst;
  }
  return best;
}

function auditItem(audit: DirectoryAudit): EvidenceItem {
  const device = (audit.targets ?? []).find((t) => t.type?.toLowerCase() === "device");
  return {
    source: "directoryAudits",
    id: audit.id,
    time: audit.time,
    fields: {
      activity: audit.activity,
      device: device?.displayName ?? null,
      deviceObjectId: device?.id ?? null,
      deviceOs: audit.additionalDetails?.["Device OS"] ?? null,
      trustType: audit.additionalDetails?.["Device Trust Type"] ?? null,
      initiatedBy: audit.initiatedByUpn ?? audit.initiatedByApp ?? null,
      initiatedByIp: audit.initiatedByIp ?? null,
      correlationId: audit.correlationId ?? null,
    },
  };
}

const nameOf = (r: Registration) => r.deviceName ?? r.deviceKey;

/** The anchor a single registration follows, and the points that earns; undefined when none. */
function anchorFor(registration: Registration, anchors: readonly RiskAnchor[], o: DeviceRegistrationOptions): { anchor: RiskAnchor; points: number; close: boolean } | undefined {
  const before = (ms: number) => anchorsAround(anchors, registration.ms, ms, 0);
  const detection = strongestAnchor(
    before(o.afterDetectionMinutes * MINUTE_MS).filter((a) => (a.kind === "riskDetection" || a.kind === "riskySignIn") && a.strength !== "weak"),
    registration.ms,
  );
  if (detection) return { anchor: detection, points: AFTER_DETECTION_POINTS, close: true };
  const risky = strongestAnchor(before(o.afterRiskHours * HOUR_MS).filter((a) => a.strength !== "weak"), registration.ms);
  if (risky) return { anchor: risky, points: AFTER_RISK_POINTS, close: false };
  const unfamiliar = strongestAnchor(before(o.afterUnfamiliarMinutes * MINUTE_MS), registration.ms);
  return unfamiliar ? { anchor: unfamiliar, points: AFTER_RISK_POINTS, close: false } : undefined;
}

export const deviceRegistration = defineRule<DeviceRegistrationOptions>({
  meta: {
    id: "device-registration",
    title: "Device registered to the account after risky activity",
    description:
      "A device was registered or joined to the user within minutes of an Identity Protection detection, within a day of a risky sign-in, or several devices in a burst: a rogue device that keeps a primary refresh token after the password is reset.",
    severity: "high",
    attack: ["T1098.005"],
    category: "mfa",
    requires: ["directoryAudits"],
    impact: IMPACT,
    persistence: true,
    remediation:
      "Check the device with the user (Entra > Devices); delete or disable any they do not own, then revoke sessions and reset the password.",
  },
  defaultOptions: {
    afterDetectionMinutes: 5,
    burstDevices: 3,
    burstMinutes: 15,
    afterRiskHours: 24,
    afterUnfamiliarMinutes: 60,
    riskLevels: DEFAULT_RISK_ANCHOR_OPTIONS.riskLevels.slice(),
    minBaselineSignIns: DEFAULT_RISK_ANCHOR_OPTIONS.minBaselineSignIns,
  },
  evaluate(evidence, ctx) {
    if (evidence.directoryAudits.status !== "ok") return [];
    const o = ctx.options;
    const registrations = registrationsOf(evidence.directoryAudits.value, evidence.user, windowBounds(ctx.window));
    if (registrations.length === 0) return [];
    const detections: Detection[] = [];

    const burst = densestBurst(registrations, o.burstMinutes * MINUTE_MS);
    const inBurst = new Set(burst.length >= o.burstDevices ? burst : []);
    if (inBurst.size) {
      const first = burst[0];
      const last = burst[burst.length - 1];
      const confidence = new Confidence(BURST_POINTS / IMPACT);
      detections.push({
        confidence: confidence.get(),
        title: `${burst.length} devices registered within ${describeGap(last.ms - first.ms)}`,
        firstSeen: first.time,
        lastSeen: last.time,
        explanation: `${burst.length} distinct devices (${burst.map(nameOf).join(", ")}) were registered to the user between ${first.time} and ${last.time}: phishing kits register devices in bursts to mint primary refresh tokens.`,
        matched: { threshold: `>= ${o.burstDevices} distinct devices within ${o.burstMinutes} min`, observed: `${burst.length} devices in ${describeGap(last.ms - first.ms)}` },
        evidence: burst.flatMap((r) => r.audits.map(auditItem)),
      });
    }

    const anchors = collectRiskAnchors(evidence, ctx, o);
    for (const registration of registrations) {
      if (inBurst.has(registration)) continue;
      const tied = anchorFor(registration, anchors, o);
      if (!tied) continue;
      const { anchor, points, close } = tied;
      const gap = describeGap(registration.ms - anchor.ms);
      const confidence = new Confidence(points / IMPACT);
      detections.push({
        confidence: confidence.get(),
        title: `Device ${nameOf(registration)} registered ${gap} after a ${anchor.label}`,
        firstSeen: anchor.time,
        lastSeen: registration.time,
        explanation: `Device ${nameOf(registration)} was registered to the user at ${registration.time}, ${gap} after a ${anchor.label}.`,
        matched: {
          threshold: close ? `within ${o.afterDetectionMinutes} min after an Identity Protection detection` : `within ${o.afterRiskHours} h after a risky sign-in`,
          observed: gap,
        },
        evidence: [anchor.evidence, ...registration.audits.map(auditItem)],
        floor: close && confidence.get() >= FLOOR_MIN_CONFIDENCE ? { level: "high", reason: "A device was registered minutes after an Identity Protection detection." } : undefined,
      });
    }
    return detections;
  },
});
