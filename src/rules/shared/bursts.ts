export interface Burst {
  /** Index of the first event in the burst. */
  first: number;
  /** Index of the last event in the burst. */
  last: number;
  /** Most events seen together inside one window. */
  peak: number;
}

/**
 * Runs of events (ascending epoch ms) where at least `minCount` fall inside `windowMs`.
 * Qualifying windows that share events merge into one burst, so a long attack is one finding.
 */
export function findBursts(times: readonly number[], windowMs: number, minCount: number): Burst[] {
  const bursts: Burst[] = [];
  let start = 0;
  let current: Burst | undefined;
  for (let i = 0; i < times.length; i++) {
    while (times[i] - times[start] > windowMs) start++;
    const count = i - start + 1;
    if (count < minCount) continue;
    if (current && start <= current.last) {
      current.last = i;
      if (count > current.peak) current.peak = count;
    } else {
      current = { first: start, last: i, peak: count };
      bursts.push(current);
    }
  }
  return bursts;
}
