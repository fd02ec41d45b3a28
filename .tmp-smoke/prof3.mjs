import { readFileSync, readdirSync } from "node:fs";
const f = readdirSync(".").find(n => n.endsWith(".cpuprofile"));
const p = JSON.parse(readFileSync(f));
const byId = new Map(p.nodes.map(n => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = p.timeDeltas; const t = new Map();
p.samples.forEach((id, i) => t.set(id, (t.get(id) ?? 0) + (dt[i] ?? 0)));
// inclusive time per "area": walk up the stack, attribute sample to first frame whose url matches an area
const areas = [["simulator", "/dist/src/simulator/"], ["collect", "/dist/src/collect/"], ["graph", "/dist/src/graph/"], ["graph-sdk", "microsoft-graph-client"], ["azure", "@azure"], ["undici", "undici"], ["node-internal", "node:"]];
const agg = new Map();
for (const [id, v] of t) { let cur = id; let area = "other"; const seen = []; while (cur) { const url = byId.get(cur).callFrame.url; const a = areas.find(([, m]) => url.includes(m)); if (a && a[0] !== "node-internal") { area = a[0]; break; } cur = parent.get(cur); } agg.set(area, (agg.get(area) ?? 0) + v); }
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1])) console.log((v/1000).toFixed(0).padStart(6), k);
