/** Checks shared by the HTML and PDF tests: is this page inert, whatever the report contained? */
import assert from "node:assert/strict";

const BIDI_OR_CONTROL = /[\u202a-\u202e\u2066-\u2069\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LOADING_ELEMENTS = new Set(["script", "img", "iframe", "frame", "link", "object", "embed", "base", "form", "video", "audio", "source", "image", "use", "foreignobject"]);

/** Real tags only: escaped text never contains "<", so every match is markup the template produced. */
function tagsOf(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

export function assertInertHtml(html: string): void {
  assert.doesNotMatch(html, /<script/i, "no script element");
  for (const tag of tagsOf(html)) {
    const name = /^<([a-zA-Z][\w:-]*)/.exec(tag)![1].toLowerCase();
    assert.ok(!LOADING_ELEMENTS.has(name), `no element that loads or navigates: ${tag.slice(0, 120)}`);
    assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, `no event-handler attribute: ${tag.slice(0, 120)}`);
    assert.doesNotMatch(tag, /\b(src|href|action|poster|srcset|data)\s*=\s*["']?\s*(https?:)?\/\//i, `no remote reference: ${tag.slice(0, 120)}`);
    assert.doesNotMatch(tag, /\b(src|href)\s*=\s*["']?\s*(javascript|vbscript|file):/i, `no script or file URL: ${tag.slice(0, 120)}`);
    if (name === "meta" && /http-equiv/i.test(tag)) assert.match(tag, /http-equiv="Content-Security-Policy"/, "the only http-equiv is the CSP");
  }
  for (const [, css] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) {
    assert.doesNotMatch(css, /url\s*\(|@import|expression\s*\(/i, "stylesheet loads nothing");
  }
  assert.doesNotMatch(html, BIDI_OR_CONTROL, "no raw bidi or control characters");
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;[^"]*">/,
    "CSP meta forbids scripts and remote loads",
  );
}
