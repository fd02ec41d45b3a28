/**
 * Detection quality on the demo tenant's ground truth: scans each (size, seed) through the real
 * pipeline (CLI, embedded Graph simulator) and prints recall and precision, each scenario's level
 * and ATT&CK techniques expected vs found, the benign users by level, and every benign user at
 * medium or above with their strongest findings. Exits 1 when an acceptance criterion fails
 * (an attack below high or missing a technique, or more than 1% of benign users at medium+).
 *
 *   npm run quality [-- --users 300,1000] [--seeds 42,7] [--now 2026-11-27T06:00:00Z]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/index.js";
import { RISK_LEVELS, type Report } from "../src/report/types.js";
import { generateDemoTenant } from "../src/simulator/demo/generate.js";
import { assessQuality, type QualityResult } from "../src/simulator/demo/quality.js";

const MAX_BENIGN_FLAGGED_RATE = 0.01;

interface Options {
  users: number[];
  seeds: number[];
  now: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { users: [300], seeds: [42, 7], now: "2026-11-27T06:00:00Z" };
  const list = (value: string | undefined, flag: string) => {
    const numbers = (value ?? "").split(",").map((v) => Number(v.trim()));
    if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n))) throw new Error(`${flag} needs comma-separated whole numbers, e.g. ${flag} 42,7`);
    return numbers;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--users") options.users = list(value, flag);
    else if (flag === "--seeds") options.seeds = list(value, flag);
    else if (flag === "--now") options.now = value ?? options.now;
    else throw new Error(`Unknown option ${flag}: use --users, --seeds or --now.`);
    i++;
  }
  return options;
}

async function run(users: number, seed: number, now: string): Promise<{ result: QualityResult; seconds: number }> {
  const out = mkdtempSync(join(tmpdir(), "phishtrail-quality-"));
  const started = performance.now();
  try {
    const code = await main(["scan", "--demo", "--demo-users", String(users), "--seed", String(seed), "--all", "--now", now, "--format", "json", "--out", out, "--quiet", "--no-progress"]);
    if (code !== 0) throw new Error(`scan of ${users} users, seed ${seed} exited ${code}`);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
    const seconds = (performance.now() - started) / 1000;
    return { result: assessQuality(report, generateDemoTenant({ users, seed, now: new Date(now) }).groundTruth), seconds };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const pad = (text: string | number, width: number) => String(text).padEnd(width);

function print(users: number, seed: number, { result, seconds }: { result: QualityResult; seconds: number }): boolean {
  const allowed = Math.floor(result.benign.total * MAX_BENIGN_FLAGGED_RATE);
  const missed = result.scenarios.filter((s) => !s.detected).length;
  const ok = missed === 0 && result.benign.flagged.length <= allowed;
  console.log(`\n== ${users} users, seed ${seed} (${seconds.toFixed(1)} s): ${ok ? "PASS" : "FAIL"}`);
  console.log(`recall ${pct(result.recall)} (${result.scenarios.length - missed}/${result.scenarios.length} attacks at high+ with their techniques)`);
  console.log(`precision ${pct(result.precision)} (attacked users among users at medium+); benign at medium+ ${result.benign.flagged.length}/${result.benign.total} = ${pct(result.benignFlaggedRate)} (at most ${allowed})`);
  console.log("\n  scenario                            level     score  expected -> found (missing)");
  for (const s of result.scenarios) {
    const relevant = s.found.filter((t) => s.expected.includes(t));
    const missing = s.missing.length ? ` (missing ${s.missing.join(", ")})` : "";
    console.log(`${pad(s.detected ? "  " : "! ", 2)}${pad(s.scenario, 36)}${pad(s.level, 10)}${pad(s.score, 7)}${s.expected.join(" ")} -> ${relevant.join(" ") || "-"}${missing}`);
  }
  console.log(`\nbenign users by level: ${RISK_LEVELS.map((level) => `${level} ${result.benign.byLevel[level]}`).join(", ")}`);
  for (const u of result.benign.flagged) console.log(`  ${pad(u.userPrincipalName, 44)}${pad(u.level, 9)}${pad(u.score, 5)}${u.top.join(", ")}`);
  return ok;
}

const options = parseArgs(process.argv.slice(2));
let failed = false;
for (const users of options.users) {
  for (const seed of options.seeds) {
    if (!print(users, seed, await run(users, seed, options.now))) failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
