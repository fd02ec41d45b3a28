import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findBursts } from "../../../src/rules/shared/bursts.js";
import { deviceCombosOf, deviceFamily, isKnownDevice } from "../../../src/rules/shared/device.js";
import { hasCoordinates, haversineKm } from "../../../src/rules/shared/geo.js";
import { isLegacyClientApp } from "../../../src/rules/shared/legacy-clients.js";
import { windowSignIns } from "../../../src/rules/shared/window.js";
import { WINDOW, emptySignInBaseline, ok } from "../../helpers/evidence.js";
import { T0, at, signIn } from "../../helpers/sign-ins.js";

describe("haversineKm", () => {
  test("known distances", () => {
    assert.ok(Math.abs(haversineKm(51.5074, -0.1278, 48.8566, 2.3522) - 344) < 2, "London-Paris ~344 km");
    assert.ok(Math.abs(haversineKm(51.5074, -0.1278, 40.7128, -74.006) - 5570) < 10, "London-New York ~5570 km");
    assert.equal(haversineKm(10, 20, 10, 20), 0);
  });
  test("missing and 0/0 coordinates are not coordinates", () => {
    assert.equal(hasCoordinates({}), false);
    assert.equal(hasCoordinates({ latitude: 0, longitude: 0 }), false);
    assert.equal(hasCoordinates({ latitude: 0, longitude: 3.1 }), true);
  });
});

describe("findBursts", () => {
  const s = (...seconds: number[]) => seconds.map((x) => x * 1000);
  test("a run meeting the count inside the window is one burst", () => {
    assert.deepEqual(findBursts(s(0, 10, 20, 30, 500), 60_000, 3), [{ first: 0, last: 3, peak: 4 }]);
  });
  test("overlapping qualifying windows merge; separate ones do not", () => {
    assert.deepEqual(findBursts(s(0, 50, 100, 150, 1000, 1010, 1020), 60_000, 2), [
      { first: 0, last: 3, peak: 2 },
      { first: 4, last: 6, peak: 3 },
    ]);
  });
  test("too sparse is nothing", () => {
    assert.deepEqual(findBursts(s(0, 100, 200), 60_000, 2), []);
  });
});

describe("device families", () => {
  test("versions do not make a device new", () => {
    assert.equal(deviceFamily("Chrome 120.0.6099"), "chrome");
    assert.equal(deviceFamily("Windows10"), "windows");
    assert.equal(deviceFamily("Windows 10"), "windows");
    assert.equal(deviceFamily("Ios 17.2"), "ios");
    assert.equal(deviceFamily("Mobile Safari"), "mobile safari");
    assert.equal(deviceFamily(undefined), "");
    const combos = deviceCombosOf({ ...emptySignInBaseline(), deviceCombos: { "Windows10|Edge 131.0.2903": 5, "Ios 17.1|": 2 } });
    assert.equal(isKnownDevice(combos, "Windows 10", "Edge 132.0.1"), true);
    assert.equal(isKnownDevice(combos, "iOS 18", undefined), true);
    assert.equal(isKnownDevice(combos, "Linux", "Firefox 133.0"), false);
  });
});

describe("isLegacyClientApp", () => {
  test("case-insensitive, modern clients are not legacy", () => {
    assert.equal(isLegacyClientApp("IMAP4"), true);
    assert.equal(isLegacyClientApp("mapi over http"), true);
    assert.equal(isLegacyClientApp("Outlook Anywhere (RPC over HTTP)"), true);
    assert.equal(isLegacyClientApp("Browser"), false);
    assert.equal(isLegacyClientApp("Mobile Apps and Desktop clients"), false);
    assert.equal(isLegacyClientApp(undefined), false);
  });
});

describe("windowSignIns", () => {
  test("keeps the window only, oldest first, and reuses the array when it can", () => {
    const inside = [signIn({ createdDateTime: at(T0, 5) }), signIn({ createdDateTime: T0 })];
    const before = signIn({ createdDateTime: at(WINDOW.from, -1) });
    const after = signIn({ createdDateTime: at(WINDOW.to, 1) });
    const result = windowSignIns(ok([inside[0], before, inside[1], after]), WINDOW);
    assert.deepEqual(result.map((s) => s.id), [inside[1].id, inside[0].id]);
    const sorted = [inside[1], inside[0]];
    assert.equal(windowSignIns(ok(sorted), WINDOW), sorted);
    assert.deepEqual(windowSignIns({ status: "error", code: "x", message: "x" }, WINDOW), []);
  });
});
