import { performance } from "node:perf_hooks";
import type { Client } from "@microsoft/microsoft-graph-client";
import type { Agent } from "undici";
import type { GraphObject } from "../snapshot/types.js";
import { batchBody, packBatches, readBatchResponses } from "./batch.js";
import { SlidingWindowBudget, type Clock } from "./budget.js";
import { classifyAnswer, type Verdict } from "./classify.js";
import { createGraphClient } from "./client.js";
import { createCredential, type RenewableCredential } from "./credential.js";
import type { GraphFailure } from "./graph-errors.js";
import { MailboxSlots } from "./mailbox-slots.js";
import { splitPage, type SplitPage } from "./page-split.js";
import { PriorityGate } from "./priority-gate.js";
import { relativeUrl, type BatchItem, type GraphPage, type GraphRequest, type GraphResponse, type GraphVersion } from "./request.js";
import { backoffMs } from "./retry-after.js";
import type { GraphSettings } from "./settings.js";
import { BUDGETS, SCARCE_SCOPES, throttleScopeOf, type ThrottleScopeName } from "./throttle-scopes.js";
import { createDispatcher, trustedCertificates } from "./tls.js";
import { sendOnce, type Attempt, type HttpMethod } from "./transport.js";

export interface GatewayStats {
  /** HTTP requests sent to Graph (a $batch is one), retries included. */
  requests: number;
  /** Requests carried inside $batch bodies. */
  subRequests: number;
  /** 429 answers received, $batch sub-responses included. */
  throttled: number;
  retries: number;
  batches: number;
}

export interface GatewayOptions {
  /** 1 for real Graph; a simulator running scaled shrinks Graph's time windows by this factor. */
  timeScale?: number;
  /** An extra CA to trust (an in-process simulator's), without NODE_EXTRA_CA_CERTS. */
  caCertPem?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The one door to Graph: client, credential, budgets, concurrency, $batch, paging and retries. */
export interface GraphGateway {
  readonly graphUrl: string;
  readonly timeScale: number;
  get(request: GraphRequest): Promise<GraphResponse>;
  post(request: GraphRequest, body: unknown): Promise<GraphResponse>;
  /** Containment writes: same admission, budgets, retries and error mapping as post. */
  patch(request: GraphRequest, body: unknown): Promise<GraphResponse>;
  delete(request: GraphRequest): Promise<GraphResponse>;
  /** Streams a collection page by page, following absolute @odata.nextLinks. */
  pages(request: GraphRequest): AsyncGenerator<GraphPage>;
  /** Streams a collection whose first page is already here (e.g. a $batch sub-response), with its items' bytes if known. */
  pagesFrom(first: GraphObject, request: GraphRequest, firstWire?: Buffer[]): AsyncGenerator<GraphPage>;
  /** GETs packed 20 to a $batch; throttled or failed sub-requests are retried, repacked. */
  batchGet(items: BatchItem[]): Promise<Map<string, GraphResponse>>;
  /** Waits `graphMs` of Graph time (scaled), e.g. between audit-query polls. */
  pause(graphMs: number): Promise<void>;
  stats(): GatewayStats;
  close(): Promise<void>;
}

/** Backoff when Graph gives no Retry-After, in Graph time (scaled like the budgets). */
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

interface Admission {
  /** Budget key -> slots (requests or sub-requests) to take. */
  budgets: Map<string, { name: ThrottleScopeName; weight: number }>;
  mailboxes: Map<string, number>;
}

interface RetryState {
  retriesUsed: number;
  renewed: boolean;
  attempts: number;
}

function admissionFor(requests: GraphRequest[]): Admission {
  const admission: Admission = { budgets: new Map(), mailboxes: new Map() };
  for (const request of requests) {
    const scope = throttleScopeOf(request.path);
    const budget = admission.budgets.get(scope.key) ?? { name: scope.name, weight: 0 };
    budget.weight++;
    admission.budgets.set(scope.key, budget);
    if (scope.mailbox) admission.mailboxes.set(scope.mailbox, (admission.mailboxes.get(scope.mailbox) ?? 0) + 1);
  }
  return admission;
}

class Gateway implements GraphGateway {
  readonly graphUrl: string;
  readonly timeScale: number;
  readonly #settings: GraphSettings;
  readonly #client: Client;
  readonly #credential: RenewableCredential;
  readonly #dispatcher: Agent;
  readonly #gate: PriorityGate;
  readonly #slots: MailboxSlots;
  readonly #budgets = new Map<string, SlidingWindowBudget>();
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #stats: GatewayStats = { requests: 0, subRequests: 0, throttled: 0, retries: 0, batches: 0 };

  constructor(settings: GraphSettings, options: GatewayOptions) {
    this.#settings = settings;
    this.graphUrl = settings.graphUrl;
    this.timeScale = options.timeScale ?? 1;
    this.#clock = {
      // Fractional and monotonic: budget windows shrink to fractions of a millisecond when scaled.
      now: options.now ?? (() => performance.timeOrigin + performance.now()),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
    this.#random = options.random ?? Math.random;
    const cas = trustedCertificates(settings.caCertificatePaths, options.caCertPem);
    this.#credential = createCredential(settings, cas);
    this.#dispatcher = createDispatcher(cas, settings.concurrency);
    this.#client = createGraphClient(settings.graphUrl, settings.scope, this.#credential, this.#dispatcher);
    this.#gate = new PriorityGate(settings.concurrency);
    this.#slots = new MailboxSlots(settings.perMailboxConcurrency);
  }

  get(request: GraphRequest): Promise<GraphResponse> {
    return this.#send("GET", request, undefined, [request], undefined);
  }

  post(request: GraphRequest, body: unknown): Promise<GraphResponse> {
    return this.#send("POST", request, body, [request], undefined);
  }

  patch(request: GraphRequest, body: unknown): Promise<GraphResponse> {
    return this.#send("PATCH", request, body, [request], undefined);
  }

  delete(request: GraphRequest): Promise<GraphResponse> {
    return this.#send("DELETE", request, undefined, [request], undefined);
  }

  async *pages(request: GraphRequest): AsyncGenerator<GraphPage> {
    const first = await this.get(request);
    if (!first.ok) {
      yield { ok: false, failure: first.failure };
      return;
    }
    yield* this.pagesFrom(first.body, request, first.items);
  }

  async *pagesFrom(first: GraphObject, request: GraphRequest, firstWire?: Buffer[]): AsyncGenerator<GraphPage> {
    let body = first;
    let wire = firstWire;
    const seen = new Set<string>();
    for (;;) {
      yield { ok: true, items: Array.isArray(body.value) ? (body.value as GraphObject[]) : [], body, ...(wire === undefined ? {} : { wire }) };
      const next = body["@odata.nextLink"];
      if (typeof next !== "string" || next === "") return;
      if (seen.has(next)) {
        yield { ok: false, failure: { status: 0, code: "NextLinkLoop", message: "Graph repeated a nextLink", attempts: 1, mailbox: false } };
        return;
      }
      seen.add(next);
      const path = this.#rebase(next);
      if (!path) {
        yield { ok: false, failure: { status: 0, code: "InvalidNextLink", message: "Graph sent a nextLink that is not an absolute https URL", attempts: 1, mailbox: false } };
        return;
      }
      const page = await this.get({ path, version: request.version, headers: request.headers });
      if (!page.ok) {
        yield { ok: false, failure: page.failure };
        return;
      }
      body = page.body;
      wire = page.items;
    }
  }

  async batchGet(items: BatchItem[]): Promise<Map<string, GraphResponse>> {
    const results = new Map<string, GraphResponse>();
    const states = new Map<string, RetryState>(items.map((i) => [i.key, { retriesUsed: 0, renewed: false, attempts: 0 }]));
    let pending = items;
    while (pending.length > 0) {
      const again: BatchItem[] = [];
      let wait = 0;
      const batches = packBatches(pending, this.#settings.perMailboxConcurrency);
      await Promise.all(
        batches.map(async (batch) => {
          const verdicts = await this.#sendBatch(batch);
          batch.forEach((item, index) => {
            const state = states.get(item.key)!;
            const verdict = verdicts[index];
            state.attempts++;
            if (verdict.kind === "ok") results.set(item.key, { ok: true, status: verdict.status, body: verdict.body });
            else if (verdict.kind === "fail") results.set(item.key, { ok: false, failure: { ...verdict.failure, attempts: state.attempts } });
            else {
              const delay = this.#retryDelay(verdict, [item], state, verdict.generation);
              if (delay === undefined) results.set(item.key, { ok: false, failure: { ...verdict.failure, attempts: state.attempts } });
              else {
                again.push(item);
                wait = Math.max(wait, delay);
              }
            }
          });
        }),
      );
      if (again.length > 0 && wait > 0) await this.#clock.sleep(wait);
      pending = again;
    }
    return results;
  }

  pause(graphMs: number): Promise<void> {
    return this.#clock.sleep(Math.max(graphMs * this.timeScale, 1));
  }

  stats(): GatewayStats {
    return { ...this.#stats };
  }

  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  /**
   * A nextLink on our Graph origin. Graph writes its own host into nextLinks; behind a proxy or a
   * national-cloud alias (PHISHTRAIL_GRAPH_URL) the next page must still go where the first went.
   */
  #rebase(link: string): string | undefined {
    if (!URL.canParse(link) || !/^https:\/\//i.test(link)) return undefined;
    const url = new URL(link);
    return url.origin === this.graphUrl ? link : `${this.graphUrl}${url.pathname}${url.search}`;
  }

  /** One $batch (with retries of the batch itself); a verdict per item, in order. */
  async #sendBatch(batch: BatchItem[]): Promise<Array<Verdict & { generation: number }>> {
    const version: GraphVersion = batch[0].version ?? "v1.0";
    const generation = this.#credential.generation;
    const outer = await this.#send("POST", { path: "/$batch", version }, batchBody(batch), batch, batch.length);
    const mailboxOf = (item: BatchItem) => Boolean(throttleScopeOf(item.path).mailbox);
    if (!outer.ok) return batch.map((item) => ({ kind: "fail", failure: { ...outer.failure, mailbox: mailboxOf(item) }, generation }));
    const answers = readBatchResponses(outer.body);
    const now = this.#clock.now();
    return batch.map((item, index) => {
      const answer = answers?.get(index + 1);
      if (!answer) {
        const failure: GraphFailure = { status: 0, code: "MissingBatchResponse", message: "the $batch answer had no response for this request", attempts: 1, mailbox: mailboxOf(item) };
        return { kind: "retry", failure, throttled: false, renewToken: false, generation };
      }
      return { ...classifyAnswer(answer.status, answer.header, answer.body, now, mailboxOf(item)), generation };
    });
  }

  /**
   * A request with retries. `scoped` are the calls it carries (itself, or a $batch's sub-requests):
   * their throttle scopes and mailboxes decide admission. `batchSize` marks a $batch for the counters.
   */
  async #send(method: HttpMethod, request: GraphRequest, body: unknown, scoped: GraphRequest[], batchSize: number | undefined): Promise<GraphResponse> {
    const admission = admissionFor(scoped);
    const url = relativeUrl(request);
    const version = request.version ?? "v1.0";
    const mailbox = batchSize === undefined && admission.mailboxes.size > 0;
    const state: RetryState = { retriesUsed: 0, renewed: false, attempts: 0 };
    for (;;) {
      const generation = this.#credential.generation;
      const attempt = await this.#exchange(admission, (answered) => {
        this.#stats.requests++;
        if (batchSize !== undefined) {
          this.#stats.batches++;
          this.#stats.subRequests += batchSize;
        }
        return sendOnce(this.#client, method, url, version, request.headers ?? {}, body, this.#settings.requestTimeoutMs, answered);
      });
      state.attempts++;
      if (method === "GET" && attempt.kind === "answer") {
        const page = largePage(attempt);
        if (page) return { ok: true, status: attempt.status, body: page.body, items: page.items };
      }
      const verdict = this.#judge(attempt, mailbox);
      if (verdict.kind === "ok") return { ok: true, status: verdict.status, body: verdict.body };
      if (verdict.kind === "fail") return { ok: false, failure: { ...verdict.failure, attempts: state.attempts } };
      const delay = this.#retryDelay(verdict, scoped, state, generation);
      if (delay === undefined) return { ok: false, failure: { ...verdict.failure, attempts: state.attempts } };
      if (delay > 0) await this.#clock.sleep(delay);
    }
  }

  #judge(attempt: Attempt, mailbox: boolean): Verdict {
    if (attempt.kind === "answer") return classifyAnswer(attempt.status, attempt.header, attempt.bytes.toString("utf8"), this.#clock.now(), mailbox);
    const failure: GraphFailure = { status: attempt.credential ? 401 : 0, code: attempt.code, message: attempt.message, attempts: 1, mailbox };
    // A credential that cannot get a token will not get one by retrying.
    if (attempt.credential) return { kind: "fail", failure };
    return { kind: "retry", failure, throttled: false, renewToken: false };
  }

  /**
   * Books a retryable verdict: counts it, renews the token once on 401, tells the scope's budget
   * about a 429. Returns the wait before retrying, or undefined when retries are used up.
   */
  #retryDelay(verdict: Extract<Verdict, { kind: "retry" }>, requests: GraphRequest[], state: RetryState, generation: number): number | undefined {
    if (verdict.throttled) this.#stats.throttled++;
    if (verdict.renewToken) {
      if (state.renewed) return undefined;
      state.renewed = true;
      this.#credential.renew(generation);
      this.#stats.retries++;
      return 0;
    }
    if (state.retriesUsed >= this.#settings.maxRetries) return undefined;
    state.retriesUsed++;
    this.#stats.retries++;
    const wait = verdict.waitMs ?? backoffMs(state.retriesUsed, BACKOFF_BASE_MS * this.timeScale, BACKOFF_CAP_MS * this.timeScale, this.#random);
    if (verdict.throttled) {
      const until = this.#clock.now() + wait;
      for (const request of requests) this.#budget(throttleScopeOf(request.path)).blockUntil(until);
    }
    return wait;
  }

  /**
   * Waits for mailbox slots, budgets and a global slot, in that order, then sends. Budget slots
   * are given back as soon as the answer's status line is in (Graph has counted the request by
   * then), not after its body is read; requests holding a scarce budget jump the global queue.
   */
  async #exchange(admission: Admission, send: (answered: () => void) => Promise<Attempt>): Promise<Attempt> {
    const releaseMailboxes = admission.mailboxes.size > 0 ? await this.#slots.acquire(admission.mailboxes) : () => {};
    const taken: Array<[SlidingWindowBudget, number]> = [];
    let released = false;
    const releaseBudgets = () => {
      if (released) return;
      released = true;
      for (const [budget, weight] of taken) budget.release(weight);
    };
    try {
      let urgent = false;
      for (const key of [...admission.budgets.keys()].sort()) {
        const { name, weight } = admission.budgets.get(key)!;
        const budget = this.#budget({ key, name });
        await budget.acquire(weight);
        taken.push([budget, weight]);
        urgent ||= SCARCE_SCOPES.has(name);
      }
      return await this.#gate.run(urgent, () => send(releaseBudgets));
    } finally {
      releaseBudgets();
      releaseMailboxes();
    }
  }

  #budget(scope: { key: string; name: ThrottleScopeName }): SlidingWindowBudget {
    let budget = this.#budgets.get(scope.key);
    if (!budget) {
      const limit = BUDGETS[scope.name];
      budget = new SlidingWindowBudget(limit, limit.windowMs * this.timeScale, this.#clock);
      this.#budgets.set(scope.key, budget);
    }
    return budget;
  }
}

/** Bodies from this size on are read item by item when they are a collection page. */
const SPLIT_FROM_BYTES = 32 * 1024;

/** A successful GET's large collection page, read item by item (anything else: undefined). */
function largePage(answer: Extract<Attempt, { kind: "answer" }>): SplitPage | undefined {
  if (answer.status < 200 || answer.status >= 300 || answer.bytes.length < SPLIT_FROM_BYTES) return undefined;
  return splitPage(answer.bytes);
}

export function createGraphGateway(settings: GraphSettings, options: GatewayOptions = {}): GraphGateway {
  return new Gateway(settings, options);
}

