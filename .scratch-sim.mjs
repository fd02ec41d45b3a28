import { createCertificates } from "./dist/src/simulator/tls.js";
import { startTestSimulator } from "./dist/test/simulator/support.js";
for (let i = 0; i < 3; i++) { const t = performance.now(); await createCertificates(); console.log("certs", Math.round(performance.now() - t)); }
for (let i = 0; i < 3; i++) { const t = performance.now(); const s = await startTestSimulator(); console.log("start", Math.round(performance.now() - t)); const t2 = performance.now(); await s.close(); console.log("close", Math.round(performance.now() - t2)); }
