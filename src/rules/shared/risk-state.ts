/**
 * Entra ID Protection verdicts that are decisive on their own (detections.md §1 and IDP-01):
 * lower-case, because Graph spells attackerinTheMiddle with a lower-case "in" and sources vary.
 */
export const DECISIVE_RISK_EVENT_TYPES: ReadonlySet<string> = new Set([
  "attackerinthemiddle",
  "leakedcredentials",
  "nationstateip",
  "adminconfirmedusercompromised",
  "attemptedprtaccess",
]);

export function isDecisiveRiskEventType(riskEventType: string): boolean {
  return DECISIVE_RISK_EVENT_TYPES.has(riskEventType.toLowerCase());
}

/**
 * Microsoft's own verdicts win: detections an admin dismissed, that were remediated, confirmed
 * safe, or that Microsoft auto-dismissed (aiConfirmedSigninSafe) contribute nothing
 * (detections.md §1 and §8.7; Elastic high_risk_signin excludes the same states).
 */
export function isDismissedRisk(riskState: string | undefined, riskDetail: string | undefined): boolean {
  if (riskState) {
    const state = riskState.toLowerCase();
    if (state === "remediated" || state === "dismissed" || state === "confirmedsafe") return true;
  }
  return riskDetail !== undefined && riskDetail.toLowerCase() === "aiconfirmedsigninsafe";
}

/** "high" | "medium" | "low" | undefined (none, hidden, unknown) from a Graph risk level. */
export function riskLevelOf(level: string | undefined): "high" | "medium" | "low" | undefined {
  switch (level) {
    case "high":
    case "High":
      return "high";
    case "medium":
    case "Medium":
      return "medium";
    case "low":
    case "Low":
      return "low";
    default:
      return undefined;
  }
}
