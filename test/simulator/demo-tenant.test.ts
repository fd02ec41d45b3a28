import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Agent, request } from "undici";
import { runSimulate } from "../../src/cli/simulate.js";
import type { SimulatorHandle } from "../../src/simulator/server.js";
import { validateSnapshot } from "../../src/simulator/snapshot-file.js";

describe("phishtrail simulate --demo", () => {
  it("serves the generated demo tenant, which passes snapshot validation", async () => {
    let handle: SimulatorHandle | undefined;
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let output = "";
    const running = runSimulate({ demo: true, demoUsers: 40, seed: 7 }, { write: (text) => (output += text), stopped, started: (h) => (handle = h) });
    while (!handle && output === "") await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(handle);
    const sim = handle;
    const agent = new Agent({ connect: { ca: sim.caCertPem } });
    try {
      assert.match(output, /serving demo tenant \(seed 7\): 40 users/);
      validateSnapshot(JSON.parse(JSON.stringify(sim.state)), "demo tenant");
      const form = new URLSearchParams({ grant_type: "client_credentials", client_id: sim.clientId, client_secret: sim.clientSecret, scope: "https://graph.microsoft.com/.default" });
      const tokenReply = await request(sim.tokenEndpoint, { method: "POST", body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, dispatcher: agent });
      const { access_token: token } = (await tokenReply.body.json()) as { access_token: string };
      const get = async (path: string) => {
        const reply = await request(`${sim.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, dispatcher: agent });
        return { status: reply.statusCode, body: (await reply.body.json()) as { value: Array<Record<string, unknown>> } };
      };
      const users = await get("/v1.0/users?$select=id,userPrincipalName,accountEnabled&$top=999");
      assert.equal(users.status, 200);
      assert.equal(users.body.value.length, 40);
      const someone = users.body.value[0].id;
      const signIns = await get(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${someone}'`)}&$top=5`);
      assert.equal(signIns.status, 200);
      assert.equal(sim.unhandled.length, 0);
    } finally {
      await agent.close();
      stop();
      await running;
    }
  });
});
