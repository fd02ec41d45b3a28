import type { Coverage, UserEvidence } from "../collect/evidence.js";
import type { Config } from "../config/schema.js";
import type { TenantFacts } from "../derive/tenant-facts.js";
import type { Correlation, Finding, RiskLevel } from "../report/types.js";
import { classifyAddress, domainOf, normaliseAddress, ownDomains } from "../rules/mailbox/shared/addresses.js";
import type { AccountReset } from "../rules/shared/account-reset.js";
import { allowListOf } from "../rules/shared/allow-list.js";
import { CONTEXT_CAP, type Aggregate } from "./aggregate.js";
import { fieldText, ipOf } from "./evidence-fields.js";
import type { Floor } from "./floors.js";
import { atMinute, quote } from "./format.js";

export interface Explained {
  riskScore: number;
  riskLevel: RiskLevel;
  aggregate: Aggregate;
  correlations: readonly Correlation[];
  /** The floor that raised the level above what the score gives, if any. */
  floor?: Floor;
  /** The score context-only findings were held to (below medium), when they would have reached it. */
  contextCeiling?: number;
  discounted: ReadonlySet<string>;
  reset?: AccountReset;
  evidence: UserEvidence;
  facts: TenantFacts;
  config: Config;
}

const TOP_CONTRIBUTIONS = 3;
const MAX_SUGGESTIONS = 10;

const round = (value: number) => Math.round(value);

function contribution(finding: Finding): string {
  const context = finding.context ? ", context only" : "";
  return `${finding.title} (${finding.ruleId}) scores ${finding.score} = impact ${finding.impact} x confidence ${finding.confidence}${context}.`;
}

function gapsSentence(coverage: readonly Coverage[]): string | undefined {
  const gaps = coverage.filter((c) => c.status !== "ok");
  if (gaps.length === 0) return undefined;
  const listed = gaps.map((c) => `${c.source} (${c.code ?? c.status})`).join(", ");
  return `Not collected: ${listed}; no finding from these sources does not mean nothing happened there.`;
}

/** Why the user has this level: the floor, the strongest contributions, the bonuses, the discounts, the gaps. */
export function explainWhy(input: Explained): string[] {
  const { aggregate, correlations, floor, discounted, reset } = input;
  const why: string[] = [];
  if (floor) why.push(`Raised to ${floor.level} by a floor: ${floor.reason}.`);
  const bonus = correlations.reduce((sum, c) => sum + c.bonus, 0);
  if (aggregate.counted.length === 0 && bonus === 0) {
    why.push("No rule found anything for this user.");
  } else {
    const parts = [`${round(aggregate.base)} from findings`, ...(bonus ? [`${bonus} from correlations`] : [])];
    const capped = round(aggregate.base) + bonus > 100 && !floor ? " (capped at 100)" : "";
    const then = floor ? ", then the floor" : input.contextCeiling !== undefined ? ", held below medium" : "";
    why.push(`Score ${input.riskScore} (${input.riskLevel}): ${parts.join(" + ")}${capped}${then}.`);
  }
  for (const finding of aggregate.counted.slice(0, TOP_CONTRIBUTIONS)) why.push(contribution(finding));
  const more = aggregate.counted.length - TOP_CONTRIBUTIONS;
  if (more > 0) why.push(`${more} weaker finding${more === 1 ? "" : "s"} add${more === 1 ? "s" : ""} less (noisy-OR, at most two per rule).`);
  if (aggregate.contextCapped) {
    why.push(`Context-only findings count at most ${CONTEXT_CAP} together (uncapped they would add ${round(aggregate.contextRaw)}).`);
  }
  if (input.contextCeiling !== undefined) {
    why.push("Every finding is context only (novelty such as a new location, device or method, not evidence of compromise), so together they stay below medium.");
  }
  for (const correlation of correlations) {
    why.push(correlation.bonus > 0 ? `+${correlation.bonus}: ${correlation.text}.` : `No further bonus (cross-user cap reached): ${correlation.text}.`);
  }
  if (reset && discounted.size > 0) {
    why.push(
      `${discounted.size} finding${discounted.size === 1 ? "" : "s"} ended before the ${reset.what} at ${atMinute(reset.time)} and count${discounted.size === 1 ? "s" : ""} for less; persistence counts in full.`,
    );
  }
  const gaps = gapsSentence(input.evidence.coverage);
  if (gaps) why.push(gaps);
  return why;
}

function ipsOf(finding: Finding): string[] {
  const ips = new Set(finding.entities?.ips ?? []);
  for (const item of finding.evidence) {
    const ip = ipOf(item);
    if (ip) ips.add(ip);
  }
  return [...ips];
}

const LOCATION_RULE = /travel|countr|location|geo/i;

/**
 * Suggestions keyed by what they change (an IP, a country, an app, a domain, a removal), so one
 * allow-list entry that would lower several findings is one sentence naming them all.
 */
class Suggestions {
  private readonly entries = new Map<string, { text: string; lowers: string[] }>();

  add(key: string, text: string, lowers?: string): void {
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { text, lowers: [] }));
    if (lowers && !entry.lowers.includes(lowers)) entry.lowers.push(lowers);
  }

  list(max: number): string[] {
    return [...this.entries.values()]
      .slice(0, max)
      .map(({ text, lowers }) => (lowers.length ? `${text} (lowers ${lowers.map(quote).join(", ")}).` : text));
  }
}

function allowListSuggestions(finding: Finding, input: Explained, into: Suggestions): void {
  const allow = allowListOf(input.config);
  const title = finding.title;
  if (finding.category === "sign-ins") {
    const ips = ipsOf(finding).filter((ip) => !input.facts.sprayIps.has(ip) && !allow.ipRanges.match(ip)).slice(0, 2);
    for (const ip of ips) into.add(`ip:${ip}`, `If the IP ${ip} is a known corporate VPN or egress address, add it to allowLists.ipRanges`, title);
    if (LOCATION_RULE.test(`${finding.ruleId} ${finding.title}`)) {
      const countries = new Set(finding.evidence.map((item) => fieldText(item, ["country"])).filter((c): c is string => Boolean(c)));
      for (const country of [...countries].filter((c) => !allow.countries.has(c.toUpperCase())).slice(0, 2)) {
        into.add(`country:${country}`, `If travel to ${country} is expected for this user, add "${country}" to allowLists.countries`, title);
      }
    }
  }
  if (finding.category === "apps") {
    const apps = new Map<string, string>();
    for (const id of finding.entities?.appIds ?? []) apps.set(id.toLowerCase(), id);
    for (const item of finding.evidence) {
      const id = fieldText(item, ["appId", "clientId"]);
      if (id) apps.set(id.toLowerCase(), fieldText(item, ["appDisplayName", "app"]) ?? id);
    }
    for (const [id, name] of apps) {
      if (allow.apps.has(id)) continue;
      const what = finding.persistence ? `the consent to app ${quote(name)}` : `the app ${quote(name)}`;
      into.add(`app:${id}`, `If ${what} is sanctioned, add its appId ${id} to allowLists.apps`, title);
    }
  }
  const own = ownDomains(input.facts.acceptedDomains, input.evidence.user);
  for (const address of (finding.entities?.forwardTo ?? []).map(normaliseAddress)) {
    const domain = domainOf(address);
    if (domain && classifyAddress(address, own, input.config.allowLists.partnerDomains) === "external") {
      into.add(`domain:${domain}`, `If forwarding to ${domain} is approved, add ${domain} to allowLists.partnerDomains`, title);
    }
  }
}

function removalSuggestions(finding: Finding, upn: string, into: Suggestions): void {
  let specific = false;
  for (const item of finding.evidence) {
    if (!item.id) continue;
    if (item.source === "inboxRules") {
      const name = fieldText(item, ["displayName", "name"]) ?? item.id;
      into.add(`rule:${item.id}`, `Remove the inbox rule ${quote(name)} if the user did not create it: phishtrail contain --user ${upn} --remove-rule ${item.id}`);
      specific = true;
    } else if (item.source === "authMethods") {
      into.add(`method:${item.id}`, `Remove the authentication method ${item.id} if the user did not register it: phishtrail contain --user ${upn} --remove-method ${item.id}`);
      specific = true;
    } else if (item.source === "oauthGrants") {
      const app = fieldText(item, ["appDisplayName", "app", "clientId"]) ?? item.id;
      into.add(`grant:${item.id}`, `Revoke the consent grant ${item.id} (${quote(app)}) in the Entra admin center (Enterprise applications > Permissions) if it is not sanctioned.`);
      specific = true;
    }
  }
  if (!specific) into.add(`undo:${finding.id}`, `Undo the change behind ${quote(finding.title)}: persistence survives a password reset and counts until removed.`);
}

function floorSuggestion(floor: Floor): string {
  switch (floor.kind) {
    case "detection":
      return `The ${floor.level} floor (${floor.reason}) stays until Entra ID Protection marks the risk remediated (password reset and session revocation) or an analyst dismisses it.`;
    case "adminConfirmed":
      return "The critical floor stays until the confirmed compromise is remediated in Entra ID Protection (reset the password, revoke sessions) or dismissed.";
    case "forwardAndHide":
      return "Removing the external forwarding, or the rule action that hides mail, removes the high floor.";
    case "correlatedPersistence":
      return "Removing the persistence that followed the risky activity removes the high floor.";
  }
}

/**
 * What would lower the level, most useful first: the floor's condition, then for the strongest
 * findings the allow-list entry that would vouch for them or the change to undo, then a reset
 * for access that is still current.
 */
export function whatWouldLower(input: Explained): string[] {
  const upn = input.evidence.user.userPrincipalName;
  const suggestions = new Suggestions();
  for (const finding of input.aggregate.counted) {
    allowListSuggestions(finding, input, suggestions);
    if (finding.persistence) removalSuggestions(finding, upn, suggestions);
  }
  const current = input.aggregate.counted.filter((f) => !f.persistence && !input.discounted.has(f.id));
  const reset = current.length
    ? `Resetting the password and revoking sessions (phishtrail contain --user ${upn} --reset-password --revoke-sessions) would discount ${current.length} finding${current.length === 1 ? "" : "s"} about access before it; persistence keeps counting until removed.`
    : undefined;
  return [...(input.floor ? [floorSuggestion(input.floor)] : []), ...suggestions.list(MAX_SUGGESTIONS), ...(reset ? [reset] : [])];
}
