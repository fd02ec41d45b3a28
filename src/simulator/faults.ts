import { formatSeconds, type SimulatorClock } from "./clock.js";
import { accessDenied, notFound, type ErrorFlavour } from "./http/errors.js";
import { GraphHttpError } from "./http/wire.js";
import { throttled } from "./throttle/throttler.js";
import type { FaultRule, RouteId } from "./types.js";

export interface FaultTarget {
  route: RouteId;
  /** Lower-cased ids and UPNs of the user the request is about. */
  users: string[];
  inBatch: boolean;
  flavour: ErrorFlavour;
}

export interface FiredFault {
  rule: FaultRule;
  /** Short description for the request log, e.g. "status:503". */
  label: string;
}

/** Decides, per request, whether a fault rule fires (counting matches per rule, seeded chance). */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private matched: number[] = [];
  private fired: number[] = [];

  constructor(
    rules: FaultRule[],
    private readonly random: () => number,
  ) {
    this.setRules(rules);
  }

  setRules(rules: FaultRule[]): void {
    for (const rule of rules) validateRule(rule);
    this.rules = rules.map((rule) => ({ ...rule }));
    this.matched = rules.map(() => 0);
    this.fired = rules.map(() => 0);
  }

  pick(target: FaultTarget): FiredFault | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i];
      if (rule.route !== "*" && rule.route !== target.route) continue;
      if (rule.inBatch !== undefined && rule.inBatch !== target.inBatch) continue;
      if (rule.userId !== undefined && !target.users.includes(rule.userId.toLowerCase())) continue;
      const count = ++this.matched[i];
      if (rule.times !== undefined && this.fired[i] >= rule.times) continue;
      const fires = rule.nth ? rule.nth.includes(count) : rule.probability !== undefined ? this.random() < rule.probability : true;
      if (!fires) continue;
      this.fired[i]++;
      return { rule, label: rule.kind === "status" ? `status:${rule.status ?? 500}` : rule.kind };
    }
    return undefined;
  }
}

/** The Graph error a "status" fault answers with. */
export function faultError(rule: FaultRule, flavour: ErrorFlavour, clock: SimulatorClock): GraphHttpError {
  const status = rule.status ?? 500;
  const base = defaultError(status, flavour);
  const error =
    status === 429
      ? throttled(null, rule.code ?? base.code, rule.message ?? base.message)
      : new GraphHttpError(status, rule.code ?? base.code, rule.message ?? base.message);
  const retryAfter = rule.retryAfter === undefined ? (status === 429 || status === 503 ? 1 : null) : rule.retryAfter;
  if (typeof retryAfter === "number") error.headers["Retry-After"] = formatSeconds(retryAfter * clock.timeScale);
  else if (typeof retryAfter === "string") error.headers["Retry-After"] = retryAfter;
  return error;
}

function defaultError(status: number, flavour: ErrorFlavour): { code: string; message: string } {
  switch (status) {
    case 400:
      return { code: "BadRequest", message: "The request is malformed or incorrect." };
    case 401:
      return { code: "InvalidAuthenticationToken", message: "Access token validation failure." };
    case 403:
      return accessDenied(flavour);
    case 404:
      return notFound(flavour, "requested");
    case 429:
      return { code: "TooManyRequests", message: "Please retry again later." };
    case 500:
      return { code: "InternalServerError", message: "An internal server error occurred while processing the request." };
    case 502:
      return { code: "BadGateway", message: "The server received an invalid response from an upstream server." };
    case 503:
      return { code: "ServiceUnavailable", message: "The service is temporarily unavailable. Please retry later." };
    case 504:
      return { code: "GatewayTimeout", message: "The gateway did not receive a timely response from the upstream server." };
    default:
      return { code: "UnknownError", message: `The request failed with status ${status}.` };
  }
}

function validateRule(rule: FaultRule): void {
  if (rule.kind === "status" && rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599)) {
    throw new RangeError(`Fault rule for ${rule.route}: status must be an HTTP error status (400-599), got ${rule.status}.`);
  }
  if (rule.probability !== undefined && (rule.probability < 0 || rule.probability > 1)) {
    throw new RangeError(`Fault rule for ${rule.route}: probability must be between 0 and 1, got ${rule.probability}.`);
  }
}

/** Real milliseconds a "slow" fault waits. */
export function slowDelayMs(rule: FaultRule): number {
  return rule.slowMs ?? 2000;
}

