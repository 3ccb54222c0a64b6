import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger/logger.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { parseLedger } from "../../src/trading/ledger.js";
import { renderLeaderboard } from "../../src/trading/leaderboard.js";
import { tradingDaysBetween } from "../../src/trading/market-calendar.js";
import { csvDirectoryPriceSource } from "../../src/trading/price-source.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { SHARED_PRICES, branchesFor, memoryLedgerStore, momentumChampions } from "./fakes.js";

describe("acceptance 2: replay 2023-01-03 … 2024-03-08 equals the daily scheduled runs", () => {
  it("gives byte-identical ledgers and portfolios for two teams over the five shared tickers", async () => {
    const branches = branchesFor({ red: ["AAPL", "AMZN", "GOOGL", "IBM", "MSFT"], blue: ["AAPL", "AMZN", "GOOGL", "IBM", "MSFT"] });
    branches.teams.blue!.strategy = { ...branches.teams.blue!.strategy, max_weight: 0.3, fractional: true, fee_bps: 5 };
    const prices = csvDirectoryPriceSource(SHARED_PRICES);
    const days = tradingDaysBetween("2023-01-03", "2024-03-08");
    expect(days.length).toBe(297);
    const replayedLedgers = new Map<string, ReturnType<typeof parseLedger>>();
    for (const team of ["red", "blue"]) {
      const common = { team, branches, champions: momentumChampions(), prices, broker: paperBroker(), logger: silentLogger };
      const replayed = memoryLedgerStore();
      await runTrading({ ...common, ledger: replayed, from: "2023-01-03", to: "2024-03-08" });
      const daily = memoryLedgerStore();
      // Every calendar day, as a cron on weekdays plus stray manual runs would: weekends and holidays write nothing.
      for (let time = Date.UTC(2023, 0, 3); time <= Date.UTC(2024, 2, 8); time += 86_400_000) {
        await runTrading({ ...common, ledger: daily, date: new Date(time).toISOString().slice(0, 10) });
      }
      expect(daily.writes).toBe(days.length);
      expect(replayed.ledgers.get(team)).toBe(daily.ledgers.get(team));
      expect(replayed.portfolios.get(team)).toBe(daily.portfolios.get(team));
      const entries = parseLedger(replayed.ledgers.get(team)!, `${team}.jsonl`);
      expect(entries.map((e) => e.date)).toEqual(days);
      replayedLedgers.set(team, entries);
    }
    const board = renderLeaderboard(replayedLedgers);
    expect(board).toContain("As of the close of 2024-03-08.");
    expect(board).toMatch(/\| 1 \| (red|blue) \| 297 \| 2023-01-03 \| 2024-03-08 \|/);
    expect(board).toMatch(/\| 2 \| (red|blue) \| 297 \| 2023-01-03 \| 2024-03-08 \|/);
  });
});
