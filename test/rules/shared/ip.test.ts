import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { networkOf } from "../../../src/collect/baseline.js";
import { IpRangeSet, networkKey, parseCidr, parseIpv4, parseIpv6 } from "../../../src/rules/shared/ip.js";

describe("parseIpv4", () => {
  const cases: [string, number][] = [
    ["0.0.0.0", 0],
    ["203.0.113.66", 203 * 2 ** 24 + 113 * 256 + 66],
    ["255.255.255.255", 2 ** 32 - 1],
    ["::ffff:198.51.100.7", 198 * 2 ** 24 + 51 * 2 ** 16 + 100 * 256 + 7],
    ["256.1.1.1", -1],
    ["1.2.3", -1],
    ["1.2.3.4.5", -1],
    ["1..2.3", -1],
    ["1.2.3.4 ", -1],
    ["2001:db8::1", -1],
    ["", -1],
  ];
  for (const [text, expected] of cases) test(JSON.stringify(text), () => assert.equal(parseIpv4(text), expected));
});

describe("parseIpv6", () => {
  const cases: [string, number[] | null][] = [
    ["2001:db8::1", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
    ["::1", [0, 0, 0, 0, 0, 0, 0, 1]],
    ["::", [0, 0, 0, 0, 0, 0, 0, 0]],
    ["fe80::1%eth0", [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ["2001:DB8:0:0:8:800:200C:417A", [0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a]],
    ["::ffff:192.0.2.128", [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0280]],
    ["2001:db8::1::2", null],
    ["2001:db8:1:2:3:4:5:6:7", null],
    ["12345::1", null],
    ["2001:db8:", null],
    ["203.0.113.1", null],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => {
      const out = new Uint16Array(8);
      const parsed = parseIpv6(text, out);
      assert.equal(parsed, expected !== null);
      if (expected) assert.deepEqual([...out], expected);
    });
  }
});

describe("networkKey", () => {
  test("IPv4 /24, IPv6 /48, nothing for non-addresses", () => {
    assert.equal(networkKey("203.0.113.66"), "203.0.113.0/24");
    assert.equal(networkKey("2001:0db8:00aa:0001::5"), "2001:db8:aa::/48");
    assert.equal(networkKey("::ffff:198.51.100.7"), "198.51.100.0/24");
    assert.equal(networkKey("not an ip"), undefined);
    assert.equal(networkKey(undefined), undefined);
  });

  test("agrees with the collector's baseline keys (so lookups hit)", () => {
    for (const ip of ["203.0.113.66", "10.1.2.3", "2001:db8:4f2a:12::5", "2001:0DB8:0000:0001:0:0:0:1", "2a00:1450:4009:81f::200e", "::1"]) {
      assert.equal(networkKey(ip), networkOf(ip), ip);
    }
  });
});

describe("parseCidr and IpRangeSet", () => {
  test("invalid ranges are null", () => {
    for (const text of ["not-a-cidr", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/x", "300.1.1.1/8"]) assert.equal(parseCidr(text), null, text);
  });

  test("IPv4 ranges, bare hosts and /0", () => {
    const set = new IpRangeSet(["203.0.113.64/26", "198.51.100.24", "10.0.0.0/8"].map((t) => parseCidr(t)!));
    assert.equal(set.match("203.0.113.64"), "203.0.113.64/26");
    assert.equal(set.match("203.0.113.127"), "203.0.113.64/26");
    assert.equal(set.match("203.0.113.128"), undefined);
    assert.equal(set.match("198.51.100.24"), "198.51.100.24");
    assert.equal(set.match("198.51.100.25"), undefined);
    assert.equal(set.match("10.200.3.4"), "10.0.0.0/8");
    assert.equal(set.match("::ffff:10.1.1.1"), "10.0.0.0/8");
    assert.equal(new IpRangeSet([parseCidr("0.0.0.0/0")!]).match("8.8.8.8"), "0.0.0.0/0");
  });

  test("IPv6 ranges on and off hextet boundaries", () => {
    const set = new IpRangeSet(["2001:db8::/32", "2a00:1450:4000::/37"].map((t) => parseCidr(t)!));
    assert.equal(set.match("2001:db8:ffff::1"), "2001:db8::/32");
    assert.equal(set.match("2001:db9::1"), undefined);
    assert.equal(set.match("2a00:1450:4007:81f::200e"), "2a00:1450:4000::/37");
    assert.equal(set.match("2a00:1450:4800::1"), undefined);
    assert.equal(set.match("203.0.113.1"), undefined);
    assert.equal(set.match(undefined), undefined);
    assert.equal(set.match("garbage"), undefined);
  });
});
