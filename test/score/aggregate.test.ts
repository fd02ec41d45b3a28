import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregate, noisyOr } from "../../src/score/aggregate.js";
import { countByLevel, levelForScore, minScoreFor } from "../../src/score/levels.js";
import { parseConfig } from "../../src/config/load-config.js";
import { finding } from "./findings.js";

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

test("noisy-OR: 60 and 50 make 80, never more than 100, nothing makes 0", () => {
  close(noisyOr([60, 50]), 80);
  close(noisyOr([100, 20]), 100);
  close(noisyOr([]), 0);
  close(noisyOr([20, 20, 20, 20, 20]), 100 * (1 - 0.8 ** 5));
});

test("at most two instances per rule id count; the strongest ones", () => {
  const result = aggregate([
    finding({ ruleId: "a", confidence: 0.25 }),
    finding({ ruleId: "a", confidence: 0.5 }),
    finding({ ruleId: "a", confidence: 0.75 }),
    finding({ ruleId: "b", confidence: 0.5 }),
  ]);
  assert.deepEqual(result.counted.map((f) => [f.ruleId, f.score]), [["a", 60], ["a", 40], ["b", 40]]);
  close(result.base, noisyOr([60, 40, 40]));
});

test("context findings add at most 30 together", () => {
  const contexts = ["c1", "c2", "c3"].map((ruleId) => finding({ ruleId, context: true, impact: 40, confidence: 0.5 }));
  const alone = aggregate(contexts);
  close(alone.base, 30);
  assert.equal(alone.contextCapped, true);
  close(alone.contextRaw, noisyOr([20, 20, 20]));
  const withMain = aggregate([...contexts, finding({ ruleId: "main", impact: 100, confidence: 0.5 })]);
  close(withMain.base, noisyOr([50, 30]));
  const small = aggregate([finding({ ruleId: "c1", context: true, impact: 40, confidence: 0.5 })]);
  assert.equal(small.contextCapped, false);
  close(small.base, 20);
  assert.equal(alone.contextOnly, true);
  assert.equal(withMain.contextOnly, false);
  assert.equal(aggregate([]).contextOnly, false);
});

test("levels follow config.scoring.levels", () => {
  const levels = parseConfig({}, "(test)").scoring.levels;
  assert.deepEqual([0, 1, 24, 25, 49, 50, 74, 75, 100].map((s) => levelForScore(s, levels)), [
    "none", "low", "low", "medium", "medium", "high", "high", "critical", "critical",
  ]);
  const strict = parseConfig({ scoring: { levels: { medium: 40, high: 60, critical: 90 } } }, "(test)").scoring.levels;
  assert.equal(levelForScore(50, strict), "medium");
  assert.equal(levelForScore(89, strict), "high");
  assert.equal(minScoreFor("high", strict), 60);
  assert.equal(minScoreFor("none", strict), 0);
  assert.deepEqual(countByLevel(["high", "none", "high"]), { none: 1, low: 0, medium: 0, high: 2, critical: 0 });
});
