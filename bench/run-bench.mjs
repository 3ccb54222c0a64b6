// `npm run bench`: measured figures for the README. Compare as ratios within one run; this machine is noisy.
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { benchPipeline } from "./pipeline-bench.mjs";

const shared = fileURLToPath(new URL("../../shared/data/prices/", import.meta.url));
const ticker = existsSync(`${shared}AAPL.csv`) ? { csv: `${shared}AAPL.csv`, symbol: "AAPL", label: "AAPL 2000–2024 (6084 rows)" } : undefined;
if (!ticker) {
  // the walk-forward bench falls back to the embedded S&P 500 and says the shared-ticker part is skipped
  console.error("bench needs ../shared/data/prices/AAPL.csv beside the checkout; running the walk-forward bench alone");
  const { benchWalkForward } = await import("./walk-forward-bench.mjs");
  for (const row of await benchWalkForward()) console.log(`${row.name}: ${row.value ?? `${row.ms.toFixed(0)} ms`}`);
  process.exit(1);
}

const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "—");
const table = (header, rows) => {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
  return lines.join("\n");
};

console.log(`## Pipeline, ${ticker.label}, one process per run (node start + imports included in total)\n`);
const pipeline = await benchPipeline(ticker.csv, ticker.symbol);
console.log(
  table(
    ["model", "features", "train", "evaluate", "report", "total (wall / CPU)", "no-op rerun (wall / CPU)"],
    pipeline.map((row) => [
      row.kind,
      ms(row.features),
      ms(row.train),
      ms(row.evaluate),
      ms(row.report),
      `${ms(row.total)} / ${ms(row.totalCpu)}`,
      `${ms(row.noop)} / ${ms(row.noopCpu)}${row.noopSkippedAll ? "" : " (NOT all skipped!)"}`,
    ]),
  ),
);
const ridge = pipeline.find((row) => row.kind === "ridge");
console.log(
  `\nridge end to end: ${ms(ridge.total)} wall (${ms(ridge.totalCpu)} CPU) vs pandas + scikit-learn reference 1400 ms → ${(1400 / ridge.total).toFixed(1)}× faster; ` +
    `no-op rerun ${ms(ridge.noop)} wall, ${ms(ridge.noopCpu)} CPU (target < 500 ms); load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores\n`,
);

for (const [file, exportName, title] of [
  ["./throughput-bench.mjs", "benchThroughput", "Training throughput per backend"],
  ["./dvc-bench.mjs", "benchDvc", "Data versioning"],
  ["./actions-bench.mjs", "benchActions", "Actions: cold start and bundle size"],
  ["./walk-forward-bench.mjs", "benchWalkForward", "Walk-forward evaluation and significance"],
  ["./trading-bench.mjs", "benchTrading", "Trading"],
  ["./tracking-bench.mjs", "benchTracking", "Experiment tracking"],
  ["./contention-bench.mjs", "benchContention", "Concurrent writers on one branch"],
  ["./fuzz-bench.mjs", "benchFuzz", "Fuzz suite (×10 the cases of npm test)"],
  ["./serve-bench.mjs", "benchServe", "Serving (stockops serve under autocannon)"],
]) {
  if (!existsSync(fileURLToPath(new URL(file, import.meta.url)))) continue;
  const rows = await (await import(file))[exportName]();
  console.log(`## ${title}\n`);
  console.log(table(["measure", "value"], rows.map((row) => [row.name, row.value ?? ms(row.ms)])));
  console.log();
}
