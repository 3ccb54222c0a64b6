// Trading speed: one team of 8 stocks (ridge champions published on model branches of a real git repo),
// one trading day from a cold `node bin/stockops.js trade`, and the replay of one year.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { silentLogger } from "../lib/logger/logger.js";
import { runPipeline } from "../lib/pipeline/run-pipeline.js";
import { renderChampion } from "../lib/publish/published-records.js";
import { paperBroker } from "../lib/trading/brokers/paper-broker.js";
import { directoryLedgerStore } from "../lib/trading/ledger.js";
import { repoTradingSources } from "../lib/trading/repo-sources.js";
import { runTrading } from "../lib/trading/run-trading.js";

const PRICES = fileURLToPath(new URL("../../shared/data/prices/", import.meta.url));
const CLI = fileURLToPath(new URL("../bin/stockops.js", import.meta.url));
// The five shared tickers, and three of them again under other names, to make eight stocks.
const STOCKS = [["AAPL", "AAPL"], ["AMZN", "AMZN"], ["GOOGL", "GOOGL"], ["IBM", "IBM"], ["MSFT", "MSFT"], ["AAPLB", "AAPL"], ["IBMB", "IBM"], ["MSFTB", "MSFT"]];
const TRAIN_END = "2022-12-30";
const git = (cwd, ...args) => execFileSync("git", args, { cwd, env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com" } });

export async function publishedRepo(root) {
  const repo = join(root, "repo");
  mkdirSync(repo);
  git(repo, "init", "--quiet", "--initial-branch=main");
  const branches = { teams: { bench: {} }, branches: STOCKS.map(([symbol]) => ({ team: "bench", symbol })) };
  writeFileSync(join(repo, "branches.json"), `${JSON.stringify(branches, null, 2)}\n`);
  git(repo, "add", "branches.json");
  git(repo, "commit", "--quiet", "-m", "branches");
  for (const [symbol, source] of STOCKS) {
    const csv = join(root, `${symbol}.csv`);
    cpSync(join(PRICES, `${source}.csv`), csv);
    const folder = join(root, `branch-${symbol}`);
    mkdirSync(folder);
    writeFileSync(join(folder, "stockops.toml"), `symbol = "${symbol}"\nteam = "bench"\n\n[data]\nsource = "csv"\npath = "${csv}"\nend = "${TRAIN_END}"\n\n[model]\nkind = "ridge"\n`);
    await runPipeline({ dir: folder, until: "train", logger: silentLogger });
    const tag = `models/bench/${symbol}/v1`;
    const since = "2023-01-01T00:00:00Z";
    const reason = "promoted: bench champion";
    writeFileSync(join(folder, "models", symbol, "champion.json"), renderChampion({ schema: 1, version: 1, tag, since, reason, kind: "ridge", test_mae: 1, skill_vs_naive: 0, history: [{ version: 1, tag, since, until: null, reason }] }));
    git(repo, "checkout", "--quiet", "--orphan", `bench/${symbol}`);
    git(repo, "rm", "-rq", "--cached", ".");
    rmSync(join(repo, "branches.json"), { force: true });
    cpSync(folder, repo, { recursive: true });
    git(repo, "add", "stockops.toml", "models");
    git(repo, "commit", "--quiet", "-m", `models(bench/${symbol}): v1`);
    git(repo, "tag", tag);
    git(repo, "clean", "-fdxq");
  }
  git(repo, "checkout", "--quiet", "main");
  return repo;
}

function cliWall(args) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [CLI, "trade", ...args], { encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`bench: stockops trade ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

export async function benchTrading() {
  const root = mkdtempSync(join(tmpdir(), "stockops-trading-bench-"));
  try {
    const repo = await publishedRepo(root);
    const oneDay = cliWall(["--team", "bench", "--date", "2023-01-03", "--dir", repo, "--ledger-dir", join(root, "day")]);
    const yearCli = cliWall(["--team", "bench", "--from", "2023-01-03", "--to", "2023-12-29", "--dir", repo, "--ledger-dir", join(root, "year")]);
    const entries = readFileSync(join(root, "year", "ledger", "bench.jsonl"), "utf8").trim().split("\n").length;
    const sources = await repoTradingSources({ dir: repo });
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await runTrading({ team: "bench", from: "2023-01-03", to: "2023-12-29", ...sources, ledger: directoryLedgerStore(join(root, "year-in-process")), broker: paperBroker(), logger: silentLogger });
    const yearInProcess = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const yearCpu = (cpu.user + cpu.system) / 1000;
    return [
      { name: "one trading day, 8 stocks, cold `stockops trade` (wall, node start included)", ms: oneDay },
      { name: `replay of 2023 (${entries} trading days), 8 stocks, \`stockops trade --from --to\` (wall)`, ms: yearCli },
      { name: "same replay in process (champions and prices loaded once)", ms: yearInProcess },
      { name: "same replay in process, CPU time (user + system)", ms: yearCpu },
      { name: "per trading day in the replay (wall)", ms: yearInProcess / entries },
      { name: "machine load average (1 min) at the end", value: loadavg()[0].toFixed(1) },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchTrading()) console.log(`${row.name}: ${row.value ?? `${row.ms.toFixed(0)} ms`}`);
}
