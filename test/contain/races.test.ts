import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { runContain } from "../../src/contain/run-contain.js";
import type { SimulatorHandle } from "../../src/simulator/server.js";
import { ALICE, BEFORE, RULES, captureIo, filesUnder, options, readLog, simulatorConnection, startContainSimulator, tempRoot, userState } from "./support.js";

describe("contain when the tenant changes under it or Graph does not answer", () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startContainSimulator();
  });
  after(async () => {
    await sim.close();
  });

  it("reports 'already done' for a rule someone else deleted between the plan and the change", async () => {
    const root = tempRoot();
    const captured = captureIo(simulatorConnection(sim));
    let text = "";
    captured.io.stdinIsTTY = true;
    captured.io.stdin = Readable.from(["alice@fabrikam.example\n"]);
    captured.io.stdout = {
      write: (chunk) => {
        text += chunk;
        // While the operator reads the prompt, an Exchange admin removes the rule.
        if (chunk.includes("Type the user's UPN")) sim.state.mailboxes![ALICE.id].messageRules!.splice(0, 1);
      },
    };
    const code = await runContain(options(root, { removeRules: [RULES.forward], apply: true }), captured.io);
    assert.equal(code, 0, text);
    assert.match(text, /already done +remove-rule AQAAAK7xQ3E=: Graph says it no longer exists \(404 ErrorItemNotFound\)/);
    const log = filesUnder(options(root).outputRoot).find((f) => basename(f) === "actions.jsonl")!;
    assert.equal(readLog(log).find((e) => e.event === "action")!.result, "already-done");
  });

  it("keeps the generated password when Graph never confirms the reset, and says it may have happened", async () => {
    const root = tempRoot();
    sim.setFaults([{ route: "users.update", kind: "status", status: 503 }]);
    try {
      const captured = captureIo(simulatorConnection(sim));
      const code = await runContain(options(root, { resetPassword: true, apply: true, yes: true }), captured.io);
      const out = captured.output();
      assert.equal(code, 1, out);
      assert.match(out, /FAILED +reset-password \[ServiceUnavailable\]: No usable answer from Graph for setting a new password \(503 ServiceUnavailable\) after 7 attempts: it may or may not have happened/);
      assert.match(out, /The generated password is kept \(written to .*password\.txt/);
      const folder = filesUnder(options(root).outputRoot).map((f) => join(f, ".."))[0];
      assert.ok(existsSync(join(folder, "password.txt")));
      assert.equal(readFileSync(join(folder, "password.txt"), "utf8").trim().split("\n").length, 3);
      assert.equal(userState(sim).lastPasswordChangeDateTime, BEFORE);
    } finally {
      sim.setFaults([]);
    }
  });
});
