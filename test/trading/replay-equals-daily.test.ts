import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger/logger.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { parseLedger } from "../../src/trading/ledger.js";
import { renderLeaderboard } from "../../src/trading/leaderboard.js";
import { tradingDaysBetween } from "../../src/trading/market-calendar.js";
import { csvDirectoryPriceSource } from "../../src/trading/price-source.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { PRICES_DIR, TICKERS, branchesFor, day, memoryLedgerStore, momentumChampions } from "./fakes.js";
import { realPrices } from "../support/real-prices.js";

const from = day("01-03");
const to = `${realPrices.year + 1}-03-08`;

describe(`acceptance 2: replay ${from} … ${to} equals the daily scheduled runs`, () => {
  it(`gives byte-identical ledgers and portfolios for two teams over the ${realPrices.origin} tickers`, async () => {
    const branches = branchesFor({ red: TICKERS, blue: TICKERS });
    branches.teams.blue!.strategy = { ...branches.teams.blue!.strategy, max_weight: 0.3, fractional: true, fee_bps: 5 };
    const prices = csvDirectoryPriceSource(PRICES_DIR);
    const days = tradingDaysBetween(from, to);
    expect(days.length).toBe(297);
    const replayedLedgers = new Map<string, ReturnType<typeof parseLedger>>();
    for (const team of ["red", "blue"]) {
      const common = { team, branches, champions: momentumChampions(), prices, broker: paperBroker(), logger: silentLogger };
      const replayed = memoryLedgerStore();
      await runTrading({ ...common, ledger: replayed, from, to });
      const daily = memoryLedgerStore();
      // Every calendar day, as a cron on weekdays plus stray manual runs would: weekends and holidays write nothing.
      for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += 86_400_000) {
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
    expect(board).toContain(`As of the close of ${to}.`);
    for (const rank of [1, 2]) expect(board).toMatch(new RegExp(`\\| ${rank} \\| (red|blue) \\| ${days.length} \\| ${from} \\| ${to} \\|`));
  });
});
