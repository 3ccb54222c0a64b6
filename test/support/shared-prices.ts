import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Real daily prices beside the checkout (../shared/data/prices), present on developer machines and in CI. */
export const SHARED_PRICES_DIR = fileURLToPath(new URL("../../../shared/data/prices/", import.meta.url));
export const SHARED_TICKERS = ["AAPL", "MSFT", "IBM", "AMZN", "GOOGL"] as const;

export function sharedPricesPath(ticker: string): string {
  const path = `${SHARED_PRICES_DIR}${ticker}.csv`;
  if (!existsSync(path)) throw new Error(`missing ${path}: tests read real prices from ../shared/data/prices beside the checkout`);
  return path;
}
