import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { branchName, type BranchRef } from "../../src/config/branches-config.js";
import { parsePricesCsv } from "../../src/data/parse-prices-csv.js";
import type { PriceBar } from "../../src/data/price-series.js";
import { createRestGitHubApi } from "../../src/github/rest-github-api.js";
import { createOctokitClient } from "../../src/github/octokit-client.js";
import { startGitHubStandIn, type GitHubStandIn } from "../../src/github/stand-in-server.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { silentLogger } from "../../src/logger/logger.js";
import type { MonitorGitHub } from "../../src/monitor/apply-monitor.js";
import { gitMonitorSources } from "../../src/monitor/monitor-sources.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { publishArtifacts } from "../../src/publish/publish-artifacts.js";
import { realPrices } from "../support/real-prices.js";
import { createTempRemote, gitCli, makeTempDir, type TempRemote } from "../support/temp-repo.js";
import { pricesCsv } from "./regime-change.js";

export const GITHUB_TOKEN = "ghs_monitorTestToken000000000000000000";
export const REPO = { owner: "acme", repo: "stockops" };
const noWait = { sleep: async () => {}, random: () => 0.5 };

export interface MonitorWorld {
  remote: TempRemote;
  /** A clone of main, as a scheduled workflow has. */
  mainDir: string;
  /** The real prices every branch was trained on. */
  bars: PriceBar[];
  refs: BranchRef[];
  cleanup(): Promise<void>;
}

/** `preferred` when realPrices has it (../shared), else the embedded single stock, AAPL (its 1,260 days). */
export function monitorSymbol(preferred: string): string {
  return realPrices.tickers.includes(preferred) ? preferred : "AAPL";
}

/** The last `rows` days of a real ticker up to `until` (default: its end), unchanged. */
export async function recentBars(symbol: string, rows: number, until = "9999-12-31"): Promise<PriceBar[]> {
  const file = realPrices.path(symbol);
  return parsePricesCsv(await readFile(file), file).bars.filter((bar) => bar.date <= until).slice(-rows);
}

/**
 * A local origin (real git http-backend) whose main holds branches.json and whose model branches each
 * hold a ridge champion published by the real pipeline from `bars`.
 */
export async function createMonitorWorld(options: { symbol: string; rows: number; teams: string[]; monitor?: Record<string, unknown>; holdOut?: number }): Promise<MonitorWorld> {
  const temps: string[] = [];
  const temp = async () => {
    const dir = await makeTempDir("stockops-monitor-");
    temps.push(dir);
    return dir;
  };
  const bars = await recentBars(options.symbol, options.rows);
  const dataDir = await temp();
  const trainingCsv = join(dataDir, `${options.symbol}.csv`);
  await writeFile(trainingCsv, pricesCsv(bars));
  const refs = options.teams.map((team) => ({ team, symbol: options.symbol }));
  // The production fit sees every row up to [data] end: hold the last rows out so a test can trade them.
  const trainEnd = options.holdOut ? `end = "${bars.at(-options.holdOut - 1)!.date}"\n` : "";
  const branchesJson = {
    teams: Object.fromEntries(options.teams.map((team) => [team, {}])),
    branches: refs,
    ...(options.monitor ? { monitor: options.monitor } : {}),
  };
  const remote = await createTempRemote({ "branches.json": `${JSON.stringify(branchesJson, null, 2)}\n`, "README.md": "monitor test\n" });
  for (const ref of refs) {
    const clone = join(await temp(), "clone");
    await gitCli(join(clone, ".."), ["clone", "--quiet", remote.url, "clone"]);
    await gitCli(clone, ["checkout", "--quiet", "-b", branchName(ref)]);
    await writeFile(join(clone, "stockops.toml"), `symbol = "${ref.symbol}"\nteam = "${ref.team}"\nseed = 7\n\n[data]\nsource = "csv"\npath = "${trainingCsv}"\n${trainEnd}\n[model]\nkind = "ridge"\n\n# Daily returns are close to noise: promote even a model no better than naive, so the branch has a champion.\n[gate]\nmin_skill_vs_naive = -10\n`);
    await gitCli(clone, ["add", "stockops.toml"]);
    await gitCli(clone, ["commit", "--quiet", "-m", `config ${branchName(ref)}`]);
    await gitCli(clone, ["push", "--quiet", "origin", branchName(ref)]);
    await runPipeline({ dir: clone, logger: silentLogger });
    await publishArtifacts({ repo: openGitRepo({ dir: clone }), branch: branchName(ref), team: ref.team, symbol: ref.symbol, workdir: clone, logger: silentLogger, clock: { now: () => new Date("2026-11-20T21:00:00Z") }, retry: noWait });
  }
  const mainDir = join(await temp(), "main");
  await gitCli(join(mainDir, ".."), ["clone", "--quiet", remote.url, "main"]);
  return {
    remote,
    mainDir,
    bars,
    refs,
    cleanup: async () => {
      await remote.cleanup();
      for (const dir of [...temps, ...priceFolders.splice(0)]) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Monitor sources over the world's origin, reading current prices from `pricesDir/<SYMBOL>.csv`. */
export function worldSources(world: MonitorWorld, pricesDir: string) {
  return gitMonitorSources({ repo: openGitRepo({ dir: world.mainDir }), dir: world.mainDir, pricesDir, logger: silentLogger, retry: noWait });
}

/** Folders made by pricesFolder, removed by every world's cleanup. */
const priceFolders: string[] = [];

/** A folder holding `<symbol>.csv` with these bars: what the data update would have brought. */
export async function pricesFolder(symbol: string, bars: readonly PriceBar[]): Promise<string> {
  const dir = await makeTempDir("stockops-prices-");
  priceFolders.push(dir);
  await writeFile(join(dir, `${symbol}.csv`), pricesCsv(bars));
  return dir;
}

export async function startStandIn(): Promise<{ standIn: GitHubStandIn; github: MonitorGitHub }> {
  const standIn = await startGitHubStandIn({ token: GITHUB_TOKEN, repos: [{ fullName: `${REPO.owner}/${REPO.repo}` }] });
  const api = createRestGitHubApi(await createOctokitClient({ token: GITHUB_TOKEN, baseUrl: standIn.url }));
  return { standIn, github: { api, repo: REPO } };
}
