import { accessSync, constants, statSync } from "node:fs";
import { join } from "node:path";
import { RuntimeError } from "../lib/errors.js";

export interface ChromiumSearch {
  /** config `report.chromiumPath`; empty or undefined means "not configured". */
  configured?: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  isExecutable: (path: string) => boolean;
  /** puppeteer's own `executablePath()` (its download cache), if it can name one. */
  bundled: () => string | undefined;
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function usualPaths(platform: NodeJS.Platform, env: ChromiumSearch["env"]): string[] {
  if (platform === "darwin") {
    return [
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
      "/Applications/Chromium.app/Contents/MacOS/Chromium",
      "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    ];
  }
  if (platform === "win32") {
    const roots = [env["PROGRAMFILES"], env["PROGRAMFILES(X86)"], env["LOCALAPPDATA"]].filter((root): root is string => !!root);
    return roots.flatMap((root) => [
      join(root, "Google", "Chrome", "Application", "chrome.exe"),
      join(root, "Chromium", "Application", "chrome.exe"),
      join(root, "Microsoft", "Edge", "Application", "msedge.exe"),
    ]);
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"];
}

const HOW_TO_FIX =
  "Install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS/Windows: install Google Chrome), " +
  "or set `report.chromiumPath` in config.json or the PUPPETEER_EXECUTABLE_PATH environment variable to a Chrome/Chromium executable, " +
  "or leave `pdf` out of --format.";

/**
 * The browser for PDFs, in order: config `report.chromiumPath`, PUPPETEER_EXECUTABLE_PATH,
 * CHROMIUM_PATH, the usual install paths, then puppeteer's download cache. A path that is set
 * explicitly but does not exist is an error naming that setting (never silently replaced).
 */
export function findChromium(search: ChromiumSearch): string {
  const explicit: [string, string | undefined][] = [
    ["report.chromiumPath (config.json)", search.configured],
    ["PUPPETEER_EXECUTABLE_PATH", search.env["PUPPETEER_EXECUTABLE_PATH"]],
    ["CHROMIUM_PATH", search.env["CHROMIUM_PATH"]],
  ];
  for (const [setting, path] of explicit) {
    if (!path) continue;
    if (search.isExecutable(path)) return path;
    throw new RuntimeError(`${setting} is ${path}, which is not an executable file; point it at Chrome/Chromium or unset it. ${HOW_TO_FIX}`, "CHROMIUM_NOT_FOUND");
  }
  const found = usualPaths(search.platform, search.env).find((path) => search.isExecutable(path));
  if (found) return found;
  const bundled = search.bundled();
  if (bundled && search.isExecutable(bundled)) return bundled;
  throw new RuntimeError(`No Chrome or Chromium found for the PDF report. ${HOW_TO_FIX}`, "CHROMIUM_NOT_FOUND");
}
