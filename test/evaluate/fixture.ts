// Hand-built fixture shared by the evaluate and report tests; every number is chosen to be checked by hand.
import type { ModelConfig } from "../../src/config/model-config.js";
import { modelConfigSchema } from "../../src/config/model-config.js";
import type { PriceBar } from "../../src/data/price-series.js";
import type { FeatureTable, Split } from "../../src/features/feature-table.js";
import type { EvaluateRunInput } from "../../src/evaluate/evaluate-run.js";

const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);

// bar 0 is a warm-up day; table row r is bar r + 1. Each open equals the previous close,
// so holding from open t+1 to open t+2 earns exactly close t → close t+1.
const closes = [90, 95, 97, 96, 98, 99, 100, 100, 102, 101, 105, 104, 108];
export const bars: PriceBar[] = closes.map((close, i) => {
  const open = i === 0 ? close : closes[i - 1]!;
  return { date: day(i), open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000 };
});

const rows = closes.length - 1;
export const table: FeatureTable = {
  names: ["lag1"],
  dates: bars.slice(1).map((bar) => bar.date),
  close: Float64Array.from(closes.slice(1)),
  values: [Float64Array.from(closes.slice(1), (close, r) => Math.log(close / closes[r]!))],
  target: Float64Array.from({ length: rows }, (_, r) => (r + 2 < closes.length ? Math.log(closes[r + 2]! / closes[r + 1]!) : Number.NaN)),
  targetDates: Array.from({ length: rows }, (_, r) => (r + 2 < closes.length ? day(r + 2) : "")),
  horizon: 1,
};

// train rows 0–2, validation rows 3–5 (closes 98, 99, 100 → 99, 100, 100), test rows 6–11
// (closes 100, 102, 101, 105, 104, 108; the last has no next close yet)
export const split: Split = { train: { start: 0, end: 3 }, validation: { start: 3, end: 6 }, test: { start: 6, end: 12 } };

export const config: ModelConfig = modelConfigSchema.parse({ symbol: "TEST", team: "red", model: { kind: "mlp" } });

const returnsTo = (prices: number[], from: number[]) => Float64Array.from(prices, (price, i) => Math.log(price / from[i]!));

/** Model: predicted prices 101, 103, 102, 104, 106 on the evaluable test rows, +1 % on the last row. */
export function fixtureInput(overrides: Partial<EvaluateRunInput> = {}): EvaluateRunInput {
  return {
    config,
    table,
    split,
    bars,
    backend: "cpu",
    validation: {
      model: returnsTo([99, 99, 101], [98, 99, 100]),
      naive: new Float64Array(3),
      ridge: returnsTo([98.5, 99.5, 100.5], [98, 99, 100]),
    },
    test: {
      model: Float64Array.from([...returnsTo([101, 103, 102, 104, 106], [100, 102, 101, 105, 104]), 0.01]),
      naive: new Float64Array(6),
      ridge: Float64Array.from([...returnsTo([100.5, 102.5, 101.5, 104.5, 104.5], [100, 102, 101, 105, 104]), -0.01]),
    },
    ...overrides,
  };
}
