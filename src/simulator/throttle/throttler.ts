import { realMs, retryAfterValue, type SimulatorClock } from "../clock.js";
import { GraphHttpError } from "../http/wire.js";
import { SlidingWindow } from "./sliding-window.js";
import { TokenBucket } from "./token-bucket.js";

/**
 * Which of Graph's published limits (graph-api.md §2) a route falls under:
 * - reports: identity & access reports incl. auditLogs and authenticationMethod, 5 per 10 s per tenant
 * - identityProtection: riskDetection, riskyUser, conditionalAccessPolicy, 1 per s per tenant, no Retry-After
 * - outlook: 10,000 per 10 min and 4 concurrent per app and mailbox
 * - security: alerts (and audit log queries), 150 per minute
 * - identity / identityWrite: the resource-unit token bucket for directory reads, and the write budget
 */
export type ThrottleClass = "reports" | "identityProtection" | "outlook" | "security" | "identity" | "identityWrite" | "none";

export interface ThrottleRequest {
  throttle: ThrottleClass;
  /** Mailbox the Outlook request targets (lower-cased user id or UPN). */
  mailbox?: string;
  /** Resource units for identity requests. */
  cost?: number;
  /** `GET users` selecting signInActivity has its own 10-per-minute limit. */
  signInActivity?: boolean;
}

export interface Admission {
  /** Ends the request's share of a concurrency limit (call when the response is finished). */
  release(): void;
  /** Headers to add to the successful response (x-ms-resource-unit). */
  headers: Record<string, string>;
}

const SECOND = 1000;

/** Admits requests under some set of limits (the published ones, or none). */
export interface Admitter {
  admit(request: ThrottleRequest): Admission;
}

/** For `throttling: false`: every request is admitted. */
export const NO_LIMITS: Admitter = { admit: () => ({ release: () => undefined, headers: {} }) };

export class Throttler implements Admitter {
  private readonly global: SlidingWindow;
  private readonly reports: SlidingWindow;
  private readonly signInActivity: SlidingWindow;
  private readonly identityProtection: SlidingWindow;
  private readonly security: SlidingWindow;
  private readonly identity: TokenBucket;
  private readonly identityWrite: TokenBucket;
  private readonly mailboxWindows = new Map<string, SlidingWindow>();
  private readonly mailboxInFlight = new Map<string, number>();

  constructor(
    private readonly clock: SimulatorClock,
    private readonly scope: { tenantId: string; appId: string; userCount: number },
  ) {
    const window = (limit: number, graphMs: number) => new SlidingWindow(limit, realMs(clock, graphMs));
    this.global = window(130_000, 10 * SECOND);
    this.reports = window(5, 10 * SECOND);
    this.signInActivity = window(10, 60 * SECOND);
    this.identityProtection = window(1, SECOND);
    this.security = window(150, 60 * SECOND);
    const units = scope.userCount < 50 ? 3_500 : scope.userCount <= 500 ? 5_000 : 8_000;
    this.identity = new TokenBucket(units, realMs(clock, 10 * SECOND));
    this.identityWrite = new TokenBucket(3_000, realMs(clock, 150 * SECOND));
  }

  /** Admits a request or throws Graph's 429 for the limit it hit. */
  admit(request: ThrottleRequest): Admission {
    const now = this.clock.elapsedMs();
    const headers: Record<string, string> = {};
    this.check(this.global.tryAcquire(now), "standard");
    switch (request.throttle) {
      case "reports":
        this.check(this.reports.tryAcquire(now), "standard");
        break;
      case "identityProtection":
        this.check(this.identityProtection.tryAcquire(now), "noRetryAfter");
        break;
      case "security":
        this.check(this.security.tryAcquire(now), "standard");
        break;
      case "identity":
      case "identityWrite": {
        const cost = request.cost ?? 1;
        const bucket = request.throttle === "identity" ? this.identity : this.identityWrite;
        this.check(bucket.tryTake(cost, now), "resourceUnits", request.throttle === "identity" ? "Read" : "ReadWrite");
        if (request.signInActivity) this.check(this.signInActivity.tryAcquire(now), "standard");
        headers["x-ms-resource-unit"] = String(cost);
        break;
      }
      case "outlook":
        return this.admitMailbox(request.mailbox ?? "", now, headers);
      case "none":
        break;
    }
    return { release: () => undefined, headers };
  }

  private admitMailbox(mailbox: string, now: number, headers: Record<string, string>): Admission {
    let window = this.mailboxWindows.get(mailbox);
    if (!window) this.mailboxWindows.set(mailbox, (window = new SlidingWindow(10_000, realMs(this.clock, 600 * SECOND))));
    const inFlight = this.mailboxInFlight.get(mailbox) ?? 0;
    if (inFlight >= 4) {
      throw throttled(retryAfterValue(this.clock, realMs(this.clock, SECOND)), "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
    }
    const rate = window.tryAcquire(now);
    if (!rate.ok) throw throttled(retryAfterValue(this.clock, rate.waitMs), "ApplicationThrottled", "Application is over its MailboxRequestLimit.");
    this.mailboxInFlight.set(mailbox, inFlight + 1);
    let released = false;
    return {
      headers,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.mailboxInFlight.get(mailbox) ?? 1) - 1;
        if (left <= 0) this.mailboxInFlight.delete(mailbox);
        else this.mailboxInFlight.set(mailbox, left);
      },
    };
  }

  private check(result: { ok: true } | { ok: false; waitMs: number }, style: "standard" | "noRetryAfter" | "resourceUnits", access = "Read"): void {
    if (result.ok) return;
    if (style === "noRetryAfter") throw throttled(null);
    const error = throttled(retryAfterValue(this.clock, result.waitMs));
    if (style === "resourceUnits") {
      error.headers["x-ms-throttle-scope"] = `Tenant_Application/${access}/${this.scope.appId}/${this.scope.tenantId}`;
      error.headers["x-ms-throttle-information"] = "ResourceUnitLimitExceeded";
    }
    throw error;
  }
}

/** Graph's 429: TooManyRequests with the throttling innerError members, Retry-After unless null. */
export function throttled(retryAfter: string | null, code = "TooManyRequests", message = "Please retry again later."): GraphHttpError {
  const headers: Record<string, string> = retryAfter === null ? {} : { "Retry-After": retryAfter };
  return new GraphHttpError(429, code, message, headers, { code: "429", message: "Please retry after", status: "429" });
}
