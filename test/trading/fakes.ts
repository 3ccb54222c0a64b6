import { realPrices } from "../support/real-prices.js";
import type { BranchesConfig } from "../../src/config/branches-config.js";
import { branchesConfigSchema } from "../../src/config/branches-config.js";
import type { PriceBar } from "../../src/data/price-series.js";
import type { Champion, ChampionSource } from "../../src/trading/champion-source.js";
import type { LedgerStore } from "../../src/trading/ledger.js";
import type { PriceSource } from "../../src/trading/price-source.js";
import { tradingDaysBetween } from "../../src/trading/market-calendar.js";

/** A folder of real `<SYMBOL>.csv` prices (realPrices: ../shared when present, else the embedded ones). */
export const PRICES_DIR = realPrices.dir;
export const TICKERS = [...realPrices.tickers].sort();

/** `day("06-01")` is that day of realPrices.year (2023 with ../shared, 2017 on the embedded prices). */
export function day(monthDay: string): string {
  return `${realPrices.year}-${monthDay}`;
}

export function branchesFor(teams: Record<string, string[]>, strategy: Record<string, unknown> = {}): BranchesConfig {
  return branchesConfigSchema.parse({
    teams: Object.fromEntries(Object.keys(teams).map((team) => [team, { strategy }])),
    branches: Object.entries(teams).flatMap(([team, symbols]) => symbols.map((symbol) => ({ team, symbol }))),
  });
}

/** A stand-in model: predicts half of the last day's log return (momentum), trained through `trainedThrough`. */
export function momentumChampions(trainedThrough = "2000-12-29", failing: Record<string, Error> = {}): ChampionSource & { loads: number } {
  const source = {
    loads: 0,
    async load(ref: { team: string; symbol: string }): Promise<Champion> {
      source.loads++;
      const branch = `${ref.team}/${ref.symbol}`;
      if (failing[branch]) throw failing[branch];
      return {
        branch,
        symbol: ref.symbol,
        version: "v1",
        trainedThrough,
        predict: async (bars: readonly PriceBar[]) => {
          const [before, last] = bars.slice(-2);
          return before && last ? 0.5 * Math.log(last.close / before.close) : Number.NaN;
        },
      };
    },
  };
  return source;
}

export function memoryLedgerStore(): LedgerStore & { ledgers: Map<string, string>; portfolios: Map<string, string>; writes: number } {
  const store = {
    ledgers: new Map<string, string>(),
    portfolios: new Map<string, string>(),
    writes: 0,
    async read(team: string) {
      return store.ledgers.get(team) ?? "";
    },
    async write(team: string, ledgerText: string, portfolioJson: string) {
      store.writes++;
      store.ledgers.set(team, ledgerText);
      store.portfolios.set(team, portfolioJson);
    },
  };
  return store;
}

export function fixedPrices(bySymbol: Record<string, PriceBar[]>): PriceSource {
  return {
    async bars(ref) {
      const bars = bySymbol[ref.symbol];
      if (!bars) throw new Error(`no prices for ${ref.symbol}`);
      return bars;
    },
  };
}

/** Deterministic prices on the NYSE calendar with up and down days, so the momentum model buys and sells; no data files needed. */
export function syntheticBars(symbols: readonly string[], from = "2023-01-03", to = "2023-06-30"): Record<string, PriceBar[]> {
  const days = tradingDaysBetween(from, to);
  return Object.fromEntries(
    symbols.map((symbol, s) => [
      symbol,
      days.map((date, t) => {
        const close = 100 + 20 * s + 6 * Math.sin(t / (2 + s)) + 0.05 * t;
        const open = close - 0.5 * Math.cos(t / 3 + s);
        return { date, open, high: Math.max(open, close) + 0.2, low: Math.min(open, close) - 0.2, close, volume: 1_000_000 };
      }),
    ]),
  );
}
