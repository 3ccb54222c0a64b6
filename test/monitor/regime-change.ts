import type { PriceBar } from "../../src/data/price-series.js";

/**
 * A regime change injected into real prices: over the last `days` bars each daily log return r becomes
 * r · volatilityFactor + drift. Every price of a changed day is rescaled by the same ratio, so rows stay
 * valid (open and close inside [low, high]); volume is left as it was.
 */
export function injectRegimeChange(bars: readonly PriceBar[], change: { days: number; volatilityFactor?: number; drift?: number }): PriceBar[] {
  const factor = change.volatilityFactor ?? 1;
  const drift = change.drift ?? 0;
  const first = bars.length - change.days;
  const result = bars.map((bar) => ({ ...bar }));
  for (let t = Math.max(1, first); t < bars.length; t++) {
    const original = Math.log(bars[t]!.close / bars[t - 1]!.close);
    const close = result[t - 1]!.close * Math.exp(original * factor + drift);
    const ratio = close / bars[t]!.close;
    const bar = result[t]!;
    result[t] = { ...bar, open: bar.open * ratio, high: bar.high * ratio, low: bar.low * ratio, close, ...(bar.adjClose === undefined ? {} : { adjClose: bar.adjClose * ratio }) };
  }
  return result;
}

/** Yahoo-layout CSV of bars, as the price loader reads it. */
export function pricesCsv(bars: readonly PriceBar[]): string {
  const lines = bars.map((bar) => [bar.date, bar.open, bar.high, bar.low, bar.close, bar.adjClose ?? bar.close, bar.volume].map(String).join(","));
  return `Date,Open,High,Low,Close,Adj Close,Volume\n${lines.join("\n")}\n`;
}
