import type { Collected, InvestigationWindow, SignIn } from "../../collect/evidence.js";

export interface WindowBounds {
  fromMs: number;
  toMs: number;
  baselineFromMs: number;
}

const boundsCache = new WeakMap<InvestigationWindow, WindowBounds>();

/** The window as epoch milliseconds, parsed once per window object. */
export function windowBounds(window: InvestigationWindow): WindowBounds {
  let bounds = boundsCache.get(window);
  if (!bounds) {
    bounds = { fromMs: Date.parse(window.from), toMs: Date.parse(window.to), baselineFromMs: Date.parse(window.baselineFrom) };
    boundsCache.set(window, bounds);
  }
  return bounds;
}

const windowCache = new WeakMap<readonly SignIn[], { window: InvestigationWindow; signIns: readonly SignIn[] }>();

/**
 * The user's sign-ins inside the investigation window, oldest first. History before the window
 * only feeds the baseline, so it never becomes a detection. Computed once per user and shared by
 * every sign-in rule (the array is reused when it is already in order and in the window).
 */
export function windowSignIns(collected: Collected<SignIn[]>, window: InvestigationWindow): readonly SignIn[] {
  if (collected.status !== "ok") return [];
  const all = collected.value;
  const cached = windowCache.get(all);
  if (cached && cached.window === window) return cached.signIns;
  const { fromMs, toMs } = windowBounds(window);
  let sorted = true;
  let inside = true;
  for (let i = 0; i < all.length; i++) {
    const ms = all[i].ms;
    if (ms < fromMs || ms > toMs) inside = false;
    if (i > 0 && ms < all[i - 1].ms) sorted = false;
  }
  let signIns: readonly SignIn[] = all;
  if (!inside) signIns = all.filter((s) => s.ms >= fromMs && s.ms <= toMs);
  if (!sorted) signIns = [...signIns].sort((a, b) => a.ms - b.ms);
  windowCache.set(all, { window, signIns });
  return signIns;
}
