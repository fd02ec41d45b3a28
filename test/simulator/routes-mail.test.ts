import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IDS, startTestSimulator, UPN, type TestSimulator } from "./support.js";

describe("Outlook routes", () => {
  let t: TestSimulator;

  before(async () => {
    t = await startTestSimulator({ throttling: false });
  });
  after(() => t.close());

  it("mailFolders: standard folders are there and well-known names resolve in both URL forms", async () => {
    const folders = await t.get(`/v1.0/users/${IDS.alice}/mailFolders?$top=20`);
    const names = folders.body.value.map((f: { displayName: string }) => f.displayName);
    for (const name of ["Inbox", "Sent Items", "Deleted Items", "Junk Email", "Archive"]) assert.ok(names.includes(name), name);
    const inbox = folders.body.value.find((f: { displayName: string }) => f.displayName === "Inbox");
    assert.equal(inbox.totalItemCount, 12);
    for (const path of ["mailFolders/inbox", "mailFolders/Inbox", "mailFolders('inbox')", `mailFolders/${encodeURIComponent(inbox.id)}`]) {
      const reply = await t.get(`/v1.0/users/${UPN.alice}/${path}`);
      assert.equal(reply.body.id, inbox.id, path);
    }
    assert.equal((await t.get(`/v1.0/users/${IDS.alice}/mailFolders/nope`)).body.error.code, "ErrorItemNotFound");
  });

  it("messages: default page of 10 by receivedDateTime desc, $skip paging, $select keeps id", async () => {
    const first = await t.get(`/v1.0/users/${IDS.alice}/mailFolders('SentItems')/messages?$select=subject,sentDateTime`);
    assert.equal(first.body.value.length, 10);
    assert.deepEqual(Object.keys(first.body.value[0]).sort(), ["@odata.etag", "id", "sentDateTime", "subject"]);
    assert.equal(first.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#users('${IDS.alice}')/mailFolders('SentItems')/messages(subject,sentDateTime)`);
    assert.match(first.body["@odata.nextLink"], /\/mailFolders\('SentItems'\)\/messages\?\$select=subject,sentDateTime&\$skip=10$/);
    const second = await t.get(first.body["@odata.nextLink"].slice(t.sim.baseUrl.length));
    assert.equal(second.body.value.length, 5);
    const all = [...first.body.value, ...second.body.value].map((m: { sentDateTime: string }) => Date.parse(m.sentDateTime));
    assert.deepEqual(all, [...all].sort((a, b) => b - a));
    const everything = await t.get(`/v1.0/users/${IDS.alice}/messages?$top=1000&$count=true`);
    assert.equal(everything.body["@odata.count"], 27);
  });

  it("messages: time and recipient filters; $orderby must lead the $filter", async () => {
    const since = new Date(Date.parse("2025-03-04T06:00:00Z") - 9 * 3_600_000).toISOString();
    const recent = await t.get(`/v1.0/users/${IDS.alice}/mailFolders/sentitems/messages?$filter=` + encodeURIComponent(`sentDateTime ge ${since}`));
    assert.equal(recent.body.value.length, 4);
    const external = await t.get(`/v1.0/users/${IDS.alice}/mailFolders/sentitems/messages?$filter=` + encodeURIComponent("toRecipients/any(r: r/emailAddress/address eq 'ap@contoso-vendor.example')"));
    assert.deepEqual(external.body.value.map((m: { id: string }) => m.id), ["AAMkAD-sent-0=", "AAMkAD-sent-5=", "AAMkAD-sent-10="]);
    const inefficient = await t.get(`/v1.0/users/${IDS.alice}/messages?$orderby=receivedDateTime%20desc&$filter=` + encodeURIComponent("hasAttachments eq true"));
    assert.equal(inefficient.status, 400);
    assert.equal(inefficient.body.error.code, "InefficientFilter");
    const efficient = await t.get(`/v1.0/users/${IDS.alice}/messages?$orderby=receivedDateTime%20asc&$filter=` + encodeURIComponent("receivedDateTime ge 2025-01-01T00:00:00Z and hasAttachments eq true"));
    assert.equal(efficient.status, 200);
    const badFilter = await t.get(`/v1.0/users/${IDS.alice}/messages?$filter=` + encodeURIComponent("flavour eq 'x'"));
    assert.equal(badFilter.body.error.code, "ErrorInvalidUrlQueryFilter");
  });

  it("messageRules and mailboxSettings", async () => {
    const rules = await t.get(`/v1.0/users/${IDS.alice}/mailFolders/inbox/messageRules`);
    assert.equal(rules.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#users('${IDS.alice}')/mailFolders('inbox')/messageRules`);
    assert.deepEqual(rules.body.value.map((r: { id: string }) => r.id), ["AQAAAK7xQ3E=", "AQAAAK7xQ3F="]);
    const settings = await t.get(`/v1.0/users/${UPN.alice}/mailboxSettings`);
    assert.equal(settings.body.automaticRepliesSetting.status, "alwaysEnabled");
    assert.equal(settings.body["@odata.context"], `${t.sim.baseUrl}/v1.0/$metadata#users('${IDS.alice}')/mailboxSettings`);
    const bobSettings = await t.get(`/v1.0/users/${UPN.bob}/mailboxSettings?$select=timeZone`);
    assert.deepEqual(Object.keys(bobSettings.body).sort(), ["@odata.context", "timeZone"]);
  });

  it("no mailbox: MailboxNotEnabledForRESTAPI; unknown user: ErrorInvalidUser", async () => {
    const carol = await t.get(`/v1.0/users/${IDS.carol}/messages`);
    assert.equal(carol.status, 404);
    assert.equal(carol.body.error.code, "MailboxNotEnabledForRESTAPI");
    const nobody = await t.get("/v1.0/users/nobody@fabrikam.example/mailFolders/inbox/messageRules");
    assert.equal(nobody.status, 404);
    assert.equal(nobody.body.error.code, "ErrorInvalidUser");
  });
});

describe("Outlook with Mail.ReadBasic.All only", () => {
  it("omits body and bodyPreview", async () => {
    const t = await startTestSimulator({ throttling: false, grantedPermissions: ["Mail.ReadBasic.All"] });
    try {
      const reply = await t.get(`/v1.0/users/${IDS.alice}/messages?$top=1`);
      assert.equal(reply.status, 200);
      assert.equal(reply.body.value[0].bodyPreview, undefined);
      assert.equal(reply.body.value[0].body, undefined);
      assert.ok(reply.body.value[0].subject);
      const rules = await t.get(`/v1.0/users/${IDS.alice}/mailFolders/inbox/messageRules`);
      assert.equal(rules.status, 403);
      assert.equal(rules.body.error.code, "ErrorAccessDenied");
    } finally {
      await t.close();
    }
  });
});
