import { startSimulator } from "/work/main/dist/src/simulator/server.js";
import { writeFileSync } from "node:fs";
const sim = await startSimulator({ snapshot: { format: "phishtrail-tenant-snapshot/1", users: [] }, timeScale: 0.001 });
writeFileSync("/tmp/simca.pem", sim.caCertPem);
console.log(sim.baseUrl);
setTimeout(async () => { await sim.close(); }, 8000);
