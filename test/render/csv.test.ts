import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { FINDINGS_COLUMNS, renderFindingsCsv, renderTicketsCsv, TICKETS_COLUMNS, type CsvOptions } from "../../src/render/csv.js";
import { ticketKeyFor } from "../../src/render/ticket-key.js";
import { finding } from "../fixtures/reports/build.js";
import { hostileReport, PAYLOADS } from "../fixtures/reports/hostile.js";
import { tenantReport } from "../fixtures/reports/tenant-report.js";

const COMMA: CsvOptions = { bom: false, delimiter: "," };

function rowsOf(csv: string, delimiter = ","): Record<string, string>[] {
  return parse(csv, { columns: true, delimiter, bom: true, relax_quotes: false });
}

test("findings.csv: one row per finding with the documented columns, values parse back", () => {
  const csv = renderFindingsCsv(tenantReport(), COMMA);
  assert.equal(csv.split("\r\n")[0], FINDINGS_COLUMNS.join(","));
  const rows = rowsOf(csv);
  assert.equal(rows.length, 7);
  assert.deepEqual(
    rows.map((r) => [r.user_principal_name, r.rule_id]),
    [
      ["alice@contoso.example", "sign-in-aitm-pattern"],
      ["alice@contoso.example", "inbox-rule-external-forward"],
      ["bob@contoso.example", "mfa-method-after-risky-sign-in"],
      ["bob@contoso.example", "sign-in-new-country"],
      ["carol@contoso.example", "sign-in-impossible-travel"],
      ["dave@contoso.example", "legacy-auth-success"],
      ["", "consent-illicit-mail-app"],
    ],
  );
  assert.deepEqual(rows[1], {
    run_id: "run-20261127T060000Z-0001",
    user_principal_name: "alice@contoso.example",
    user_id: "0a1b2c3d-0000-4000-8000-00000000a11c",
    user_display_name: "Alice Andersen",
    risk_level: "critical",
    risk_score: "92",
    finding_id: "inbox-rule-external-forward:0a1b2c3d-0000-4000-8000-00000000a11c:1",
    rule_id: "inbox-rule-external-forward",
    category: "mailbox",
    title: "Inbox rule forwards mail outside the organisation",
    severity: "critical",
    score: "68",
    impact: "85",
    confidence: "0.8",
    attack: "T1114.003; T1564.008",
    first_seen: "2026-11-25T08:05:00.000Z",
    last_seen: "2026-11-25T08:05:00.000Z",
    explanation: 'Rule "." forwards mail containing "invoice" to payments@contoso-billing.example and marks it read.',
    matched_keyword: "invoice",
    matched_threshold: "",
    matched_observed: "",
    evidence_ids: "AQAAAJ5dZp8=",
    persistence: "true",
    floor: "high",
    suppressed: "false",
    suppressed_reason: "",
  });
  assert.equal(rows[3].suppressed, "true");
  assert.equal(rows[3].suppressed_reason, "ack: travelling to Lisbon");
});

test("tickets.csv: one row per user at or above the threshold, priority from the level", () => {
  const model = tenantReport();
  const csv = renderTicketsCsv(model, COMMA);
  assert.equal(csv.split("\r\n")[0], TICKETS_COLUMNS.join(","));
  const rows = rowsOf(csv);
  assert.deepEqual(rows.map((r) => [r.user_principal_name, r.risk_level, r.priority, r.urgency, r.impact]), [
    ["alice@contoso.example", "critical", "1", "1", "1"],
    ["bob@contoso.example", "high", "2", "1", "2"],
    ["carol@contoso.example", "medium", "3", "2", "2"],
  ]);
  const [alice, bob] = rows;
  assert.match(alice.ticket_key, /^PT-[0-9A-F]{12}$/);
  assert.equal(bob.ticket_key, "PT-0B0B0B0B0B0B", "the model's ticket key wins");
  assert.equal(alice.category, "Security incident");
  assert.equal(alice.severity, "critical");
  assert.equal(alice.short_description, "[phishtrail] critical risk: possible account compromise of alice@contoso.example");
  assert.equal(alice.attack_techniques, "T1114.003; T1539; T1557; T1564.008");
  assert.equal(alice.first_bad_event, "2026-11-25T08:01:00.000Z");
  assert.equal(alice.top_findings, "Sign-in through an adversary-in-the-middle proxy; Inbox rule forwards mail outside the organisation");
  assert.equal(alice.containment_command, "phishtrail contain --user alice@contoso.example --revoke-sessions --reset-password --remove-rule AQAAAJ5dZp8=");
  assert.equal(alice.incident_status, "new");
  assert.equal(alice.report_run_id, "run-20261127T060000Z-0001");
  assert.match(alice.description, /rated Alice Andersen \(alice@contoso\.example\) critical \(score 92\/100\)[\s\S]*\n- \[critical\] Sign-in through an adversary-in-the-middle proxy/);
  assert.equal(bob.top_findings, "MFA method registered soon after a risky sign-in", "suppressed findings are not ticketed");
  assert.match(bob.description, /Data gaps:\n- auditLogRecords: LICENSE_REQUIRED/);

  assert.deepEqual(rowsOf(renderTicketsCsv(model, COMMA, "high")).map((r) => r.user_principal_name), ["alice@contoso.example", "bob@contoso.example"]);
  assert.equal(rowsOf(renderTicketsCsv(model, { ...COMMA, assignmentGroup: "SOC L2" }))[0].assignment_group, "SOC L2");
});

test("an incident acknowledged as benign gets no ticket", () => {
  const model = tenantReport();
  const bob = model.users.find((u) => u.userPrincipalName === "bob@contoso.example")!;
  bob.incident = { status: "suppressed", firstSeen: "2026-11-20T06:00:00.000Z" };
  assert.ok(!rowsOf(renderTicketsCsv(model, COMMA)).some((r) => r.user_principal_name === "bob@contoso.example"));
});

test("ticket key: same user and incident on a later run gives the same key; another user or incident does not", () => {
  const tenantId = tenantReport().run.tenant.id;
  const alice = () => tenantReport().users.find((u) => u.userPrincipalName === "alice@contoso.example")!;
  const first = ticketKeyFor(tenantId, alice());

  const later = alice();
  later.findings.reverse();
  later.findings.push(finding({ id: "x", ruleId: "mail-send-burst", title: "Burst", firstSeen: "2026-11-26T10:00:00Z" }));
  later.riskScore = 99;
  later.findings = later.findings.map((f) => ({ ...f, firstSeen: f.firstSeen.replace(":00.000Z", "Z") }));
  assert.ok(later.findings.some((f) => f.firstSeen === "2026-11-25T08:01Z"));
  assert.equal(ticketKeyFor(tenantId, later), first, "escalation, order and time spelling do not change the key");

  const otherIncident = alice();
  otherIncident.findings = otherIncident.findings.map((f) => ({ ...f, firstSeen: "2026-12-10T00:00:00.000Z" }));
  assert.notEqual(ticketKeyFor(tenantId, otherIncident), first);
  assert.notEqual(ticketKeyFor("other-tenant", alice()), first);
  const bob = tenantReport().users.find((u) => u.userPrincipalName === "bob@contoso.example")!;
  assert.notEqual(ticketKeyFor(tenantId, { ...bob, ticketKey: undefined }), first);
});

test("formula injection is neutralised in every cell; numbers stay plain", () => {
  const model = hostileReport("http://127.0.0.1:9");
  for (const csv of [renderFindingsCsv(model, COMMA), renderTicketsCsv(model, COMMA, "none")]) {
    const rows = rowsOf(csv);
    assert.ok(rows.length > 0);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        assert.doesNotMatch(value, /^(?:[\t\r]|\s*[=+\-@])/, `${column} starts like a formula: ${value.slice(0, 40)}`);
        assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(value), `${column} holds a raw bidi control`);
        assert.ok(value.length < 32_767, `${column} fits an Excel cell`);
      }
    }
  }
  const titles = rowsOf(renderFindingsCsv(model, COMMA)).map((r) => r.title);
  assert.ok(titles.includes(`'${PAYLOADS.hyperlink}`));
  assert.ok(titles.includes(`'${PAYLOADS.dde}`));
  assert.ok(titles.includes(`'${PAYLOADS.at}`));
  assert.ok(titles.includes(`'${PAYLOADS.minus}`));
  assert.ok(titles.includes(PAYLOADS.script), "harmless text is unchanged");
  assert.ok(titles.includes(PAYLOADS.template));
  assert.ok(titles.includes("⟦U+202E⟧txt.exe"));
  const tickets = rowsOf(renderTicketsCsv(model, COMMA, "none"));
  assert.equal(tickets.find((r) => r.user_display_name === `'${PAYLOADS.minus}`)?.risk_score, "0");
  assert.equal(tickets[0].risk_score, "88");
});

test("leading whitespace, tab and carriage return do not hide a formula", () => {
  const model = tenantReport();
  const titles = ["  =1+1", "\t=1", "\rx", " @x", "a=b", "-", "safe - text"];
  model.users[0].findings = titles.map((title, i) => finding({ id: `f${i}`, ruleId: "r", title, score: 90 - i }));
  const rows = rowsOf(renderFindingsCsv(model, COMMA)).filter((r) => r.rule_id === "r");
  assert.deepEqual(rows.map((r) => r.title), ["'  =1+1", "'\t=1", "'\rx", "' @x", "a=b", "'-", "safe - text"]);
});

test("Excel options: BOM and delimiter from config; newlines stay inside quoted cells", () => {
  const model = tenantReport();
  const semicolon = renderFindingsCsv(model, { bom: true, delimiter: ";" });
  assert.ok(semicolon.startsWith("\uFEFFrun_id;user_principal_name;"));
  assert.deepEqual(rowsOf(semicolon, ";"), rowsOf(renderFindingsCsv(model, COMMA)));
  const tab = renderTicketsCsv(model, { bom: false, delimiter: "\t" });
  assert.ok(tab.startsWith("ticket_key\tshort_description\t"));
  const description = rowsOf(tab, "\t")[0].description;
  assert.ok(description.includes("\n\nWhy this level:\n- "), "multi-line description survives the round trip");
});
