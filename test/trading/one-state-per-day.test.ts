import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { memoryLogger } from "../../src/logger/logger.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { directoryLedgerStore, parseLedger, renderPortfolioFile, type LedgerStore } from "../../src/trading/ledger.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { tradeAndPush } from "../../src/trading/trading-branch.js";
import { createTempRemote, gitCli, makeTempDir, TEST_AUTHOR } from "../support/temp-repo.js";
import { branchesFor, fixedPrices, momentumChampions, syntheticBars } from "./fakes.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SYMBOLS = ["AAPL", "MSFT"];
const prices = fixedPrices(syntheticBars(SYMBOLS));
const branches = branchesFor({ red: SYMBOLS });
const trade = (date: string, ledger: LedgerStore, logger = memoryLogger()) =>
  runTrading({ team: "red", date, branches, champions: momentumChampions("2023-05-31"), prices, ledger, broker: paperBroker(), logger });

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("one state per day: ledger and portfolio land together", () => {
  it("--ledger-dir: a run killed between the ledger's rename and the portfolio's leaves a stale portfolio; the rerun rewrites it and nothing else", async () => {
    const dir = await tempDir();
    const store = directoryLedgerStore(dir);
    await trade("2023-06-01", store);
    const dayOnePortfolio = await readFile(join(dir, "portfolio/red.json"), "utf8");
    await trade("2023-06-02", store);
    const ledger = await readFile(join(dir, "ledger/red.jsonl"), "utf8");
    // The state the kill leaves: the ledger has 06-02, the portfolio still says 06-01.
    await writeFile(join(dir, "portfolio/red.json"), dayOnePortfolio);

    const logger = memoryLogger();
    const rerun = await trade("2023-06-02", store, logger);

    expect(rerun).toMatchObject({ written: [], repairedPortfolio: true });
    expect(await readFile(join(dir, "ledger/red.jsonl"), "utf8")).toBe(ledger);
    const last = parseLedger(ledger, "ledger/red.jsonl").at(-1)!;
    expect(await readFile(join(dir, "portfolio/red.json"), "utf8")).toBe(renderPortfolioFile(last));
    expect(JSON.parse(await readFile(join(dir, "portfolio/red.json"), "utf8"))).toMatchObject({ as_of: "2023-06-02" });
    expect(logger.lines.some((line) => line.includes("portfolio/red.json lagged the ledger (last entry 2023-06-02); rewritten from it"))).toBe(true);
    expect(await trade("2023-06-02", store)).not.toHaveProperty("repairedPortfolio");
  });

  it("--ledger-dir: a portfolio that cannot be staged leaves the ledger untouched and no temp file behind", async () => {
    const dir = await tempDir();
    const store = directoryLedgerStore(dir);
    await trade("2023-06-01", store);
    const ledger = await readFile(join(dir, "ledger/red.jsonl"), "utf8");
    // A file where the portfolio folder should be: staging the portfolio fails before either rename.
    await rm(join(dir, "portfolio"), { recursive: true });
    await writeFile(join(dir, "portfolio"), "a file, not a folder\n");

    await expect(trade("2023-06-02", store)).rejects.toThrow();

    expect(await readFile(join(dir, "ledger/red.jsonl"), "utf8")).toBe(ledger);
    expect((await readdir(join(dir, "ledger"))).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("--push: ledger, portfolio and leaderboard are one commit a day; a stale portfolio on the branch is repaired by the rerun's single commit", async () => {
    const remote = await createTempRemote({ "README.md": "trading\n" }, { branches: ["trading"] });
    cleanups.push(remote.cleanup);
    const parent = await tempDir();
    await gitCli(parent, ["clone", "--quiet", "--branch", "trading", remote.url, "t"]);
    const repo = openGitRepo({ dir: join(parent, "t") });
    const policy = { sleep: async () => {}, random: () => 0.5 };
    await tradeAndPush({ repo, team: "red", trade: (ledger) => trade("2023-06-01", ledger), author: TEST_AUTHOR, policy });
    expect(await gitCli(remote.bareDir, ["show", "--name-only", "--format=", "trading"])).toBe("ledger/red.jsonl\nportfolio/red.json\nreports/leaderboard.md");

    // A stale portfolio committed by hand (or by an older stockops).
    const work = join(parent, "t");
    await gitCli(work, ["pull", "--quiet", "origin", "trading"]);
    await writeFile(join(work, "portfolio/red.json"), '{"team":"red","as_of":"2023-05-31"}\n');
    await gitCli(work, ["commit", "--quiet", "-am", "stale"]);
    await gitCli(work, ["push", "--quiet", "origin", "trading"]);

    const outcome = await tradeAndPush({ repo, team: "red", trade: (ledger) => trade("2023-06-01", ledger), author: TEST_AUTHOR, policy });
    expect(outcome.pushed).toBe(true);
    expect(await gitCli(remote.bareDir, ["log", "-1", "--format=%s", "trading"])).toBe("trading(red): portfolio rewritten from the ledger's last entry (2023-06-01)");
    const last = parseLedger(await gitCli(remote.bareDir, ["show", "trading:ledger/red.jsonl"]), "l").at(-1)!;
    expect(`${await gitCli(remote.bareDir, ["show", "trading:portfolio/red.json"])}\n`).toBe(renderPortfolioFile(last));
    const again = await tradeAndPush({ repo, team: "red", trade: (ledger) => trade("2023-06-01", ledger), author: TEST_AUTHOR, policy });
    expect(again.pushed).toBe(false);
  });
});
