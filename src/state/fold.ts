/**
 * Folding a window's events into a stored baseline exactly once. Each night re-reads an overlap
 * before the last run's end (late-arriving logs), so the stored record remembers up to when it
 * has handled events (`through`) and which ids it handled in that overlap (`recentIds`): an event
 * counts if it is newer than `through`, or inside the overlap and not handled yet.
 */

export interface FoldRecord<B> {
  baseline: B;
  through: string;
  recentFrom: string;
  recentIds: Record<string, string>;
}

export interface FoldInput<B, E extends { id: string; time: string; ms: number }> {
  /** What the store held for this user and source, if anything. */
  prior?: Omit<FoldRecord<B>, "baseline">;
  /** The baseline the run judged against (stored merged with collected history); not modified. */
  base: B;
  /** The window's events for this user and source. */
  events: readonly E[];
  /** Events that stay out of the baseline (evidence of findings); handled all the same. */
  isHeldOut(event: E): boolean;
  /** Folds one event into the baseline in place (the collectors' accumulators). */
  add(baseline: B, event: E): void;
  windowTo: string;
  overlapMs: number;
}

export function foldWindow<B extends { to: string }, E extends { id: string; time: string; ms: number }>(input: FoldInput<B, E>): FoldRecord<B> {
  const throughMs = input.prior ? Date.parse(input.prior.through) : -Infinity;
  const recentFromMs = input.prior ? Date.parse(input.prior.recentFrom) : -Infinity;
  const recent = input.prior?.recentIds ?? {};
  const baseline = structuredClone(input.base);
  const handled: E[] = [];
  for (const event of input.events) {
    const fresh = event.ms > throughMs || (event.ms >= recentFromMs && recent[event.id] === undefined);
    if (!fresh) continue;
    handled.push(event);
    if (!input.isHeldOut(event)) input.add(baseline, event);
  }
  const through = latest(input.prior?.through, input.windowTo);
  const recentFromAt = Date.parse(through) - input.overlapMs;
  const recentIds: Record<string, string> = {};
  for (const [id, time] of Object.entries(recent)) if (Date.parse(time) >= recentFromAt) recentIds[id] = time;
  for (const event of handled) if (event.ms >= recentFromAt) recentIds[event.id] = event.time;
  baseline.to = latest(baseline.to, through);
  return { baseline, through, recentFrom: new Date(recentFromAt).toISOString(), recentIds };
}

function latest(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}
