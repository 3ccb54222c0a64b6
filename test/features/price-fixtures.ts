import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { PriceBar } from "../../src/data/price-series.js";
import { realPrices } from "../support/real-prices.js";

/**
 * Real daily prices (realPrices: ../shared when present, else the embedded datasets), read with csv-parse
 * directly so these tests depend on nothing but the feature code; the loader has its own tests.
 */
export function readRealPrices(symbol: string): PriceBar[] {
  const records = parse(readFileSync(realPrices.path(symbol), "utf8"), { columns: (header: string[]) => header.map((name) => name.toLowerCase()), skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) => ({
    date: record.date!,
    open: Number(record.open),
    high: Number(record.high),
    low: Number(record.low),
    close: Number(record.close),
    volume: Number(record.volume),
  }));
}

/** Mulberry32: a small seeded generator, so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weekday bars (Mon–Fri) from 2021-01-04 on, with the closes given and a plausible open/high/low/volume. */
export function syntheticBars(closes: readonly number[], volumes?: readonly number[]): PriceBar[] {
  const bars: PriceBar[] = [];
  const day = new Date(Date.UTC(2021, 0, 4));
  for (const [index, close] of closes.entries()) {
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    const open = index === 0 ? close : closes[index - 1]!;
    bars.push({
      date: day.toISOString().slice(0, 10),
      open,
      high: Math.max(open, close) * 1.01,
      low: Math.min(open, close) * 0.99,
      close,
      volume: volumes?.[index] ?? 1_000_000 + ((index * 7919) % 50_000),
    });
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return bars;
}

/**
 * The same bars up to and including index `last`; every later bar's prices multiplied by its own random
 * factor in [0.5, 1.5] (open, high, low and close alike, so the bar stays valid) and its volume by one in
 * [0, 3] (sometimes exactly 0). For look-ahead tests: nothing computed for day `last` or before may change.
 */
export function perturbAfter(bars: readonly PriceBar[], last: number, seed: number): PriceBar[] {
  const random = seededRandom(seed);
  return bars.map((bar, index) => {
    if (index <= last) return bar;
    const factor = 0.5 + random();
    const volumeFactor = random() < 0.05 ? 0 : 3 * random();
    return {
      ...bar,
      open: bar.open * factor,
      high: bar.high * factor,
      low: bar.low * factor,
      close: bar.close * factor,
      volume: Math.round(bar.volume * volumeFactor),
    };
  });
}
