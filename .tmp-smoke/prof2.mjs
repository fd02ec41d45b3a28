import { readFileSync, readdirSync } from "node:fs";
const f = readdirSync(".").find(n => n.endsWith(".cpuprofile"));
const p = JSON.parse(readFileSync(f));
const byId = new Map(p.nodes.map(n => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = p.timeDeltas; const t = new Map();
p.samples.forEach((id, i) => t.set(id, (t.get(id) ?? 0) + (dt[i] ?? 0)));
const target = process.argv[2];
const agg = new Map();
for (const [id, v] of t) { const n = byId.get(id); if (!n.callFrame.functionName.includes(target)) continue; let chain = []; let cur = id; for (let k = 0; k < 6 && cur; k++) { const c = byId.get(cur).callFrame; chain.push(`${c.functionName}@${c.url.split("/").pop()}:${c.lineNumber}:${c.columnNumber}`); cur = parent.get(cur); } const key = chain.join(" < "); agg.set(key, (agg.get(key) ?? 0) + v); }
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log((v/1000).toFixed(0), k);
