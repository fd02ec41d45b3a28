import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PriorityGate } from "../../src/graph/priority-gate.js";

/** A task that finishes when `release` is called. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { done, release };
}

describe("PriorityGate", () => {
  it("runs at most `size` at once and lets waiting urgent callers in before earlier normal ones", async () => {
    const gate = new PriorityGate(2);
    const started: string[] = [];
    const tasks = new Map<string, ReturnType<typeof held>>();
    const run = (name: string, urgent: boolean) =>
      gate.run(urgent, () => {
        started.push(name);
        const task = held();
        tasks.set(name, task);
        return task.done;
      });
    const all = [run("a", false), run("b", false), run("c", false), run("d", false), run("u", true)];
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, ["a", "b"]);
    tasks.get("a")!.release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, ["a", "b", "u"]);
    tasks.get("b")!.release();
    await new Promise((resolve) => setImmediate(resolve));
    tasks.get("u")!.release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, ["a", "b", "u", "c", "d"]);
    tasks.get("c")!.release();
    tasks.get("d")!.release();
    await Promise.all(all);
  });

  it("frees the slot when the work throws", async () => {
    const gate = new PriorityGate(1);
    await assert.rejects(gate.run(false, () => Promise.reject(new Error("boom"))), /boom/);
    assert.equal(await gate.run(true, async () => "next"), "next");
  });
});
