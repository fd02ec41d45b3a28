import type { SentMessage, SignIn } from "../collect/evidence.js";
import type { Finding, Severity } from "../report/types.js";

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
/** Findings at this severity or above keep their evidence out of the stored baselines. */
const HOLD_OUT_FROM: Severity = "medium";

type Span = [from: number, to: number];

/**
 * What of a user's window must not become "familiar": the events cited by findings at medium or
 * above. Evidence lists are capped (20 items), so citing is widened: every sign-in from a cited IP,
 * and every event of a cited source between the finding's first and last sighting. Findings an
 * analyst acknowledged as benign hold nothing out: their origin may become familiar.
 */
export class HeldOut {
  private readonly signInIds = new Set<string>();
  private readonly sentIds = new Set<string>();
  private readonly ips = new Set<string>();
  private readonly signInSpans: Span[] = [];
  private readonly sentSpans: Span[] = [];

  constructor(findings: readonly Finding[]) {
    for (const finding of findings) {
      if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[HOLD_OUT_FROM] || finding.suppressed?.by === "ack") continue;
      const span = spanOf(finding);
      let citesSignIns = false;
      let citesMail = false;
      for (const item of finding.evidence) {
        const ip = item.fields.ipAddress;
        if (typeof ip === "string" && ip) this.ips.add(ip);
        if (item.source === "signIns") {
          citesSignIns = true;
          if (item.id) this.signInIds.add(item.id);
        } else if (item.source === "sentItems") {
          citesMail = true;
          if (item.id) this.sentIds.add(item.id);
        }
      }
      for (const ip of finding.entities?.ips ?? []) this.ips.add(ip);
      if (span && citesSignIns) this.signInSpans.push(span);
      if (span && citesMail) this.sentSpans.push(span);
    }
  }

  signIn(s: SignIn): boolean {
    return this.signInIds.has(s.id) || (s.ipAddress !== undefined && this.ips.has(s.ipAddress)) || within(this.signInSpans, s.ms);
  }

  sentMessage(m: SentMessage): boolean {
    return this.sentIds.has(m.id) || within(this.sentSpans, m.ms);
  }
}

function within(spans: readonly Span[], ms: number): boolean {
  return spans.some(([from, to]) => ms >= from && ms <= to);
}

/** First to last sighting: firstSeen/lastSeen widened by any evidence time outside them. */
function spanOf(finding: Finding): Span | undefined {
  const times = [finding.firstSeen, finding.lastSeen, ...finding.evidence.map((item) => item.time)]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter((ms) => !Number.isNaN(ms));
  return times.length > 0 ? [Math.min(...times), Math.max(...times)] : undefined;
}
