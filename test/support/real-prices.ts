import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { findEmbeddedDataset, resolveEmbeddedDataset } from "../../src/data/embedded-datasets.js";

/** Real daily prices beside the checkout (../shared/data/prices): developer machines and CI, not a fresh clone. */
export const SHARED_PRICES_DIR = fileURLToPath(new URL("../../../shared/data/prices/", import.meta.url));
export const SHARED_TICKERS = ["AAPL", "MSFT", "IBM", "AMZN", "GOOGL"] as const;
export const EMBEDDED_TICKERS = ["AAPL", "SPX"] as const;

/** `STOCKOPS_TEST_SHARED=0` hides ../shared (prices and DVC fixtures), so the suite runs as on a fresh clone. */
export const hasSharedPrices = process.env.STOCKOPS_TEST_SHARED !== "0" && existsSync(join(SHARED_PRICES_DIR, "AAPL.csv"));

/** Name tag of the tests that need ../shared; the shared-prices reporter counts the skipped ones. */
export const NEEDS_SHARED = "[needs ../shared]";

/** A describe block that runs only with ../shared (24 years, five tickers); counted as skipped otherwise. */
export function describeWithShared(name: string, body: () => void): void {
  describe.skipIf(!hasSharedPrices)(`${name} ${NEEDS_SHARED}`, body);
}

export function itWithShared(name: string, body: () => Promise<void> | void, timeout?: number): void {
  it.skipIf(!hasSharedPrices)(`${name} ${NEEDS_SHARED}`, body, timeout);
}

/**
 * Prices every test can read: ../shared's five tickers when present, else the prices that ship in
 * node_modules (AAPL 2013-05-13 → 2018-05-11, S&P 500 2000-01-03 → 2020-04-17), as `<SYMBOL>.csv` files.
 */
export interface RealPrices {
  origin: "../shared/data/prices" | "embedded";
  tickers: readonly string[];
  /** A folder of `<SYMBOL>.csv`, one per ticker. */
  dir: string;
  /** The ticker with the longest history: MSFT (2000–2024) or SPX (2000–2020). */
  long: string;
  /** A calendar year inside every ticker's data, for trading replays. */
  year: number;
  path(ticker: string): string;
  /** The last date in a ticker's file. */
  lastDate(ticker: string): string;
}

export const realPrices: RealPrices = hasSharedPrices
  ? pricesIn("../shared/data/prices", SHARED_PRICES_DIR, SHARED_TICKERS, { long: "MSFT", year: 2023 })
  : // 2017 and 2023 share one NYSE calendar (both start on a Sunday; Juneteenth aside), so date-heavy tests keep their days.
    pricesIn("embedded", embeddedPricesDir(), EMBEDDED_TICKERS, { long: "SPX", year: 2017 });

function pricesIn(origin: RealPrices["origin"], dir: string, tickers: readonly string[], picks: { long: string; year: number }): RealPrices {
  const path = pathIn(dir, tickers);
  const lastDate = (ticker: string) => readFileSync(path(ticker), "utf8").trimEnd().split("\n").at(-1)!.slice(0, 10);
  return { origin, tickers, dir, ...picks, path, lastDate };
}

function pathIn(dir: string, tickers: readonly string[]): (ticker: string) => string {
  return (ticker) => {
    const path = join(dir, `${ticker}.csv`);
    if (!tickers.includes(ticker) || !existsSync(path)) throw new Error(`no real prices for ${ticker} in ${dir}: use one of ${tickers.join(", ")}, or a test marked ${NEEDS_SHARED}`);
    return path;
  };
}

/** Copies of the embedded datasets under the temp folder, written atomically since test files run in parallel. */
function embeddedPricesDir(): string {
  const dir = join(tmpdir(), "stockops-embedded-prices");
  mkdirSync(dir, { recursive: true });
  for (const symbol of EMBEDDED_TICKERS) {
    const target = join(dir, `${symbol}.csv`);
    if (existsSync(target)) continue;
    const partial = `${target}.${process.pid}.tmp`;
    copyFileSync(resolveEmbeddedDataset(findEmbeddedDataset(symbol)), partial);
    renameSync(partial, target);
  }
  return dir;
}

/** A `start = "…"` line for the ticker's last `years` (realPrices), so short spans fit either data set. */
export function startYearsBeforeEnd(ticker: string, years: number): string {
  const last = new Date(`${realPrices.lastDate(ticker)}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - Math.round(years * 365.25));
  return `start = "${last.toISOString().slice(0, 10)}"`;
}
