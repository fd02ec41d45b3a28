import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import Handlebars from "handlebars";
import type { Report } from "../report/types.js";
import { RuntimeError } from "../lib/errors.js";
import { buildHtmlView } from "./html-view.js";

export interface HtmlOptions {
  /** Folder holding report.hbs, report.css and partials/*.hbs. */
  templatesDir: string;
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new RuntimeError(`Report template ${path} cannot be read (${(error as Error).message}); reinstall phishtrail or fix the templates folder.`, "TEMPLATE_MISSING");
  }
}

/**
 * A fresh Handlebars environment per call: no global helpers or partials leak between runs.
 * report.css becomes the "styles" partial, so the stylesheet is inlined without a triple-stash.
 */
function compile(templatesDir: string): Handlebars.TemplateDelegate {
  const handlebars = Handlebars.create();
  const partialsDir = join(templatesDir, "partials");
  let partialFiles: string[];
  try {
    partialFiles = readdirSync(partialsDir).filter((name) => name.endsWith(".hbs"));
  } catch (error) {
    throw new RuntimeError(`Report partials folder ${partialsDir} cannot be read (${(error as Error).message}); reinstall phishtrail or fix the templates folder.`, "TEMPLATE_MISSING");
  }
  for (const file of partialFiles) {
    handlebars.registerPartial(basename(file, ".hbs"), readTemplate(join(partialsDir, file)));
  }
  handlebars.registerPartial("styles", readTemplate(join(templatesDir, "report.css")));
  return handlebars.compile(readTemplate(join(templatesDir, "report.hbs")), { strict: true });
}

/** The whole report as one self-contained HTML page (no scripts, no remote loads; see the CSP in report.hbs). */
export function renderHtml(report: Report, options: HtmlOptions): string {
  return compile(options.templatesDir)(buildHtmlView(report));
}
