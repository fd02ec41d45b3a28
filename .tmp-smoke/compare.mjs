import { startSimulator } from "/work/main/dist/src/simulator/server.js";
import { generateDemoTenant } from "/work/main/dist/src/simulator/demo/generate.js";
import { parseConfig } from "/work/main/dist/src/config/load-config.js";
import { resolveGraphSettings } from "/work/main/dist/src/graph/settings.js";
import { createGraphGateway } from "/work/main/dist/src/graph/gateway.js";
import { collect } from "/work/main/dist/src/collect/collect.js";
const { snapshot, groundTruth } = generateDemoTenant({ users: 60, historyDays: 3 });
console.log(groundTruth.scenarios.map(s => s.scenario + ":" + s.userPrincipalName).join("\n"));
const timeScale = 0.001;
const sim = await startSimulator({ snapshot, timeScale });
const config = parseConfig({}, "test");
const env = { AZURE_TENANT_ID: sim.tenantId, AZURE_CLIENT_ID: sim.clientId, AZURE_CLIENT_SECRET: sim.clientSecret, AZURE_AUTHORITY_HOST: sim.authorityHost, PHISHTRAIL_GRAPH_URL: sim.baseUrl };
const now = snapshot.capturedAt;
const window = { from: new Date(Date.parse(now) - 86400000).toISOString(), to: now, baselineFrom: new Date(Date.parse(now) - 3 * 86400000).toISOString() };
const users = groundTruth.scenarios.map(s => s.userPrincipalName);
const run = async (strategy) => { const gw = createGraphGateway(resolveGraphSettings(config, env), { timeScale, caCertPem: sim.caCertPem }); try { return await collect(gw, { targets: { mode: "users", users }, window, strategy, config }); } finally { await gw.close(); } };
const a = await run("per-user"); const b = await run("bulk");
for (let i = 0; i < a.users.length; i++) for (const k of Object.keys(a.users[i])) { if (k === "coverage") continue; const x = JSON.stringify(a.users[i][k]), y = JSON.stringify(b.users[i][k]); if (x !== y) console.log("DIFF", a.users[i].user.userPrincipalName, k, x.slice(0, 200), "\n   ", y.slice(0, 200)); }
console.log(a.stats, b.stats, JSON.stringify(a.tenant.peerSignIns).slice(0,200), JSON.stringify(b.tenant.peerSignIns).slice(0, 200));
await sim.close();
const ben = a.users.find(u => u.user.userPrincipalName.startsWith("benjamin"));
console.log(ben.signIns.value.filter(s => !s.success).map(s => `${s.time} ${s.ipAddress} ${s.errorCode} ${s.isInteractive}`));
console.log(b.tenant.peerSignIns.value.slice(0,3).map(s => `${s.time} ${s.ipAddress} ${s.errorCode} ${s.userPrincipalName}`), b.tenant.peerSignIns.value.length);
for (const u of a.users) { const base = u.signInBaseline.value; const sus = u.signIns.value.filter(s => s.ipAddress && !(s.success && base.ips[s.ipAddress])); console.log(u.user.userPrincipalName, sus.length, [...new Set(sus.map(s => s.ipAddress))].join(",")); }
console.log(sim.requests.filter(r => r.url.includes("ipAddress")).map(r => decodeURIComponent(r.url)));
