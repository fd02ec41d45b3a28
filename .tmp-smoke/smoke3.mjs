import { startSimulator } from "/work/main/dist/src/simulator/server.js";
import { generateDemoTenant } from "/work/main/dist/src/simulator/demo/generate.js";
import { ClientSecretCredential } from "@azure/identity";
import { Agent, fetch as ufetch } from "undici";
import tls from "node:tls";
const { snapshot } = generateDemoTenant({ users: 60, historyDays: 3 });
const sim = await startSimulator({ snapshot, timeScale: 0.001 });
const ca = [...tls.rootCertificates, sim.caCertPem];
const cred = new ClientSecretCredential(sim.tenantId, sim.clientId, sim.clientSecret, { authorityHost: sim.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca } });
let t = Date.now(); const tok = await cred.getToken("https://graph.microsoft.com/.default"); console.log("token", Date.now() - t);
t = Date.now(); await cred.getToken("https://graph.microsoft.com/.default"); console.log("token cached", Date.now() - t);
const agent = new Agent({ connect: { ca } });
for (let i = 0; i < 3; i++) { t = Date.now(); const r = await fetch(sim.baseUrl + "/v1.0/organization", { dispatcher: agent, headers: { authorization: "Bearer " + tok.token } }); await r.text(); console.log("global fetch", r.status, Date.now() - t); }
for (let i = 0; i < 3; i++) { t = Date.now(); const r = await ufetch(sim.baseUrl + "/v1.0/organization", { dispatcher: agent, headers: { authorization: "Bearer " + tok.token } }); await r.text(); console.log("undici fetch", r.status, Date.now() - t); }
await sim.close();
