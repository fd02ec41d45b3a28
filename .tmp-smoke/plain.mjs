import { createServer } from "node:https";
import { Agent, fetch as ufetch } from "undici";
import tls from "node:tls";
import { createCertificates } from "/work/main/dist/src/simulator/tls.js";
const c = await createCertificates();
const server = createServer({ key: c.keyPem, cert: c.certPem }, (req, res) => { res.writeHead(200, {"content-type": "application/json"}); res.end('{"a":1}'); });
await new Promise(r => server.listen(0, "127.0.0.1", r));
const url = `https://127.0.0.1:${server.address().port}/x`;
const agent = new Agent({ connect: { ca: [...tls.rootCertificates, c.caCertPem] } });
for (let i = 0; i < 5; i++) { const t = performance.now(); const r = await ufetch(url, { dispatcher: agent }); await r.text(); console.log((performance.now() - t).toFixed(1)); }
const t = performance.now(); await Promise.all(Array.from({length: 50}, async () => { const r = await ufetch(url, { dispatcher: agent }); await r.text(); })); console.log("50 parallel", (performance.now() - t).toFixed(1));
server.close(); await agent.close();
