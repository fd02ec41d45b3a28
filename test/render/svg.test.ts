import assert from "node:assert/strict";
import { test } from "node:test";
import { buildChartView } from "../../src/render/svg/chart.js";
import { buildMapView, MAP_HEIGHT, MAP_WIDTH, project } from "../../src/render/svg/map.js";

test("equirectangular projection: corners, centre, clamping", () => {
  assert.deepEqual(project(-180, 84), { x: 0, y: 0 });
  assert.deepEqual(project(180, -60), { x: MAP_WIDTH, y: MAP_HEIGHT });
  assert.deepEqual(project(0, 0), { x: 360, y: 168 });
  assert.deepEqual(project(-200, -89), { x: 0, y: MAP_HEIGHT });
});

test("map points: area grows with count, flagged ones stay visible and are drawn on top", () => {
  assert.equal(buildMapView([]), null);
  const view = buildMapView([
    { city: "Lagos", country: "NG", latitude: 6.5, longitude: 3.4, count: 1, failures: 0, flagged: true },
    { city: "Amsterdam", country: "NL", latitude: 52.4, longitude: 4.9, count: 100, failures: 2, flagged: false },
    { latitude: 10, longitude: 10, count: 25, failures: 0, flagged: false },
  ])!;
  assert.deepEqual(view.points.map((p) => p.label), ["Amsterdam, NL", "10.00, 10.00", "Lagos, NG"]);
  assert.deepEqual(view.points.map((p) => p.r), ["14.0", "8.5", "5.0"]);
  assert.match(view.landPath, /^M[\d.]+ [\d.]+L/);
  assert.ok(view.landPath.split("Z").length > 25, "continents and large islands");
});

test("chart: stacked bars scaled to a round maximum, day labels thinned out", () => {
  assert.equal(buildChartView([]), null);
  const days = Array.from({ length: 30 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, successes: i === 0 ? 12 : 1, failures: i === 0 ? 3 : 0 }));
  const view = buildChartView(days)!;
  assert.deepEqual(view.ticks.map((t) => t.value), [0, 10, 20], "15 per day rounds up to 20");
  const first = view.bars[0];
  const plotHeight = view.plotBottom - view.plotTop;
  assert.equal(Number(first.successHeight), Number(((plotHeight * 12) / 20).toFixed(1)));
  assert.equal(Number(first.failureY), Number((view.plotBottom - (plotHeight * 15) / 20).toFixed(1)));
  assert.equal(view.bars.filter((b) => b.label !== null).length, 10);
  assert.equal(first.label, "11-01");
});
