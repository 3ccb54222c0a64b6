// Data versioning speed on the shared daily prices: `status` with a warm hash cache (target < 200 ms) and a full `verify`.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { addData } from "../lib/dvc/add.js";
import { readVerifiedDataFile } from "../lib/dvc/read-verified.js";
import { dataStatus } from "../lib/dvc/status.js";
import { verifyData } from "../lib/dvc/verify.js";

const PRICES = fileURLToPath(new URL("../../shared/data/prices/", import.meta.url));
const CLI = fileURLToPath(new URL("../bin/stockops.js", import.meta.url));

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

async function median(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function benchDvc() {
  const repo = mkdtempSync(join(tmpdir(), "stockops-dvc-bench-"));
  try {
    mkdirSync(join(repo, "data"));
    const files = readdirSync(PRICES).filter((name) => name.endsWith(".csv"));
    for (const name of files) cpSync(join(PRICES, name), join(repo, "data", name));
    const add = await timed(() => addData(repo, "data"));
    rmSync(join(repo, ".dvc", "tmp"), { recursive: true, force: true });
    const cold = await timed(() => dataStatus(repo));
    const warm = await median(21, () => dataStatus(repo));
    const state = (await dataStatus(repo)).outs[0];
    if (state.workspace !== "unchanged" || state.missingInCache.length) throw new Error(`bench: unexpected status ${JSON.stringify(state)}`);
    const verify = await median(5, () => verifyData(repo));
    const read = await median(11, () => readVerifiedDataFile(repo, "AAPL.csv"));
    const cli = spawnSync(process.execPath, [CLI, "data", "status", "--offline", "--dir", repo], { encoding: "utf8" });
    const cliStart = performance.now();
    spawnSync(process.execPath, [CLI, "data", "status", "--offline", "--dir", repo], { encoding: "utf8" });
    const cliMs = cli.status === 0 ? performance.now() - cliStart : Number.NaN;
    const label = `${files.length} files, ${(add.result.out.size / 1e6).toFixed(1)} MB`;
    return [
      { name: `add data/ (${label}, cold cache)`, ms: add.ms },
      { name: "status, hash cache cold", ms: cold.ms },
      { name: "status, hash cache warm (median of 21; target < 200 ms)", ms: warm },
      { name: "verify, full re-hash of files and cache objects (median of 5)", ms: verify },
      { name: "verified read of data/AAPL.csv for the pipeline (median of 11)", ms: read },
      { name: "`stockops data status --offline`, whole process (node start included)", ms: cliMs },
    ];
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await benchDvc()) console.log(`${row.name}: ${row.ms.toFixed(1)} ms`);
}
