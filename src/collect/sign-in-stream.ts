import type { GraphFailure } from "../graph/graph-errors.js";
import type { GraphObject } from "../snapshot/types.js";
import { addToSignInBaseline, newSignInBaseline } from "./baseline.js";
import { byTime, windowMs, type CollectContext } from "./context.js";
import type { SignIn, SignInBaseline } from "./evidence.js";
import type { GraphVersion } from "../graph/request.js";
import { time } from "./fields.js";
import { normaliseSignIn, shareRepeatedValues, signInRequest, type SignInKind } from "./sources/sign-ins.js";
import { isLicenceRefusal, streamCollection } from "./stream.js";
import { streamTimeSplit } from "./time-split.js";

/** A user's sign-ins, split as they stream: the window kept, the history condensed. */
export class SignInAccumulator {
  readonly window: SignIn[] = [];
  readonly baseline: SignInBaseline;
  items = 0;
  readonly #fromMs: number;

  constructor(ctx: CollectContext) {
    this.baseline = newSignInBaseline(ctx.window.baselineFrom, ctx.window.from);
    this.#fromMs = windowMs(ctx.window).from;
  }

  add(signIn: SignIn): void {
    this.items++;
    if (signIn.ms >= this.#fromMs) this.window.push(shareRepeatedValues(signIn));
    else addToSignInBaseline(this.baseline, signIn);
  }

  result(): { window: SignIn[]; baseline: SignInBaseline } {
    return { window: [...this.window].sort(byTime), baseline: this.baseline };
  }
}

export type SignInStreamResult = { ok: true; notes: string[] } | { ok: false; failure: GraphFailure };

/** Beta refused outright (not for lack of a licence, which v1.0 would hit too). */
function betaRefused(failure: GraphFailure, items: number): boolean {
  return items === 0 && [400, 403, 404].includes(failure.status) && !isLicenceRefusal(failure);
}

/**
 * Streams sign-ins for one user or the whole tenant: interactive ones over window and history
 * (beta, falling back to v1.0 if beta is refused), non-interactive ones over the window only
 * (beta only; they are many, and token refreshes say little about what is familiar).
 * `parallel` > 1 (tenant-wide) reads both kinds at once, each as up to that many concurrent
 * time-split queries; one user's sign-ins are read one query after the other.
 */
export async function streamSignIns(
  ctx: CollectContext,
  match: { userId?: string },
  onSignIn: (raw: GraphObject, signIn: SignIn, wire: Buffer | undefined) => void,
  parallel = 1,
): Promise<SignInStreamResult> {
  const notes: string[] = [];
  const take = (raw: GraphObject, wire: Buffer | undefined) => {
    const signIn = normaliseSignIn(raw);
    if (signIn) onSignIn(raw, signIn, wire);
  };
  const stream = (kind: SignInKind, version: GraphVersion, range: { from: string; to: string }) =>
    parallel > 1
      ? streamTimeSplit(ctx, (part) => signInRequest(kind, version, part, match), range, signInTime, parallel, take)
      : streamCollection(ctx, signInRequest(kind, version, range, match), take);
  const history = { from: ctx.window.baselineFrom, to: ctx.window.to };
  const window = { from: ctx.window.from, to: ctx.window.to };
  const wantNonInteractive = ctx.config.scan.nonInteractiveSignIns;
  const early = parallel > 1 && wantNonInteractive ? stream("nonInteractive", "beta", window) : undefined;
  const finish = async (result: SignInStreamResult): Promise<SignInStreamResult> => {
    await early;
    return result;
  };

  let interactive = await stream("interactive", "beta", history);
  let betaAvailable = true;
  if (!interactive.ok && betaRefused(interactive.failure, interactive.items)) {
    betaAvailable = false;
    notes.push(`beta sign-ins refused (${interactive.failure.code}): interactive sign-ins read from v1.0 without beta-only members; non-interactive sign-ins not collected`);
    interactive = await stream("interactive", "v1.0", history);
  }
  if (!interactive.ok) {
    if (isLicenceRefusal(interactive.failure)) ctx.licenses.entraIdP1 = false;
    return finish({ ok: false, failure: interactive.failure });
  }
  ctx.licenses.entraIdP1 = true;
  if (wantNonInteractive && betaAvailable) {
    const nonInteractive = await (early ?? stream("nonInteractive", "beta", window));
    if (!nonInteractive.ok) {
      if (!betaRefused(nonInteractive.failure, nonInteractive.items)) return { ok: false, failure: nonInteractive.failure };
      notes.push(`non-interactive sign-ins not collected: beta refused (${nonInteractive.failure.code})`);
    }
  }
  return finish({ ok: true, notes });
}

function signInTime(raw: GraphObject): number | undefined {
  const ms = typeof raw.createdDateTime === "string" ? Date.parse(raw.createdDateTime) : Number.NaN;
  return Number.isNaN(ms) ? time(raw.createdDateTime)?.ms : ms;
}
