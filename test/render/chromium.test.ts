import assert from "node:assert/strict";
import { test } from "node:test";
import { RuntimeError } from "../../src/lib/errors.js";
import { findChromium, type ChromiumSearch } from "../../src/render/chromium.js";

function search(present: string[], overrides: Partial<ChromiumSearch> = {}): ChromiumSearch {
  return { env: {}, platform: "linux", isExecutable: (path) => present.includes(path), bundled: () => undefined, ...overrides };
}

function isMissingBrowser(pattern: RegExp) {
  return (error: unknown) => error instanceof RuntimeError && error.exitCode === 1 && error.code === "CHROMIUM_NOT_FOUND" && pattern.test(error.message);
}

test("config wins, then PUPPETEER_EXECUTABLE_PATH, then CHROMIUM_PATH, then the usual paths", () => {
  const all = ["/opt/chrome", "/env/puppeteer", "/env/chromium", "/usr/bin/chromium", "/usr/bin/google-chrome"];
  const env = { PUPPETEER_EXECUTABLE_PATH: "/env/puppeteer", CHROMIUM_PATH: "/env/chromium" };
  assert.equal(findChromium(search(all, { configured: "/opt/chrome", env })), "/opt/chrome");
  assert.equal(findChromium(search(all, { configured: "", env })), "/env/puppeteer");
  assert.equal(findChromium(search(all, { env: { CHROMIUM_PATH: "/env/chromium" } })), "/env/chromium");
  assert.equal(findChromium(search(all)), "/usr/bin/chromium");
  assert.equal(findChromium(search(["/usr/bin/google-chrome", "/snap/bin/chromium"])), "/usr/bin/google-chrome");
});

test("platform paths for macOS and Windows", () => {
  const mac = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
  assert.equal(findChromium(search([mac], { platform: "darwin" })), mac);
  const win = ["C:\\Program Files", "Google", "Chrome", "Application", "chrome.exe"].join(process.platform === "win32" ? "\\" : "/");
  assert.equal(findChromium(search([win], { platform: "win32", env: { PROGRAMFILES: "C:\\Program Files" } })), win);
});

test("puppeteer's own download is the last resort, and only if the file exists", () => {
  assert.equal(findChromium(search(["/cache/chrome"], { bundled: () => "/cache/chrome" })), "/cache/chrome");
  assert.throws(() => findChromium(search([], { bundled: () => "/cache/chrome" })), isMissingBrowser(/No Chrome or Chromium found/));
});

test("an explicit setting that points nowhere is named, not silently replaced", () => {
  assert.throws(() => findChromium(search(["/usr/bin/chromium"], { configured: "/nope/chrome" })), isMissingBrowser(/report\.chromiumPath \(config\.json\) is \/nope\/chrome/));
  assert.throws(
    () => findChromium(search(["/usr/bin/chromium"], { env: { PUPPETEER_EXECUTABLE_PATH: "/nope" } })),
    isMissingBrowser(/PUPPETEER_EXECUTABLE_PATH is \/nope/),
  );
});

test("no browser at all: the message says how to install one or configure it", () => {
  assert.throws(() => findChromium(search([])), isMissingBrowser(/apt-get install chromium.*report\.chromiumPath.*PUPPETEER_EXECUTABLE_PATH/));
});
