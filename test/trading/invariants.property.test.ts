import { describe, expect, it } from "vitest";
import type { PriceBar } from "../../src/data/price-series.js";
import { silentLogger } from "../../src/logger/logger.js";
import { mulberry32 } from "../../src/models/seeded-random.js";
import { paperBroker } from "../../src/trading/brokers/paper-broker.js";
import type { Champion, ChampionSource } from "../../src/trading/champion-source.js";
import { TradingError } from "../../src/errors.js";
import { checkInvariants } from "../../src/trading/invariants.js";
import { parseLedger } from "../../src/trading/ledger.js";
import { tradingDaysBetween } from "../../src/trading/market-calendar.js";
import { runTrading } from "../../src/trading/run-trading.js";
import { branchesFor, fixedPrices, memoryLedgerStore } from "./fakes.js";

const DAYS = tradingDaysBetween("2021-01-04", "2021-06-30");

/** A random walk with gaps at the open, so fills happen at prices the plan did not see. */
function randomBars(random: () => number): PriceBar[] {
  let close = 5 + random() * 400;
  return DAYS.map((date) => {
    const open = close * Math.exp((random() - 0.5) * 0.12);
    close = Math.max(0.5, open * Math.exp((random() - 0.5) * 0.1));
    return { date, open, high: Math.max(open, close) * 1.01, low: Math.min(open, close) * 0.99, close, volume: 1_000 };
  });
}

function randomChampions(random: () => number, scale: number): ChampionSource {
  const cache = new Map<string, number[]>();
  return {
    async load(ref): Promise<Champion> {
      const noise = Array.from(DAYS, () => (random() - 0.5) * scale);
      cache.set(ref.symbol, noise);
      return { branch: `${ref.team}/${ref.symbol}`, symbol: ref.symbol, version: "v1", trainedThrough: "2020-12-31", predict: async (bars) => noise[bars.length - 1]! };
    },
  };
}

const STRATEGIES: Record<string, unknown>[] = [
  {},
  { fractional: true, cash_reserve: 0, max_weight: 1 },
  { allow_short: true, fee_bps: 25, fee_fixed: 2, tax_rate: 0.3, threshold: 0.001 },
  { fractional: true, allow_short: true, fee_bps: 100, cash_reserve: 0, max_weight: 0.9, threshold: -0.01 },
];

describe("invariants over random price paths and random predictions", () => {
  for (let seed = 1; seed <= 12; seed++) {
    const strategy = STRATEGIES[seed % STRATEGIES.length]!;
    it(`seed ${seed}, strategy ${JSON.stringify(strategy)}: cash ≥ 0, no forbidden shorts, equity = cash + Σ qty × price, every day`, async () => {
      const random = mulberry32(seed);
      const symbols = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"].slice(0, 2 + Math.floor(random() * 5));
      const bars = Object.fromEntries(symbols.map((symbol) => [symbol, randomBars(random)]));
      const ledger = memoryLedgerStore();
      const branches = branchesFor({ red: symbols }, strategy);
      await runTrading({ team: "red", from: DAYS[0]!, to: DAYS.at(-1)!, branches, champions: randomChampions(random, 0.08), prices: fixedPrices(bars), ledger, broker: paperBroker(), logger: silentLogger });
      const entries = parseLedger(ledger.ledgers.get("red")!, "red.jsonl");
      expect(entries.map((e) => e.date)).toEqual(DAYS);
      const config = branches.teams.red!.strategy;
      let trades = 0;
      let shorts = 0;
      let previous: (typeof entries)[number] | undefined;
      for (const entry of entries) {
        // The book follows from the previous entry and this entry's fills alone.
        let cashCents = previous ? Math.round(previous.cash * 100) : 15_000_00;
        const held = new Map((previous?.positions ?? []).map((p) => [p.symbol, p.qty]));
        for (const fill of entry.fills) {
          const direction = fill.side === "buy" ? 1 : -1;
          expect(fill.qty).toBeLessThanOrEqual(fill.ordered_qty);
          expect(fill.value_cents).toBe(Math.round(fill.qty * fill.price * 100));
          cashCents += -direction * fill.value_cents - fill.fee_cents - fill.tax_cents;
          held.set(fill.symbol, Math.round(((held.get(fill.symbol) ?? 0) + direction * fill.qty) * 1e6) / 1e6);
        }
        expect(Math.round(entry.cash * 100)).toBe(cashCents);
        expect(entry.positions.map((p) => [p.symbol, p.qty])).toEqual([...held].filter(([, qty]) => qty !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));
        if (previous) expect(entry.fills.map((f) => f.client_order_id).sort()).toEqual(previous.orders.filter((o) => o.status === "accepted").map((o) => o.client_order_id).sort());
        previous = entry;
        expect(entry.cash).toBeGreaterThanOrEqual(0);
        const marked = entry.positions.reduce((sum, p) => sum + p.qty * p.price, entry.cash);
        expect(Math.abs(entry.equity - marked)).toBeLessThanOrEqual(0.005 * entry.positions.length + 1e-9);
        for (const position of entry.positions) {
          if (!config.allow_short) expect(position.qty).toBeGreaterThan(0);
          if (!config.fractional) expect(Number.isInteger(position.qty)).toBe(true);
          expect(position.price).toBe(entry.prices[position.symbol]);
        }
        trades += entry.fills.filter((f) => f.qty > 0).length;
        shorts += entry.positions.filter((p) => p.qty < 0).length;
      }
      expect(trades).toBeGreaterThan(10);
      // The strategies that allow shorts do go short, so their invariants are really exercised.
      if (config.allow_short) expect(shorts).toBeGreaterThan(0);
    });
  }
});

describe("checkInvariants", () => {
  const strategy = branchesFor({ red: ["A"] }).teams.red!.strategy;
  const where = { team: "red", date: "2024-01-02" };
  const valuation = (cash: number, qty: number, price: number) => ({ cash_cents: cash, positions: [{ symbol: "A", qty, price, value_cents: Math.round(qty * price * 100) }], equity_cents: cash + Math.round(qty * price * 100) });

  it("refuses negative cash, forbidden shorts, fractional shares and equity that does not add up", () => {
    expect(() => checkInvariants({ cash_cents: -1, positions: [] }, { cash_cents: -1, positions: [], equity_cents: -1 }, strategy, where)).toThrow(/cash must stay ≥ 0/);
    expect(() => checkInvariants({ cash_cents: 0, positions: [{ symbol: "A", qty: -2, cost_cents: 0 }] }, valuation(0, -2, 10), strategy, where)).toThrow(/short/);
    expect(() => checkInvariants({ cash_cents: 0, positions: [{ symbol: "A", qty: 1.5, cost_cents: 0 }] }, valuation(0, 1.5, 10), strategy, where)).toThrow(/whole shares/);
    expect(() => checkInvariants({ cash_cents: 0, positions: [{ symbol: "A", qty: 1, cost_cents: 0 }] }, { ...valuation(0, 1, 10), equity_cents: 999 }, strategy, where)).toThrow(TradingError);
    expect(() => checkInvariants({ cash_cents: 5, positions: [{ symbol: "A", qty: 1, cost_cents: 0 }] }, valuation(5, 1, 10), strategy, where)).not.toThrow();
  });
});
