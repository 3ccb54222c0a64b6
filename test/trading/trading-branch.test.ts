import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openGitRepo } from "../../src/gitops/isomorphic-git-repo.js";
import { silentLogger } from "../../src/logger/logger.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { parseLedger } from "../../src/trading/ledger.js";
import { csvDirectoryPriceSource } from "../../src/trading/price-source.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { tradeAndPush } from "../../src/trading/trading-branch.js";
import { createTempRemote, gitCli, makeTempDir, TEST_AUTHOR, type TempRemote } from "../support/temp-repo.js";
import { PRICES_DIR, TICKERS, branchesFor, day, momentumChampions } from "./fakes.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function cloneOf(remote: TempRemote, name: string): Promise<string> {
  const parent = await makeTempDir();
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await gitCli(parent, ["clone", "--quiet", "--branch", "main", remote.url, name]);
  return join(parent, name);
}

const branches = branchesFor({ red: TICKERS.slice(0, 2), blue: TICKERS.slice(-2) });
const prices = csvDirectoryPriceSource(PRICES_DIR);
const trade = (team: string, date: string) => (ledger: Parameters<typeof runTrading>[0]["ledger"]) =>
  runTrading({ team, date, branches, champions: momentumChampions(), prices, ledger, broker: paperBroker(), logger: silentLogger });

describe("the trading branch over a real git http-backend", () => {
  it("two teams pushing at once both land, a rerun makes no commit, the leaderboard lists both", async () => {
    const remote = await createTempRemote({ "README.md": "trading\n" }, { branches: ["trading"] });
    cleanups.push(remote.cleanup);
    const red = openGitRepo({ dir: await cloneOf(remote, "red") });
    const blue = openGitRepo({ dir: await cloneOf(remote, "blue") });
    const policy = { sleep: async () => {}, random: () => 0.5 };
    const [a, b] = await Promise.all([
      tradeAndPush({ repo: red, team: "red", trade: trade("red", day("06-01")), author: TEST_AUTHOR, policy }),
      tradeAndPush({ repo: blue, team: "blue", trade: trade("blue", day("06-01")), author: TEST_AUTHOR, policy }),
    ]);
    expect([a.pushed, b.pushed]).toEqual([true, true]);
    const checker = openGitRepo({ dir: await cloneOf(remote, "check") });
    const tip = (await checker.fetchBranch("trading"))!;
    expect((await checker.listFiles(tip, "ledger")).sort()).toEqual(["ledger/blue.jsonl", "ledger/red.jsonl"]);
    const board = new TextDecoder().decode((await checker.readFile(tip, "reports/leaderboard.md"))!);
    expect(board).toContain("| red |");
    expect(board).toContain("| blue |");
    const again = await tradeAndPush({ repo: red, team: "red", trade: trade("red", day("06-01")), author: TEST_AUTHOR, policy });
    expect(again.pushed).toBe(false);
    expect(await checker.fetchBranch("trading")).toBe(tip);
    const next = await tradeAndPush({ repo: red, team: "red", trade: trade("red", day("06-05")), author: TEST_AUTHOR, policy });
    expect(next.summary.written).toEqual([day("06-02"), day("06-05")]);
    const newTip = (await checker.fetchBranch("trading"))!;
    const ledger = parseLedger(new TextDecoder().decode((await checker.readFile(newTip, "ledger/red.jsonl"))!), "red.jsonl");
    expect(ledger.map((e) => e.date)).toEqual([day("06-01"), day("06-02"), day("06-05")]);
  });
});
