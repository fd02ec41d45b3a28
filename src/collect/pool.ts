import pLimit from "p-limit";

/**
 * Runs `work` over items with at most `size` in progress, in order of start. This bounds how many
 * users' evidence is being assembled at once (memory); Graph concurrency is the gateway's business.
 */
export async function forEachPooled<T>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  const limit = pLimit(Math.max(1, size));
  await Promise.all(items.map((item, index) => limit(() => work(item, index))));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
