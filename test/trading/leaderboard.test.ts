import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger/logger.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { directoryLedgerStore, type LedgerEntry } from "../../src/trading/ledger.js";
import { maxDrawdown, sharpe, stockStats, teamStats, writeLeaderboard } from "../../src/trading/leaderboard.js";
import { csvDirectoryPriceSource } from "../../src/trading/price-source.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { PRICES_DIR, TICKERS, branchesFor, day, momentumChampions } from "./fakes.js";

function entry(date: string, equity: number, prices: Record<string, number>, predictions: Record<string, number> = {}): LedgerEntry {
  return {
    team: "red", date, broker: "paper", currency: "EUR", fills: [], skipped: [], orders: [], prices, cash: equity, positions: [], equity,
    predictions: Object.entries(predictions).map(([symbol, predicted_return]) => ({ symbol, branch: `red/${symbol}`, predicted_return, model_version: "v1", trained_through: "2020-01-02" })),
  };
}

describe("leaderboard statistics", () => {
  it("computes return, drawdown, Sharpe and buy & hold by hand-checkable numbers", () => {
    const entries = [
      entry("2024-01-02", 100, { A: 10, B: 20 }, { A: 0.01, B: -0.02 }),
      entry("2024-01-03", 110, { A: 11, B: 20 }, { A: -0.01 }),
      entry("2024-01-04", 99, { A: 11, B: 18 }),
      entry("2024-01-05", 121, { A: 12, B: 22 }),
    ];
    const stats = teamStats(entries)!;
    expect(stats.totalReturn).toBeCloseTo(0.21, 12);
    expect(stats.maxDrawdown).toBeCloseTo(0.1, 12); // 110 → 99
    // Buy & hold: half in A (10 → 12), half in B (20 → 22): 100 × (1.2 + 1.1) / 2 = 115.
    expect(stats.buyAndHold).toEqual([100, 105, 100, 115]);
    expect(stats.buyAndHoldReturn).toBeCloseTo(0.15, 12);
    const returns = [0.1, -0.1, 121 / 99 - 1];
    const m = returns.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - m) ** 2, 0) / 2);
    expect(stats.sharpe).toBeCloseTo((m / sd) * Math.sqrt(252), 12);
    expect(sharpe([0.01, 0.01, 0.01])).toBeUndefined();
    expect(maxDrawdown([1, 2, 1, 3])).toBeCloseTo(0.5, 12);

    const stocks = stockStats(entries);
    // A predicted up (rose 10 → 11: hit), then down (stayed 11: miss); B predicted down and stayed 20: miss.
    expect(stocks.map((s) => [s.symbol, s.scored, s.hitRate])).toEqual([["A", 2, 0.5], ["B", 1, 0]]);
    expect(stocks[0]!.meanRealized).toBeCloseTo(Math.log(1.1) / 2, 12);
  });

  it("renders for two teams replayed over the real tickers", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stockops-board-"));
    try {
      const branches = branchesFor({ red: TICKERS, blue: TICKERS.slice(0, 2) }, { max_weight: 0.4 });
      for (const team of ["red", "blue"]) {
        await runTrading({ team, from: day("01-03"), to: day("03-31"), branches, champions: momentumChampions(), prices: csvDirectoryPriceSource(PRICES_DIR), ledger: directoryLedgerStore(dir), broker: paperBroker(), logger: silentLogger });
      }
      const markdown = await writeLeaderboard(dir);
      expect(await readFile(join(dir, "reports/leaderboard.md"), "utf8")).toBe(markdown);
      expect(markdown).toContain(`As of the close of ${day("03-31")}.`);
      expect(markdown).toMatch(new RegExp(`\\| 1 \\| (red|blue) \\| 62 \\| ${day("01-03")} \\| ${day("03-31")} \\|`));
      expect(markdown.match(/```mermaid\n[^`]*xychart-beta/g)).toHaveLength(2);
      expect(markdown).toContain("## red");
      expect(markdown).toContain("## blue");
      expect(markdown).toMatch(new RegExp(`\\| ${TICKERS.at(-1)} \\| 61 \\| \\d+\\.\\d\\d % \\|`));
      expect(await writeLeaderboard(dir)).toBe(markdown);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
