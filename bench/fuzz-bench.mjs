// The fuzz suite at 10× the cases of `npm test` (STOCKOPS_FUZZ_SCALE=10), run through vitest; each format's
// figures come back through STOCKOPS_FUZZ_REPORT (one JSON line per format, written by test/fuzz/harness.ts).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FILES = ["test/fuzz/csv-fuzz.test.ts", "test/fuzz/config-fuzz.test.ts", "test/fuzz/dvc-fuzz.test.ts"];

export async function benchFuzz(scale = Number(process.env.STOCKOPS_FUZZ_SCALE ?? "10")) {
  const dir = mkdtempSync(join(tmpdir(), "stockops-fuzz-bench-"));
  const report = join(dir, "figures.jsonl");
  const started = performance.now();
  const run = spawnSync("npx", ["vitest", "run", ...FILES], {
    cwd: ROOT,
    env: { ...process.env, STOCKOPS_FUZZ_SCALE: String(scale), STOCKOPS_FUZZ_REPORT: report },
    encoding: "utf8",
  });
  const wall = performance.now() - started;
  const figures = readFileSync(report, "utf8").trim().split("\n").map((line) => JSON.parse(line));
  rmSync(dir, { recursive: true, force: true });
  const rows = figures.map((f) => ({
    name: `${f.format}: cases / typed errors / uncaught / peak RSS`,
    value: `${f.cases} / ${f.typedErrors} / ${f.uncaught} / ${f.peakRssMiB.toFixed(0)} MiB in ${f.ms} ms`,
  }));
  rows.push({ name: `all formats (×${scale}), vitest exit code ${run.status}`, value: `${figures.reduce((sum, f) => sum + f.cases, 0)} cases, ${figures.reduce((sum, f) => sum + f.uncaught, 0)} uncaught, ${(wall / 1000).toFixed(1)} s wall` });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await benchFuzz()) console.log(`| ${row.name} | ${row.value} |`);
}
