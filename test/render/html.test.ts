import assert from "node:assert/strict";
import { test } from "node:test";
import { renderHtml } from "../../src/render/html.js";
import { defaultTemplatesDir } from "../../src/render/templates-dir.js";
import { report } from "../fixtures/reports/build.js";
import { hostileReport, PAYLOADS } from "../fixtures/reports/hostile.js";
import { singleUserIncident } from "../fixtures/reports/single-user-incident.js";
import { tenantReport } from "../fixtures/reports/tenant-report.js";
import { assertInertHtml } from "./html-assertions.js";

const templatesDir = defaultTemplatesDir();
const render = (model = tenantReport()) => renderHtml(model, { templatesDir });

function sectionOf(html: string, anchor: string): string {
  const start = html.indexOf(`<section class="user `, html.indexOf(`id="${anchor}"`) - 200);
  const end = html.indexOf(`<section class="user `, start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

test("tenant report: summary sections, run statistics, gaps grouped by source and code", () => {
  const html = render();
  for (const id of ["summary", "riskiest-users", "patterns", "data-gaps", "tenant-findings", "resolved-incidents", "run-statistics", "quiet-users"]) {
    assert.match(html, new RegExp(`id="${id}"`), `section ${id}`);
  }
  assert.match(html, /<title>phishtrail investigation report<\/title>/);
  assert.match(html, /payments@contoso-billing\.example<\/bdi><\/td>/, "pattern value");
  assert.match(html, /ErrorAccessDenied[\s\S]*Graph refused mailbox access: grant MailboxSettings\.Read\.[\s\S]*<span class="num">2<\/span>: <bdi>carol@contoso\.example<\/bdi>, <bdi>frank@contoso\.example<\/bdi>/);
  assert.match(html, /LICENSE_REQUIRED/);
  assert.match(html, /412 in 21 batches; throttled 3; retries 5/);
  assert.match(html, /2 min 13 s/);
  assert.match(html, /2026-11-20 06:00:00 UTC &ndash; 2026-11-27 06:00:00 UTC/);
  assert.match(html, /PT-5E5E5E5E5E5E/);
  assertInertHtml(html);
  assert.doesNotMatch(html, /\{\{|\}\}/, "no template syntax left over");
});

test("users riskiest first; users at none only in the compact table", () => {
  const html = render();
  const order = ["Alice Andersen", "Bob Brown", "Carol Chen", "Dave Dube"].map((name) => html.indexOf(`<h2><span class="badge`, html.indexOf(`<bdi>${name}</bdi></h2>`) - 80));
  for (const position of order) assert.ok(position > 0);
  assert.deepEqual([...order].sort((a, b) => a - b), order);
  const riskiest = html.slice(html.indexOf('id="riskiest-users"'), html.indexOf('id="patterns"'));
  assert.deepEqual([...riskiest.matchAll(/href="#(user-\d)"/g)].map((m) => m[1]), ["user-1", "user-2", "user-3", "user-4"]);
  const quiet = html.slice(html.indexOf('id="quiet-users"'));
  assert.match(quiet, /Erin Evans[\s\S]*Frank Fischer[\s\S]*1 data gap/);
  assert.doesNotMatch(html, /<bdi>Erin Evans<\/bdi><\/h2>/);
});

test("per user: verdict, correlations, timeline from T0, map, chart, findings, coverage, containment", () => {
  const html = render();
  const alice = sectionOf(html, "user-1");
  assert.match(alice, /Why this level[\s\S]*Floor: at least <strong>high<\/strong>/);
  assert.match(alice, /What would lower it[\s\S]*allowLists\.forwardingDomains/);
  assert.match(alice, /AiTM sign-in at 2026-11-25 08:01 -&gt; inbox rule created[\s\S]*\+40/);
  assert.match(alice, /Timeline from the first bad event \(2026-11-25 08:01:00 UTC\)/);
  assert.match(alice, /1 earlier event \(before the first bad event\) is in report\.json/);
  assert.doesNotMatch(alice, /Sign-in from Amsterdam \(usual\)/, "events before T0 are not listed");
  assert.match(alice, /<svg viewBox="0 0 720 288" role="img" aria-label="Map of sign-in locations">/);
  assert.match(alice, /<path class="land" d="M[\d. LMZ]+"/);
  assert.equal((alice.match(/<circle class="point flagged"/g) ?? []).length, 1, "Lagos is flagged");
  assert.equal((alice.match(/<circle class="point"/g) ?? []).length, 1);
  assert.match(alice, /<svg viewBox="0 0 720 200" role="img" aria-label="Sign-ins per day">/);
  assert.equal((alice.match(/<rect class="fail"/g) ?? []).length, 7, "one bar per day");
  assert.match(alice, /<title>2026-11-25: 12 successes, 3 failures<\/title>/);
  assert.match(alice, /<span class="badge sev-critical">critical<\/span>[\s\S]*Sign-in through an adversary-in-the-middle proxy/);
  assert.match(alice, /T1557<\/span>/);
  assert.match(alice, /<dt>Threshold<\/dt><dd><bdi>OfficeHome \+ empty deviceId<\/bdi><\/dd>/);
  assert.match(alice, /<th><bdi>ipAddress<\/bdi><\/th>[\s\S]*<td><bdi>102\.89\.1\.7<\/bdi><\/td>/, "evidence fields as columns");
  assert.match(alice, /Remediation:<\/strong> Disable the rule/);
  assert.match(alice, /<strong>persistence<\/strong>/);
  assert.match(alice, /inbox-rule-external-forward<\/span> \(mailbox\)/);
  assert.match(alice, /Decisive: the user is at least <strong>high<\/strong> while this stands/);
  assert.match(alice, /<code>phishtrail contain --user alice@contoso\.example --revoke-sessions --reset-password --remove-rule AQAAAJ5dZp8&#x3D;<\/code>/);
  assert.match(alice, /<td class="mono">authenticationMethods<\/td>/);

  const bob = sectionOf(html, "user-2");
  assert.match(bob, /Suppressed findings \(1\)[\s\S]*suppressed-badge[\s\S]*Sign-in from a country new for this user[\s\S]*Suppressed by ack: <bdi>travelling to Lisbon<\/bdi> \(until 2026-12-31 00:00:00 UTC\)/);
  assert.match(bob, /×0\.80 <bdi>sign-in from a known VPN range<\/bdi>/, "confidence adjustment");
  assert.match(bob, /Containment history[\s\S]*revoke-sessions[\s\S]*status-done/);
  assert.match(bob, /ticket <span class="mono">PT-0B0B0B0B0B0B<\/span>/);
});

test("a single-user scan is that user's incident report", () => {
  const html = render(singleUserIncident());
  assert.match(html, /<title>Incident report: Grace Hopper \(grace@contoso\.example\)<\/title>/);
  assert.match(html, /<h1><bdi>Incident report: Grace Hopper \(grace@contoso\.example\)<\/bdi><\/h1>/);
  assert.match(html, /Device-code sign-in from an unfamiliar network/);
  assert.match(html, /synced from on-premises AD/);
  assert.doesNotMatch(html, /id="quiet-users"/);
  assertInertHtml(html);
});

test("a user at none is still shown in full when it is the only one investigated", () => {
  const model = singleUserIncident();
  model.users[0] = { ...model.users[0], riskLevel: "none", riskScore: 0, findings: [] };
  assert.match(render(model), /<section class="user level-none" id="user-1">/);
});

test("an empty scan still renders", () => {
  const html = render(report([]));
  assert.match(html, /0 users investigated/);
  assert.match(html, /Every source answered for every user/);
  assertInertHtml(html);
});

test("attacker text is inert: escaped, bidi made visible, long strings cut", () => {
  const html = render(hostileReport("http://127.0.0.1:9"));
  assertInertHtml(html);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert\(1\)&gt;/);
  assert.match(html, /\{\{constructor\}\}/, "template syntax in data is shown, not evaluated");
  assert.match(html, /<bdi>⟦U\+202E⟧txt\.exe<\/bdi>/);
  assert.match(html, /&#x3D;HYPERLINK\(&quot;http:\/\/x&quot;\)/);
  assert.ok(!html.includes("A".repeat(501)), "100 kB string cut");
  assert.match(html, /A{400}… \[truncated: 100,000 characters in full, see report\.json\]/);
  assert.ok(html.length < 400_000, `page stays small (${html.length} bytes)`);
  assert.match(html, /<code>phishtrail contain --user victim@contoso\.example --remove-rule ⟦U\+202E⟧txt\.exe<\/code>/);
  assert.match(html, /<p class="classification">SECRET &lt;script&gt;/);
  assert.ok(!html.includes(PAYLOADS.bidi));
});

test("a missing templates folder is a run-time error naming it", () => {
  assert.throws(() => renderHtml(tenantReport(), { templatesDir: "/nonexistent/templates" }), /\/nonexistent\/templates\/partials cannot be read/);
});
