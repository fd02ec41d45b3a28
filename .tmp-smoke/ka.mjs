import { startSimulator } from "/work/main/dist/src/simulator/server.js";
import { Agent, fetch as ufetch } from "undici";
import diagnostics from "node:diagnostics_channel";
import tls from "node:tls";
let connects = 0;
diagnostics.channel("undici:client:connected").subscribe(() => connects++);
const sim = await startSimulator({ snapshot: { format: "phishtrail-tenant-snapshot/1", users: [] }, timeScale: 0.001 });
const agent = new Agent({ connect: { ca: [...tls.rootCertificates, sim.caCertPem] } });
for (let i = 0; i < 4; i++) { const t = performance.now(); const r = await ufetch(sim.baseUrl + "/v1.0/organization", { dispatcher: agent }); const txt = await r.text(); console.log(r.status, (performance.now() - t).toFixed(1), "ms connects", connects, r.headers.get("connection"), r.headers.get("content-length")); }
await sim.close();
