import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitPage } from "../../src/graph/page-split.js";

const pages: Array<{ name: string; page: Record<string, unknown> }> = [
  {
    name: "strings that hold quotes, backslashes, brackets and non-ASCII text",
    page: {
      "@odata.context": "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns",
      value: [
        { id: "1", note: 'a "quoted" {brace} [bracket] \\ backslash \\"', city: "São Paulo 東京", nested: { list: [1, { x: "]" }], empty: {} } },
        { id: "2", ends: "\\\\" },
        {},
      ],
      "@odata.nextLink": "https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=ab12",
    },
  },
  { name: "an empty page with a count", page: { "@odata.count": 0, value: [] } },
  { name: "value before the other members", page: { value: [{ n: -1.5e3, t: true, f: false, z: null }], "@odata.nextLink": "x" } },
];

describe("splitPage", () => {
  for (const { name, page } of pages) {
    it(`reads ${name} exactly as JSON.parse does, and keeps each item's bytes`, () => {
      const text = JSON.stringify(page);
      const split = splitPage(Buffer.from(text));
      assert.ok(split);
      assert.deepStrictEqual(split.body, JSON.parse(text));
      const value = page.value as unknown[];
      assert.deepEqual(
        split.items.map((bytes) => bytes.toString("utf8")),
        value.map((item) => JSON.stringify(item)),
      );
    });
  }

  it("tolerates whitespace between the members", () => {
    const text = ' {\t"@odata.context" : "c" ,\n  "value" : [ {"a":1} , {"b":[2]} ] , "x": 3 }\n';
    const split = splitPage(Buffer.from(text));
    assert.deepStrictEqual(split?.body, JSON.parse(text));
    assert.deepEqual(split?.items.map(String), ['{"a":1}', '{"b":[2]}']);
  });

  for (const text of [
    '{"value":[1,2]}',
    '{"value":{}}',
    '{"other":[{"a":1}]}',
    "[]",
    '{"value":[{"a":1}]} trailing',
    '{"value":[{"a":1}',
    '{"value":[{"a":1},]}',
    '{"value":[{"a":1}}',
    '{"value":[{"a":\n1}]}',
    '{"value":[{"a":1 1}]}',
    '{"__proto__":{"polluted":true},"value":[]}',
  ]) {
    it(`leaves ${JSON.stringify(text)} to the ordinary parse`, () => {
      assert.equal(splitPage(Buffer.from(text)), undefined);
    });
  }
});
