import type { SignInBaseline } from "../../collect/evidence.js";

const families = new Map<string, string>();

/**
 * An OS or browser without its version ("Chrome 120.0.6099" -> "chrome", "Windows 10" ->
 * "windows", "Ios 17.2" -> "ios"): updates must not make a device look new. Memoised (the value
 * set is small), so the hot path does not allocate.
 */
export function deviceFamily(text: string | undefined): string {
  if (!text) return "";
  let family = families.get(text);
  if (family === undefined) {
    family = text.toLowerCase().replace(/[\s\d._()-]+$/, "").trim();
    if (families.size < 5000) families.set(text, family);
  }
  return family;
}

/** The baseline's "operatingSystem|browser" keys as OS family -> browser families. */
export type DeviceCombos = ReadonlyMap<string, ReadonlySet<string>>;

export function deviceCombosOf(baseline: SignInBaseline): DeviceCombos {
  const combos = new Map<string, Set<string>>();
  for (const [key, count] of Object.entries(baseline.deviceCombos)) {
    if (!(count > 0)) continue;
    const bar = key.indexOf("|");
    const os = deviceFamily(bar < 0 ? key : key.slice(0, bar));
    const browser = deviceFamily(bar < 0 ? "" : key.slice(bar + 1));
    let browsers = combos.get(os);
    if (!browsers) combos.set(os, (browsers = new Set()));
    browsers.add(browser);
  }
  return combos;
}

export function isKnownDevice(combos: DeviceCombos, os: string | undefined, browser: string | undefined): boolean {
  return combos.get(deviceFamily(os))?.has(deviceFamily(browser)) ?? false;
}
