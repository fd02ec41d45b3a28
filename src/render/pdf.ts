import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { Browser, HTTPRequest, Page, PuppeteerNode } from "puppeteer";
import { RuntimeError, messageOf } from "../lib/errors.js";
import { findChromium, isExecutableFile } from "./chromium.js";
import { displayText, escapeHtml } from "./text.js";

export interface PdfMeta {
  /** Printed at the top of every page (e.g. "CONFIDENTIAL - security incident"). */
  classification: string;
  /** Printed at the bottom of every page beside "page X of Y". */
  title: string;
}

export interface PdfRenderer {
  render(html: string, meta: PdfMeta): Promise<Uint8Array>;
  close(): Promise<void>;
  /** Requests the page tried to make and was refused, over all renders (tests assert on it). */
  readonly blockedRequests: number;
  readonly executablePath: string;
}

export interface PdfRendererOptions {
  /** config `report.chromiumPath`. */
  chromiumPath?: string;
  paper: "A4" | "Letter";
  /** Per step (launch, load, print); generous because a 300-user report is long. */
  timeoutMs?: number;
}

/** Root in containers and CI cannot use the sandbox; the page runs no script and loads nothing, which is what makes that acceptable. */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
];

const DEFAULT_TIMEOUT_MS = 120_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** Only the document itself (setContent starts from about:blank) and inline data: URLs. */
function isLocal(url: string): boolean {
  return url === "about:blank" || url.startsWith("data:");
}

const LABEL_STYLE = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; width: 100%; margin: 0 12mm; color: #555;";

function headerTemplate(classification: string): string {
  return `<div style="${LABEL_STYLE} text-align: center; font-weight: bold; letter-spacing: 0.05em;">${escapeHtml(displayText(classification, 200))}</div>`;
}

function footerTemplate(title: string): string {
  return (
    `<div style="${LABEL_STYLE} display: flex; justify-content: space-between;">` +
    `<span>${escapeHtml(displayText(title, 200))}</span>` +
    `<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
  );
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

class ChromiumPdfRenderer implements PdfRenderer {
  #blocked = 0;
  #page: Page | undefined;
  #opening: Promise<Page> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly browser: Browser,
    private readonly userDataDir: string,
    private readonly paper: "A4" | "Letter",
    private readonly timeoutMs: number,
    readonly executablePath: string,
  ) {
    // The page is prepared while the caller collects evidence: the first render need not wait for it.
    this.#openPage().catch(() => undefined);
  }

  get blockedRequests(): number {
    return this.#blocked;
  }

  #openPage(): Promise<Page> {
    if (this.#page && !this.#page.isClosed()) return Promise.resolve(this.#page);
    this.#opening ??= this.#newPage().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #newPage(): Promise<Page> {
    const page = await this.browser.newPage();
    page.setDefaultTimeout(this.timeoutMs);
    await page.setJavaScriptEnabled(false);
    await page.setBypassServiceWorker(true);
    await page.setRequestInterception(true);
    page.on("request", (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return;
      if (isLocal(request.url())) {
        request.continue().catch(() => undefined);
      } else {
        this.#blocked++;
        request.abort("blockedbyclient").catch(() => undefined);
      }
    });
    this.#page = page;
    return page;
  }

  /** A failed page is thrown away so the next render starts clean. */
  async #discardPage(): Promise<void> {
    const page = this.#page;
    this.#page = undefined;
    if (page && !page.isClosed()) await withTimeout(page.close().catch(() => undefined), CLOSE_TIMEOUT_MS);
  }

  async #renderNow(html: string, meta: PdfMeta): Promise<Uint8Array> {
    if (this.#closed) throw new RuntimeError("The PDF renderer was already closed; create a new one.", "PDF_FAILED");
    try {
      const page = await this.#openPage();
      // A fresh document per render: nothing (CSP, styles, state) carries over from the last one.
      await page.goto("about:blank", { timeout: this.timeoutMs });
      await page.setContent(html, { waitUntil: "load", timeout: this.timeoutMs });
      return await page.pdf({
        format: this.paper,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: headerTemplate(meta.classification),
        footerTemplate: footerTemplate(meta.title),
        margin: { top: "18mm", bottom: "16mm", left: "12mm", right: "12mm" },
        timeout: this.timeoutMs,
      });
    } catch (error) {
      await this.#discardPage();
      if (error instanceof RuntimeError) throw error;
      throw new RuntimeError(`PDF rendering with ${this.executablePath} failed: ${messageOf(error)}. Retry, or leave pdf out of --format; report.html holds the same content.`, "PDF_FAILED");
    }
  }

  /** Renders one at a time on the shared page, whatever order callers use. */
  render(html: string, meta: PdfMeta): Promise<Uint8Array> {
    const job = this.#queue.then(() => this.#renderNow(html, meta));
    this.#queue = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    const closed = await withTimeout(this.browser.close().then(() => true, () => false), CLOSE_TIMEOUT_MS);
    if (!closed) this.browser.process()?.kill("SIGKILL");
    await rm(this.userDataDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * The browser createPdfRenderer would launch (config `report.chromiumPath` if set); throws the
 * same CHROMIUM_NOT_FOUND error. Cheap and synchronous, so a run can check it before spending any
 * Graph budget and launch the browser while it collects.
 */
export function locateChromium(configured?: string): string {
  return findChromium({
    configured,
    env: process.env,
    platform: process.platform,
    isExecutable: isExecutableFile,
    bundled: () => {
      try {
        // Only when no system browser was found; a synchronous load is fine there.
        return (createRequire(import.meta.url)("puppeteer") as PuppeteerNode).executablePath();
      } catch {
        return undefined;
      }
    },
  });
}

/**
 * Launches Chromium once per run (see findChromium for where it looks) with a throw-away profile.
 * Every page has JavaScript off and every network request refused: a report holds attacker text,
 * and a PDF render must never reach out (tracking pixels, SSRF into the analyst's network).
 */
export async function createPdfRenderer(options: PdfRendererOptions): Promise<PdfRenderer> {
  const executablePath = locateChromium(options.chromiumPath);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const userDataDir = await mkdtemp(join(tmpdir(), "phishtrail-chromium-"));
  try {
    // Loaded here, not at start-up: it takes a third of a second, which a run launching the
    // browser in the background spends while it collects, and other runs never spend.
    const { default: puppeteer } = await import("puppeteer");
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      userDataDir,
      pipe: true,
      timeout: timeoutMs,
      protocolTimeout: timeoutMs * 2,
    });
    return new ChromiumPdfRenderer(browser, userDataDir, options.paper, timeoutMs, executablePath);
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    throw new RuntimeError(
      `Chromium at ${executablePath} did not start for the PDF report: ${messageOf(error)}. Check that it runs (\`${executablePath} --version\`), or set report.chromiumPath / PUPPETEER_EXECUTABLE_PATH to another browser.`,
      "CHROMIUM_FAILED",
    );
  }
}
