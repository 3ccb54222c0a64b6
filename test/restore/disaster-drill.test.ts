import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBranchesConfig } from "../../src/config/read-branches-config.js";
import { addData } from "../../src/dvc/add.js";
import { LocalRemote } from "../../src/dvc/local-remote.js";
import { pullData, pushData } from "../../src/dvc/transfer.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger, silentLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { restore, type RestoreReport } from "../../src/restore/restore.js";
import { gitBranchReader } from "../../src/trading/branch-files.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { branchChampionSource } from "../../src/trading/champion-source.js";
import { directoryLedgerStore } from "../../src/trading/ledger.js";
import { pipelineModelRuntime } from "../../src/trading/model-runtime.js";
import { csvDirectoryPriceSource } from "../../src/trading/price-source.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { recentBars } from "../monitor/monitor-world.js";
import { pricesCsv } from "../monitor/regime-change.js";
import { realPrices } from "../support/real-prices.js";
import { createTempRemote, gitCli, makeTempDir, TEST_AUTHOR, type TempRemote } from "../support/temp-repo.js";

// Two real models on real prices tracked by DVC: a ridge (closed form) and a small MLP (TensorFlow.js, seeded).
const [RIDGE, MLP] = realPrices.tickers.includes("IBM") ? ["MSFT", "IBM"] : ["AAPL", "SPX"];
const MODELS = {
  [RIDGE]: 'kind = "ridge"\nalpha = 1',
  [MLP]: 'kind = "mlp"\nhidden_units = [8]\nepochs = 3\nbatch_size = 64\npatience = 0',
};
/** The same days for both: the embedded AAPL ends two years before the S&P 500. */
let FIT_END: string;
const UNTIL = [RIDGE, MLP].map((ticker) => realPrices.lastDate(ticker)).sort()[0]!;
const ROWS = 700;
const noWait = { sleep: async () => {}, random: () => 0.5 };

const temps: string[] = [];
const temp = async () => {
  const dir = await makeTempDir("stockops-drill-");
  temps.push(dir);
  return dir;
};
let remote: TempRemote;
let dataStore: string;
let pricesDir: string;
let headsBefore: Record<string, string>;
let ledgerBefore: string;
let report: RestoreReport;

async function clone(branch = "main"): Promise<string> {
  const dir = join(await temp(), "clone");
  await gitCli(join(dir, ".."), ["clone", "--quiet", "--branch", branch, remote.url, "clone"]);
  return dir;
}

beforeAll(async () => {
  dataStore = await temp();
  pricesDir = await temp();
  const branches = { teams: { red: {} }, branches: Object.keys(MODELS).map((symbol) => ({ team: "red", symbol })) };
  remote = await createTempRemote({
    "branches.json": `${JSON.stringify(branches, null, 2)}\n`,
    ".gitignore": "/data/\n/.dvc/cache\n/.dvc/tmp\n",
    ".dvc/config": `[core]\n    remote = store\n['remote "store"']\n    url = ${dataStore}\n`,
  });
  // The champions are fitted up to two weeks before the end, so the drill's trading days come after their fit.
  FIT_END = (await recentBars(RIDGE, ROWS, UNTIL)).at(-12)!.date;
  // main: data/ tracked by data.dvc, its objects pushed to the data remote.
  const main = await clone();
  for (const symbol of Object.keys(MODELS)) {
    const csv = pricesCsv(await recentBars(symbol, ROWS, UNTIL));
    await writeFile(join(pricesDir, `${symbol}.csv`), csv);
    await mkdir(join(main, "data"), { recursive: true });
    await writeFile(join(main, "data", `${symbol}.csv`), csv);
  }
  await addData(main, "data");
  await pushData(main, new LocalRemote("store", dataStore));
  await gitCli(main, ["add", "data.dvc"]);
  await gitCli(main, ["commit", "--quiet", "-m", "data: track data/ with DVC"]);
  await gitCli(main, ["push", "--quiet", "origin", "main"]);
  // Each model branch: its config, the real pipeline, a real publish (version tag, champion.json).
  for (const [symbol, model] of Object.entries(MODELS)) {
    const branch = `red/${symbol}`;
    const dir = await clone();
    await gitCli(dir, ["checkout", "--quiet", "-b", branch]);
    await writeFile(join(dir, "stockops.toml"), `symbol = "${symbol}"\nteam = "red"\nseed = 11\n\n[data]\nsource = "dvc"\nend = "${FIT_END}"\n\n[model]\n${model}\n\n[gate]\nmin_skill_vs_naive = -10\n`);
    await gitCli(dir, ["add", "stockops.toml"]);
    await gitCli(dir, ["commit", "--quiet", "-m", `config ${branch}`]);
    await gitCli(dir, ["push", "--quiet", "origin", branch]);
    await pullData(dir, new LocalRemote("store", dataStore));
    await runPipeline({ dir, logger: silentLogger });
    await publishArtifacts({ repo: openGitRepo({ dir }), branch, team: "red", symbol, workdir: dir, logger: silentLogger, clock: { now: () => new Date("2026-11-20T21:00:00Z") }, retry: noWait });
  }
  // The trading branch: two weeks of real trading with those champions.
  const trader = await clone();
  await gitCli(trader, ["fetch", "--quiet", "origin"]);
  const ledgerDir = await temp();
  const bars = await recentBars(RIDGE, ROWS, UNTIL);
  await runTrading({
    team: "red",
    from: bars.at(-10)!.date,
    to: bars.at(-1)!.date,
    branches: parseBranchesConfig(JSON.stringify(branches)),
    champions: branchChampionSource(gitBranchReader(openGitRepo({ dir: trader })), pipelineModelRuntime),
    prices: csvDirectoryPriceSource(pricesDir),
    ledger: directoryLedgerStore(ledgerDir),
    broker: paperBroker(),
    logger: silentLogger,
  });
  ledgerBefore = await readFile(join(ledgerDir, "ledger/red.jsonl"), "utf8");
  const repo = openGitRepo({ dir: trader });
  const commit = await repo.commitFiles({ parent: undefined, changes: { "ledger/red.jsonl": ledgerBefore }, message: "trading: ledger", author: TEST_AUTHOR });
  await repo.push("trading", "branch", commit);

  headsBefore = Object.fromEntries(await Promise.all(Object.keys(MODELS).map(async (symbol) => [symbol, await gitCli(remote.bareDir, ["rev-parse", `red/${symbol}`])])));

  // The disaster: every model branch deleted on the origin, every clone (its DVC cache and data/) gone.
  for (const symbol of Object.keys(MODELS)) await gitCli(remote.bareDir, ["branch", "-D", `red/${symbol}`]);
  for (const dir of temps.filter((dir) => dir !== dataStore && dir !== pricesDir)) await rm(dir, { recursive: true, force: true });

  const fresh = await clone();
  report = await restore({ dir: fresh, env: {}, scratch: await temp(), pricesDir, logger: memoryLogger() });
}, 300_000);

afterAll(async () => {
  await remote?.cleanup();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe("acceptance 3: disaster drill against a real git http-backend and a DVC data remote", () => {
  it("pulls the data from the remote alone and verifies it against data.dvc", () => {
    expect(report.data).toMatchObject({ dvcFile: "data.dvc", filesHashed: 2 });
    expect(report.data!.pulled).toBeGreaterThanOrEqual(3);
  });

  it("rebuilds every model at its recorded lineage with identical weights hashes (ridge and MLP, same backend)", () => {
    expect(report.branches.map((b) => [b.branch, b.state, b.error])).toEqual([
      [`red/${RIDGE}`, "recreated", undefined],
      [`red/${MLP}`, "recreated", undefined],
    ]);
    const kinds = report.branches.flatMap((b) => b.rebuilds.map((r) => r.kind));
    expect(kinds).toEqual(["ridge", "mlp"]);
    for (const rebuild of report.branches.flatMap((b) => b.rebuilds)) {
      expect(rebuild.backend.rebuilt).toBe(rebuild.backend.recorded);
      expect(rebuild.models.length).toBeGreaterThan(0);
      for (const model of rebuild.models) expect(model.rebuilt).toBe(model.recorded);
      expect(rebuild.identical).toBe(true);
    }
    const mlp = report.branches[1]!.rebuilds[0]!;
    expect(mlp.models.map((m) => m.file)).toEqual(expect.arrayContaining(["model.json", "weights.bin"]));
    console.log(`drill: ${report.branches.flatMap((b) => b.rebuilds.map((r) => `${r.tag} ${r.kind} on ${r.backend.rebuilt}: ${r.models.map((m) => `${m.file} ${m.rebuilt}`).join(", ")}`)).join("; ")}`);
  });

  it("recreates each deleted branch on the origin at its published commit", async () => {
    for (const symbol of Object.keys(MODELS)) expect(await gitCli(remote.bareDir, ["rev-parse", `red/${symbol}`])).toBe(headsBefore[symbol]);
  });

  it("replays the trading ledger byte for byte", () => {
    expect(report.ledgers).toEqual([{ team: "red", entries: 10, first: expect.any(String), last: expect.any(String), identical: true }]);
    expect(ledgerBefore.split("\n").filter(Boolean)).toHaveLength(10);
    expect(report.ok).toBe(true);
  });
});
