import { FailureCode } from "../graph/graph-errors.js";
import type { GraphPage } from "../graph/request.js";
import { str } from "./fields.js";
import type { CollectContext } from "./context.js";
import { AUDIT_OPERATIONS } from "./sources/audit-log.js";

/** Graph time between status polls: starts at 2 s, grows by half, at most 30 s; gives up after 45 min. */
const FIRST_POLL_MS = 2_000;
const MAX_POLL_MS = 30_000;
const GIVE_UP_MS = 45 * 60_000;

/**
 * Runs a unified audit log query for the mailbox operations over the window (for some UPNs, or
 * the whole tenant) and streams its records: create, poll until succeeded with backoff, page.
 */
export async function* auditQueryRecords(ctx: CollectContext, upns?: string[]): AsyncGenerator<GraphPage> {
  const body = {
    displayName: `phishtrail ${ctx.window.from}..${ctx.window.to}`,
    filterStartDateTime: ctx.window.from,
    filterEndDateTime: ctx.window.to,
    operationFilters: AUDIT_OPERATIONS,
    ...(upns?.length ? { userPrincipalNameFilters: upns } : {}),
  };
  const created = await ctx.gateway.post({ path: "/security/auditLog/queries" }, body);
  if (!created.ok) {
    yield { ok: false, failure: created.failure };
    return;
  }
  const id = str(created.body.id);
  if (!id) {
    yield { ok: false, failure: { status: created.status, code: FailureCode.auditQueryFailed, message: "the created audit log query has no id", attempts: 1, mailbox: false } };
    return;
  }
  const path = `/security/auditLog/queries/${encodeURIComponent(id)}`;
  let status = str(created.body.status)?.toLowerCase();
  let delay = FIRST_POLL_MS;
  let waited = 0;
  while (status !== "succeeded") {
    if (status === "failed" || status === "cancelled") {
      yield { ok: false, failure: { status: 200, code: FailureCode.auditQueryFailed, message: `the audit log query ended '${status}'`, attempts: 1, mailbox: false } };
      return;
    }
    if (waited >= GIVE_UP_MS) {
      yield { ok: false, failure: { status: 0, code: FailureCode.auditQueryTimedOut, message: `the audit log query was still '${status}' after ${GIVE_UP_MS / 60_000} minutes`, attempts: 1, mailbox: false } };
      return;
    }
    await ctx.gateway.pause(delay);
    waited += delay;
    delay = Math.min(MAX_POLL_MS, delay * 1.5);
    const polled = await ctx.gateway.get({ path });
    if (!polled.ok) {
      yield { ok: false, failure: polled.failure };
      return;
    }
    status = str(polled.body.status)?.toLowerCase();
  }
  yield* ctx.gateway.pages({ path: `${path}/records`, query: { $top: 1000 } });
}
