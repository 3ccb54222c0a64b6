import { createHash } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError, TradingError } from "../../src/errors.js";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger, silentLogger } from "../../src/logger/logger.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { gitBranchReader } from "../../src/trading/branch-files.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { branchChampionSource } from "../../src/trading/champion-source.js";
import { pipelineModelRuntime } from "../../src/trading/model-runtime.js";
import { branchPriceSource } from "../../src/trading/price-source.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { renderTradingSummary } from "../../src/trading/trading-summary.js";
import { makeModelBranch } from "../support/model-branch.js";
import { createTempRemote, createTempRepo, gitCli } from "../support/temp-repo.js";
import { TICKERS as ALL_TICKERS, branchesFor, day, memoryLedgerStore } from "./fakes.js";
import { realPrices } from "../support/real-prices.js";
import { tradingDaysBetween } from "../../src/trading/market-calendar.js";
import { loadCommands } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { readFile, writeFile } from "node:fs/promises";
import { renderChampion } from "../../src/publish/published-records.js";

const TICKERS = ALL_TICKERS.slice(0, 3);
const TAMPERED = TICKERS[1]!;
/** Trained on seven years up to the June before realPrices.year; traded in that year. */
const Y = realPrices.year;
const TRAIN = `start = "${Y - 7}-01-04"\nend = "${Y - 1}-06-30"`;

/** champion.json as publish writes it, naming v1 and its tag. */
function championJson(team: string, symbol: string): string {
  const tag = `models/${team}/${symbol}/v1`;
  return renderChampion({
    schema: 1, version: 1, tag, since: "2023-01-01T00:00:00Z", reason: "promoted: no champion yet", kind: "ridge", test_mae: 1, skill_vs_naive: 0.01,
    history: [{ version: 1, tag, since: "2023-01-01T00:00:00Z", until: null, reason: "promoted: no champion yet" }],
  });
}

/** A repository whose red/<T> branches hold what the pipeline published: ridge models trained on seven years up to the June before realPrices.year, champion v1 tagged. */
async function publishedRepo(tickers = TICKERS, withChampion = (_ticker: string) => true): Promise<string> {
  const repo = await createTempRepo({ "branches.json": JSON.stringify(branchesFor({ red: tickers })) });
  for (const ticker of tickers) {
    const folder = await makeModelBranch(ticker, 'kind = "ridge"', TRAIN);
    await runPipeline({ dir: folder, until: "train", logger: silentLogger });
    if (withChampion(ticker)) await writeFile(join(folder, `models/${ticker}/champion.json`), championJson("red", ticker));
    await gitCli(repo, ["checkout", "--quiet", "--orphan", `red/${ticker}`]);
    await gitCli(repo, ["rm", "-rq", "--cached", "."]);
    await rm(join(repo, "branches.json"), { force: true });
    await cp(folder, repo, { recursive: true });
    await gitCli(repo, ["add", "stockops.toml", "models"]);
    await gitCli(repo, ["commit", "--quiet", "-m", `models(red/${ticker}): v1`]);
    if (withChampion(ticker)) await gitCli(repo, ["tag", `models/red/${ticker}/v1`]);
    await gitCli(repo, ["clean", "-fdxq"]);
    await rm(folder, { recursive: true, force: true });
  }
  await gitCli(repo, ["checkout", "--quiet", "main"]);
  return repo;
}

describe("champions read from model branches' git objects", () => {
  let repo: string;
  beforeAll(async () => {
    repo = await publishedRepo();
  });
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  const sources = (dir: string) => {
    const read = gitBranchReader(openGitRepo({ dir }));
    return { champions: branchChampionSource(read, pipelineModelRuntime), prices: branchPriceSource(read, dir) };
  };

  it("loads each champion with its lineage and predicts a finite next-day return", async () => {
    const { champions, prices } = sources(repo);
    const champion = await champions.load({ team: "red", symbol: "AAPL" });
    expect(champion.trainedThrough <= `${Y - 1}-06-30`).toBe(true);
    expect(champion.version).toBe("v1");
    const bars = (await prices.bars({ team: "red", symbol: "AAPL" })).filter((bar) => bar.date <= day("03-01"));
    expect(bars.at(-1)!.date).toBe(day("03-01"));
    const predicted = await champion.predict(bars);
    expect(Number.isFinite(predicted)).toBe(true);
    expect(Math.abs(predicted)).toBeLessThan(0.2);
  });

  it("a tampered model file skips that stock with an IntegrityError in the summary; the others trade", async () => {
    const work = await mkdtemp(join(tmpdir(), "stockops-tamper-"));
    try {
      await gitCli(work, ["clone", "--quiet", "--no-local", repo, "."]);
      await gitCli(work, ["checkout", "--quiet", `red/${TAMPERED}`]);
      await gitCli(work, ["fetch", "--quiet", "origin", "refs/tags/*:refs/tags/*"]);
      const ridge = join(work, `models/${TAMPERED}/ridge.json`);
      const text = await readFile(ridge, "utf8");
      await writeFile(ridge, text.replace(/(\d)(\d)/, (_m, a: string, b: string) => `${a}${b === "9" ? "8" : String(Number(b) + 1)}`));
      await gitCli(work, ["commit", "--quiet", "-am", `tamper with the ${TAMPERED} model`]);
      // At the tip only: the champion is read at its tag, so it still loads.
      expect((await sources(work).champions.load({ team: "red", symbol: TAMPERED })).version).toBe("v1");
      // The tag moved onto the tampered commit: the md5 recorded in lineage.json no longer matches.
      await gitCli(work, ["tag", "-f", `models/red/${TAMPERED}/v1`]);
      await gitCli(work, ["checkout", "--quiet", "main"]);
      const { champions, prices } = sources(work);
      await expect(champions.load({ team: "red", symbol: TAMPERED })).rejects.toThrow(IntegrityError);
      const logger = memoryLogger();
      const ledger = memoryLedgerStore();
      const summary = await runTrading({ team: "red", date: day("03-01"), branches: branchesFor({ red: TICKERS }), champions, prices, ledger, broker: paperBroker(), logger });
      expect(summary.skipped.map((s) => s.symbol)).toEqual([TAMPERED]);
      expect(summary.skipped[0]!.error).toMatch(new RegExp(`models/red/${TAMPERED}/v1:models/${TAMPERED}/ridge\\.json: md5 [0-9a-f]{32} does not match [0-9a-f]{32} recorded in lineage\\.json`));
      expect(summary.last!.predictions.map((p) => p.symbol)).toEqual(TICKERS.filter((ticker) => ticker !== TAMPERED));
      expect(renderTradingSummary(summary)).toMatch(new RegExp(`### Skipped[\\s\\S]*\\| ${day("03-01")} \\| ${TAMPERED} \\| models/red/${TAMPERED}/v1:models/${TAMPERED}/ridge\\.json: md5`));
      expect(summary.last!.predictions.every((p) => p.trained_through <= day("03-01"))).toBe(true);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it("a branch named like the champion's tag is ignored; a champion.json naming another branch's tag is refused", async () => {
    const work = await mkdtemp(join(tmpdir(), "stockops-shadow-"));
    try {
      await gitCli(work, ["clone", "--quiet", "--no-local", repo, "."]);
      await gitCli(work, ["fetch", "--quiet", "origin", "refs/tags/*:refs/tags/*"]);
      const bars = (await sources(work).prices.bars({ team: "red", symbol: "AAPL" })).filter((bar) => bar.date <= day("03-01"));
      const honest = await (await sources(work).champions.load({ team: "red", symbol: "AAPL" })).predict(bars);
      // A branch refs/heads/models/red/AAPL/v1 holding other, self-consistent weights: a full clone has both names.
      await gitCli(work, ["checkout", "--quiet", "-b", "models/red/AAPL/v1", "origin/red/AAPL"]);
      const ridge = join(work, "models/AAPL/ridge.json");
      const weights = JSON.parse(await readFile(ridge, "utf8")) as { intercept: number };
      await writeFile(ridge, JSON.stringify({ ...weights, intercept: weights.intercept + 0.05 }));
      const lineagePath = join(work, "models/AAPL/lineage.json");
      const lineage = JSON.parse(await readFile(lineagePath, "utf8")) as { model_files: Record<string, string> };
      lineage.model_files["ridge.json"] = createHash("md5").update(await readFile(ridge)).digest("hex");
      await writeFile(lineagePath, `${JSON.stringify(lineage)}\n`);
      await gitCli(work, ["commit", "--quiet", "-am", "a branch that shadows the tag"]);
      await gitCli(work, ["checkout", "--quiet", "main"]);
      const read = gitBranchReader(openGitRepo({ dir: work }));
      const viaBranch = branchChampionSource((ref, path, kind) => read(kind === "tag" ? "models/red/AAPL/v1" : ref, path, "branch"), pipelineModelRuntime);
      expect(await (await viaBranch.load({ team: "red", symbol: "AAPL" })).predict(bars)).not.toBe(honest);
      const shadowed = await sources(work).champions.load({ team: "red", symbol: "AAPL" });
      expect(await shadowed.predict(bars)).toBe(honest);

      await gitCli(work, ["checkout", "--quiet", "-b", "red/AAPL", "origin/red/AAPL"]);
      await writeFile(join(work, "models/AAPL/champion.json"), championJson("blue", "AAPL"));
      await gitCli(work, ["tag", "models/blue/AAPL/v1", `origin/red/${TICKERS.find((ticker) => ticker !== "AAPL")!}`]);
      await gitCli(work, ["commit", "--quiet", "-am", "point the champion at blue's tag"]);
      await gitCli(work, ["checkout", "--quiet", "main"]);
      await expect(sources(work).champions.load({ team: "red", symbol: "AAPL" })).rejects.toThrow(
        /red\/AAPL:models\/AAPL\/champion\.json \(field tag\)|names tag models\/blue\/AAPL\/v1, but a champion of red\/AAPL must be its own version tag models\/red\/AAPL\/v1/,
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it("refuses a replay that starts before the champions' training end", async () => {
    const { champions, prices } = sources(repo);
    const [from, to] = [`${Y - 3}-03-02`, `${Y - 3}-03-06`];
    const first = tradingDaysBetween(from, to)[0]!;
    const run = runTrading({ team: "red", from, to, branches: branchesFor({ red: TICKERS }), champions, prices, ledger: memoryLedgerStore(), broker: paperBroker(), logger: silentLogger });
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TradingError);
    expect((error as TradingError).message).toMatch(new RegExp(`red/AAPL model \\S+ was trained on prices up to 20\\d\\d-\\d\\d-\\d\\d, after the decision date ${first}`));
    expect((error as TradingError).hint).toBe(`train it with [data] end before ${first} in stockops.toml, or retrain walk-forward on a schedule`);
  });

  it("stockops trade: writes ledger, portfolio and leaderboard; a second run and a weekend change nothing", async () => {
    const ledgerDir = await mkdtemp(join(tmpdir(), "stockops-ledger-"));
    try {
      const commands = await loadCommands();
      const out: string[] = [];
      const logger = memoryLogger();
      const cli = (...argv: string[]) => runCli(["trade", "--team", "red", "--dir", repo, "--ledger-dir", ledgerDir, ...argv], commands, { out: (t) => out.push(t), logger, cwd: repo, env: {} });
      expect(await cli("--date", day("03-01"))).toBe(0);
      expect(await cli("--date", day("03-02"))).toBe(0);
      const ledger = await readFile(join(ledgerDir, "ledger/red.jsonl"));
      const board = await readFile(join(ledgerDir, "reports/leaderboard.md"), "utf8");
      expect(ledger.toString().trim().split("\n").map((line) => (JSON.parse(line) as { date: string }).date)).toEqual([day("03-01"), day("03-02")]);
      expect(board).toContain(`| 1 | red | 2 | ${day("03-01")} | ${day("03-02")} |`);
      expect(out.at(-1)).toContain(`Wrote 1 ledger entry: ${day("03-02")}.`);
      expect(await cli("--date", day("03-02"))).toBe(0);
      expect(await cli("--date", day("03-04"))).toBe(0);
      expect(out.at(-1)).toContain(`${day("03-04")} is not an NYSE trading day: nothing written.`);
      expect(await readFile(join(ledgerDir, "ledger/red.jsonl"))).toEqual(ledger);
      expect(await cli("--from", day("03-01"), "--to", day("03-03"), "--broker", "alpaca")).toBe(1);
    } finally {
      await rm(ledgerDir, { recursive: true, force: true });
    }
  });

  it("a branch without champion.json (no version passed the gate) is skipped, not traded", async () => {
    const bare = await publishedRepo([TICKERS.at(-1)!], () => false);
    try {
      const { champions } = sources(bare);
      const symbol = TICKERS.at(-1)!;
      await expect(champions.load({ team: "red", symbol })).rejects.toThrow(`red/${symbol}:models/${symbol}/champion.json: missing: no published version has passed the promotion gate`);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });

  it("finds the champion's tag on the remote when a workflow fetched the branches without tags", async () => {
    const remote = await createTempRemote({ "README.md": "main\n" });
    const parent = await mkdtemp(join(tmpdir(), "stockops-notags-"));
    try {
      await gitCli(repo, ["push", "--quiet", "--force", remote.bareDir, "main", "red/AAPL", "refs/tags/models/red/AAPL/v1"]);
      // As actions/checkout leaves it: main only, shallow, no tags, the default fetch refspec.
      const dir = join(parent, "work");
      await gitCli(parent, ["init", "--quiet", "work"]);
      await gitCli(dir, ["remote", "add", "origin", remote.url]);
      await gitCli(dir, ["fetch", "--quiet", "--no-tags", "--depth=1", "origin", "+refs/heads/main:refs/remotes/origin/main"]);
      await gitCli(dir, ["checkout", "--quiet", "-b", "main", "origin/main"]);
      const work = openGitRepo({ dir });
      expect(await work.fetchBranch("red/AAPL")).toMatch(/^[0-9a-f]{40}$/);
      expect(await work.resolveRef("refs/remotes/origin/red/AAPL")).toMatch(/^[0-9a-f]{40}$/);
      expect(await work.resolveRef("refs/tags/models/red/AAPL/v1")).toBeUndefined();
      const champion = await branchChampionSource(gitBranchReader(work), pipelineModelRuntime).load({ team: "red", symbol: "AAPL" });
      expect(champion.version).toBe("v1");
    } finally {
      await remote.cleanup();
      await rm(parent, { recursive: true, force: true });
    }
  });
});
