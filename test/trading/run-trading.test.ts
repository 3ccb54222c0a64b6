import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { realPrices } from "../support/real-prices.js";
import { TradingError } from "../../src/errors.js";
import { memoryLogger, silentLogger } from "../../src/logger/logger.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import { fixedClock } from "../../src/trading/clock.js";
import { directoryLedgerStore, parseLedger } from "../../src/trading/ledger.js";
import { csvDirectoryPriceSource } from "../../src/trading/price-source.js";
import { runTrading, type RunTradingOptions } from "../../src/trading/run-trading.js";
import { nextTradingDay, previousTradingDay } from "../../src/trading/market-calendar.js";
import { PRICES_DIR, TICKERS, branchesFor, day, memoryLedgerStore, momentumChampions } from "./fakes.js";

const prices = csvDirectoryPriceSource(PRICES_DIR);

async function openOn(symbol: string, date: string): Promise<number> {
  const bars = await prices.bars({ team: "red", symbol });
  return bars.find((bar) => bar.date === date)!.open;
}

function options(overrides: Partial<RunTradingOptions>): RunTradingOptions {
  return {
    team: "red",
    branches: branchesFor({ red: TICKERS, blue: TICKERS.slice(0, 3) }),
    champions: momentumChampions(),
    prices,
    ledger: memoryLedgerStore(),
    broker: paperBroker(),
    logger: silentLogger,
    ...overrides,
  };
}

describe("runTrading on the paper broker", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "stockops-trade-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes one entry per trading date; the same date again leaves the ledger byte-identical", async () => {
    const ledger = directoryLedgerStore(dir);
    await runTrading(options({ ledger, date: day("06-01") }));
    const second = await runTrading(options({ ledger, date: day("06-02") }));
    expect(second.written).toEqual([day("06-02")]);
    const before = await readFile(join(dir, "ledger/red.jsonl"));
    const portfolioBefore = await readFile(join(dir, "portfolio/red.json"));
    const again = await runTrading(options({ ledger, date: day("06-02") }));
    expect(again.written).toEqual([]);
    expect(await readFile(join(dir, "ledger/red.jsonl"))).toEqual(before);
    expect(await readFile(join(dir, "portfolio/red.json"))).toEqual(portfolioBefore);
    const entries = parseLedger(before.toString(), "red.jsonl");
    expect(entries.map((e) => e.date)).toEqual([day("06-01"), day("06-02")]);
    // Orders decided after the close of 06-01 fill at the open of 06-02.
    const filled = entries[1]!.fills.filter((f) => f.qty > 0);
    expect(filled.length).toBeGreaterThan(0);
    for (const fill of filled) expect(fill.price).toBe(await openOn(fill.symbol, day("06-02")));
    expect(entries[1]!.fills.map((f) => f.client_order_id).sort()).toEqual(entries[0]!.orders.map((o) => o.client_order_id).sort());
  });

  it("catches up a two-day gap with exactly two entries in date order", async () => {
    const ledger = memoryLedgerStore();
    await runTrading(options({ ledger, date: day("06-05") }));
    // The run of 06-06 never happened; the run of 06-07 writes both days.
    const summary = await runTrading(options({ ledger, date: day("06-07") }));
    expect(summary.written).toEqual([day("06-06"), day("06-07")]);
    const dates = parseLedger(ledger.ledgers.get("red")!, "red.jsonl").map((e) => e.date);
    expect(dates).toEqual([day("06-05"), day("06-06"), day("06-07")]);
  });

  it("writes nothing on a weekend or an exchange holiday", async () => {
    const ledger = memoryLedgerStore();
    await runTrading(options({ ledger, date: day("06-30") }));
    const weekend = await runTrading(options({ ledger, date: day("07-01") }));
    const holiday = await runTrading(options({ ledger, date: day("07-04") }));
    expect(weekend.notTradingDay).toBe(day("07-01"));
    expect(holiday.notTradingDay).toBe(day("07-04"));
    expect(ledger.writes).toBe(1);
  });

  it("a run started after midnight UTC, or a day late, trades the intended date", async () => {
    const ledger = memoryLedgerStore();
    const late = await runTrading(options({ ledger, clock: fixedClock(`${day("06-06T02:10:00Z")}`) }));
    expect(late.written).toEqual([day("06-05")]);
    const dayLate = await runTrading(options({ ledger, clock: fixedClock(`${day("06-08T13:00:00Z")}`) }));
    expect(dayLate.written).toEqual([day("06-06"), day("06-07")]);
  });

  it("replay --from --to gives byte for byte the ledger of daily runs, for two teams", async () => {
    for (const team of ["red", "blue"]) {
      const daily = memoryLedgerStore();
      const replayed = memoryLedgerStore();
      const days = [day("01-03"), day("01-04"), day("01-05"), day("01-06"), day("01-09"), day("01-10"), day("01-11"), day("01-12"), day("01-13"), day("01-17"), day("01-18")];
      for (const date of days) await runTrading(options({ team, ledger: daily, date }));
      // Weekend and holiday (01-16, MLK, in 2017 and 2023) runs in between change nothing.
      await runTrading(options({ team, ledger: daily, date: day("01-16") }));
      const summary = await runTrading(options({ team, ledger: replayed, from: day("01-03"), to: day("01-18") }));
      expect(summary.written).toEqual(days);
      expect(replayed.ledgers.get(team)).toBe(daily.ledgers.get(team));
      expect(replayed.portfolios.get(team)).toBe(daily.portfolios.get(team));
      const entries = parseLedger(replayed.ledgers.get(team)!, `${team}.jsonl`);
      expect(entries.some((e) => e.fills.some((f) => f.qty > 0))).toBe(true);
    }
  });

  it("refuses a decision by a model that saw prices after the decision date", async () => {
    const run = runTrading(options({ champions: momentumChampions(day("06-30")), date: day("06-01") }));
    await expect(run).rejects.toThrow(TradingError);
    await expect(run).rejects.toThrow(new RegExp(`trained on prices up to ${day("06-30")}, after the decision date ${day("06-01")}`));
  });

  it("skips a stock whose champion cannot be loaded and trades the others", async () => {
    const logger = memoryLogger();
    const ledger = memoryLedgerStore();
    const symbol = TICKERS.at(-1)!;
    const broken = new Error(`red/${symbol}:models/${symbol}/ridge.json: md5 mismatch`);
    const summary = await runTrading(options({ ledger, logger, date: day("06-01"), champions: momentumChampions(undefined, { [`red/${symbol}`]: broken }) }));
    expect(summary.skipped).toEqual([{ symbol, branch: `red/${symbol}`, error: broken.message, date: day("06-01") }]);
    expect(summary.last!.predictions.map((p) => p.symbol)).toEqual(TICKERS.slice(0, -1));
    expect(logger.lines.some((line) => line.includes(`red/${symbol} skipped`))).toBe(true);
  });
});

describe("a date the price data does not reach yet", () => {
  it("is refused with nothing written for it, while the days before it are kept", async () => {
    const ledger = memoryLedgerStore();
    const latest = TICKERS.map((ticker) => realPrices.lastDate(ticker)).sort().at(-1)!;
    const [before, after] = [previousTradingDay(latest), nextTradingDay(latest)];
    const run = runTrading(options({ ledger, from: before, to: nextTradingDay(after) }));
    await expect(run).rejects.toThrow(`no price for any of red's stocks on ${after} (the latest is ${latest})`);
    const dates = parseLedger(ledger.ledgers.get("red")!, "red.jsonl").map((e) => e.date);
    expect(dates).toEqual([before, latest]);
  });
});
