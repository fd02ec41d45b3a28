import type { RiskDetection, SignIn } from "../../collect/evidence.js";
import type { Adjustment, EvidenceItem } from "../../report/types.js";
import { defineRule, type Detection } from "../types.js";
import { resetAdjustment } from "../shared/account-reset.js";
import { allowListAdjustmentsForAll, allowListOf } from "../shared/allow-list.js";
import { usableBaseline } from "../shared/baseline.js";
import { adjustedConfidence, FLOOR_MIN_CONFIDENCE } from "../shared/confidence.js";
import { OFFICE_HOME_APP_ID } from "../shared/microsoft-apps.js";
import { riskDetectionEvidence } from "../shared/risk-evidence.js";
import { isDismissedRisk } from "../shared/risk-state.js";
import { MAX_EVIDENCE_ITEMS, signInEvidence } from "../shared/sign-in-evidence.js";
import { windowSignIns } from "../shared/window.js";

export interface AitmOptions {
  confidence: number;
  /** An anomalousToken / attackerinTheMiddle detection on the same session or IP. */
  corroborationFactor: number;
  /** Microsoft's own network (8075) relays tokens from anywhere; it proves nothing about who held the session. */
  excludedAsns: number[];
  /**
   * Two IPs and ASNs without a country change, all of them networks the user already uses: a
   * laptop moving from home broadband to a phone hotspot looks exactly like this.
   */
  familiarNetworksFactor: number;
}

const CORROBORATING_TYPES = new Set(["anomaloustoken", "attackerinthemiddle"]);

interface Session {
  key: string;
  keyField: string;
  /** Where the session started: the OfficeHome browser sign-in when there is one, else its first sign-in. */
  origin: SignIn;
  members: SignIn[];
}

interface Replay {
  session: Session;
  /** (a): used from another country after the OfficeHome browser sign-in. */
  countryHop?: SignIn;
  /** (b): distinct IPs and ASNs. */
  ips: string[];
  asns: number[];
}

export const aitmSessionReplay = defineRule<AitmOptions>({
  meta: {
    id: "aitm-session-replay",
    title: "Session reused from another place (AiTM cookie replay)",
    description:
      "The same sign-in session used from a different country after an OfficeHome browser sign-in (Microsoft AiTM hunting query), " +
      "or from more than one IP and ASN (Elastic single_session_from_multiple_addresses), Microsoft's ASN excluded.",
    severity: "high",
    attack: ["T1557", "T1539", "T1550.004"],
    category: "sign-ins",
    requires: ["signIns"],
    impact: 80,
    remediation:
      "Revoke all sessions and refresh tokens now, reset the password, then look for inbox rules, MFA methods and consents added from that session.",
  },
  defaultOptions: {
    confidence: 0.8,
    corroborationFactor: 1.15,
    excludedAsns: [8075],
    familiarNetworksFactor: 0.4,
  },
  evaluate(evidence, ctx) {
    const signIns = windowSignIns(evidence.signIns, ctx.window);
    const excluded = ctx.options.excludedAsns;
    if (!couldReplay(signIns, excluded)) return [];
    const firstOf = new Map<string, number>();
    const anchorOf = new Map<string, number>();
    // Only sessions seen from a second origin get a member list: most have one origin.
    const spread = new Map<string, number[]>();
    for (let i = 0; i < signIns.length; i++) {
      const s = signIns[i];
      if (!s.success) continue;
      if (s.autonomousSystemNumber !== undefined && excluded.includes(s.autonomousSystemNumber)) continue;
      const key = s.sessionId ?? s.uniqueTokenIdentifier ?? s.correlationId;
      if (!key) continue;
      if (isOfficeHomeBrowser(s) && !anchorOf.has(key)) anchorOf.set(key, i);
      const first = firstOf.get(key);
      if (first === undefined) {
        firstOf.set(key, i);
        continue;
      }
      const p = signIns[first];
      if (p.ipAddress === s.ipAddress && p.country === s.country) continue;
      const members = spread.get(key);
      if (members) members.push(i);
      else spread.set(key, [first, i]);
    }
    if (spread.size === 0) return [];

    const replays: Replay[] = [];
    for (const [key, indexes] of spread) {
      const members = indexes.map((i) => signIns[i]);
      const anchor = anchorOf.get(key);
      const origin = anchor === undefined ? members[0] : signIns[anchor];
      const session: Session = { key, keyField: keyField(members[0]), origin, members };
      const replay = judge(session, anchor !== undefined);
      if (replay) replays.push(replay);
    }
    if (replays.length === 0) return [];

    const risks = evidence.riskDetections.status === "ok" ? evidence.riskDetections.value.filter(isCorroborating) : [];
    const baseline = usableBaseline(evidence.signInBaseline);
    const allowList = allowListOf(ctx.config);
    const detections: Detection[] = [];
    for (const replay of replays) {
      const { session } = replay;
      const others = session.members.filter((s) => s !== session.origin);
      const last = session.members[session.members.length - 1];
      const corroboration = corroborating(session, risks);
      const adjustments: Adjustment[] = [];
      if (corroboration.length) {
        const types = [...new Set(corroboration.map((c) => (typeof c === "string" ? c : c.riskEventType)))].join(", ");
        adjustments.push({ factor: ctx.options.corroborationFactor, reason: `Entra ID Protection flagged the same session or IP: ${types}.` });
      }
      if (!replay.countryHop && baseline && replay.asns.every((asn) => baseline.asns[asn] > 0)) {
        adjustments.push({
          factor: ctx.options.familiarNetworksFactor,
          reason: `Every ASN involved (${replay.asns.map((a) => `AS${a}`).join(", ")}) is already in the user's baseline and the country did not change.`,
        });
      }
      allowListAdjustmentsForAll(allowList, others, adjustments);
      const reset = resetAdjustment(evidence.user, last.ms);
      if (reset) adjustments.push(reset);
      const confidence = adjustedConfidence(ctx.options.confidence, adjustments);
      const floors = confidence >= FLOOR_MIN_CONFIDENCE;
      const replayed = replay.countryHop ?? others[0];
      const evidenceItems: EvidenceItem[] = [signInEvidence(session.origin, "session start"), signInEvidence(replayed, "replayed")];
      for (const s of others) {
        if (s !== replayed && evidenceItems.length < MAX_EVIDENCE_ITEMS) evidenceItems.push(signInEvidence(s));
      }
      for (const c of corroboration) if (typeof c !== "string") evidenceItems.push(riskDetectionEvidence(c));
      detections.push({
        confidence,
        title: `Session reused from ${replayed.country ?? replayed.ipAddress ?? "another origin"}`,
        firstSeen: session.members[0].time,
        lastSeen: last.time,
        explanation: explain(replay, replayed, floors),
        matched: {
          threshold:
            "same session: OfficeHome browser sign-in then another country, or > 1 IP and > 1 ASN " +
            `(excluding ${excluded.map((a) => `AS${a}`).join(", ")})`,
          observed: `${session.keyField} ${session.key}: ${replay.ips.length} IPs, ${replay.asns.length} ASNs` +
            (replay.countryHop ? `, ${session.origin.country} -> ${replay.countryHop.country}` : ""),
        },
        adjustments,
        evidence: evidenceItems,
        ...(floors ? { floor: { level: "high" as const, reason: "Session replayed from another place (AiTM)" } } : {}),
        entities: { ips: replay.ips },
      });
    }
    return detections;
  },
});

/**
 * Cheap pre-check without allocation: replay needs an OfficeHome browser start and a second
 * country, or two ASNs. Most users have neither, and then no session map is built.
 */
function couldReplay(signIns: readonly SignIn[], excluded: readonly number[]): boolean {
  let anchor = false;
  let country: string | undefined;
  let countries = false;
  let asn: number | undefined;
  let asns = false;
  for (const s of signIns) {
    if (!s.success) continue;
    if (s.autonomousSystemNumber !== undefined && !excluded.includes(s.autonomousSystemNumber)) {
      if (asn === undefined) asn = s.autonomousSystemNumber;
      else if (asn !== s.autonomousSystemNumber) asns = true;
    }
    if (s.country) {
      if (country === undefined) country = s.country;
      else if (country !== s.country) countries = true;
    }
    if (!anchor && isOfficeHomeBrowser(s)) anchor = true;
    if (asns || (anchor && countries)) return true;
  }
  return false;
}

function isOfficeHomeBrowser(s: SignIn): boolean {
  return s.appId === OFFICE_HOME_APP_ID && s.isInteractive && s.clientAppUsed === "Browser";
}

function judge(session: Session, hasOfficeHomeAnchor: boolean): Replay | undefined {
  const { origin, members } = session;
  let countryHop: SignIn | undefined;
  if (hasOfficeHomeAnchor && origin.country) {
    countryHop = members.find((s) => s.ms >= origin.ms && s.country !== undefined && s.country !== origin.country);
  }
  const ips: string[] = [];
  const asns: number[] = [];
  for (const s of members) {
    if (s.ipAddress && !ips.includes(s.ipAddress)) ips.push(s.ipAddress);
    if (s.autonomousSystemNumber !== undefined && !asns.includes(s.autonomousSystemNumber)) asns.push(s.autonomousSystemNumber);
  }
  const multiOrigin = ips.length > 1 && asns.length > 1;
  return countryHop || multiOrigin ? { session, countryHop, ips, asns } : undefined;
}

function explain(replay: Replay, replayed: SignIn, floors: boolean): string {
  const { session, countryHop, ips, asns } = replay;
  const { origin } = session;
  const parts: string[] = [];
  if (countryHop) {
    parts.push(
      `The session started with an interactive browser sign-in to OfficeHome from ${origin.country} (${origin.ipAddress ?? "no IP"}) ` +
        `at ${origin.time}; the same ${session.keyField} was then used from ${countryHop.country} (${countryHop.ipAddress ?? "no IP"}) ` +
        `by ${countryHop.appDisplayName ?? countryHop.appId ?? "an app"} at ${countryHop.time}.`,
    );
  }
  if (ips.length > 1 && asns.length > 1) {
    const asnList = asns.slice(0, 5).map((a) => `AS${a}`);
    parts.push(`The same ${session.keyField} came from ${ips.length} IPs (${ips.slice(0, 5).join(", ")}) in ${asns.length} ASNs (${asnList.join(", ")}).`);
  } else if (countryHop && asns.length === 0) {
    parts.push("Not checked: ASNs (autonomousSystemNumber is beta-only, absent here).");
  }
  if (!countryHop && replayed !== origin) parts.push(`First reuse: ${replayed.ipAddress ?? "no IP"} at ${replayed.time}.`);
  if (session.keyField === "correlationId") {
    parts.push("Sessions were matched on correlationId because sessionId and uniqueTokenIdentifier were absent (v1.0 data).");
  }
  parts.push(
    floors
      ? "A session used from two places means its cookie or token was stolen (adversary-in-the-middle phishing)."
      : "Its confidence is too low after the adjustments to set a floor on the user's level.",
  );
  return parts.join(" ");
}

function keyField(s: SignIn): string {
  return s.sessionId ? "sessionId" : s.uniqueTokenIdentifier ? "uniqueTokenIdentifier" : "correlationId";
}

function isCorroborating(d: RiskDetection): boolean {
  return CORROBORATING_TYPES.has(d.riskEventType.toLowerCase()) && !isDismissedRisk(d.riskState, d.riskDetail);
}

/** Risk detections (or the sign-ins' own risk event types) tying the session to token theft. */
function corroborating(session: Session, risks: readonly RiskDetection[]): (RiskDetection | string)[] {
  const found: (RiskDetection | string)[] = [];
  for (const s of session.members) {
    for (const type of s.riskEventTypes) if (CORROBORATING_TYPES.has(type.toLowerCase()) && !found.includes(type)) found.push(type);
  }
  for (const d of risks) {
    const linked = session.members.some(
      (s) =>
        (d.requestId !== undefined && d.requestId === s.id) ||
        (d.correlationId !== undefined && (d.correlationId === s.correlationId || d.correlationId === session.key)) ||
        (d.ipAddress !== undefined && s !== session.origin && d.ipAddress === s.ipAddress),
    );
    if (linked) found.push(d);
  }
  return found;
}
