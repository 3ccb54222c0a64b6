import { hashValue } from "../../artifacts/content-hash.js";
import type { FeatureTable, RowRange } from "../../features/feature-table.js";
import { stageCodeHash } from "../code-hash.js";
import { encodeJson, type Stage } from "../stage.js";

export const featuresStage: Stage = {
  name: "features",
  inputs: (context) => ({
    data: context.series.contentHash,
    data_range: hashValue({ start: context.config.data.start ?? null, end: context.config.data.end ?? null }),
    features: hashValue(context.config.features),
    split: hashValue(context.config.split),
    code: stageCodeHash("features"),
  }),
  async run(context) {
    const table = context.table();
    const split = context.split();
    const summary = {
      symbol: context.config.symbol,
      names: table.names,
      horizon: table.horizon,
      rows: table.dates.length,
      split: {
        train: spanOf(table, split.train),
        validation: spanOf(table, split.validation),
        test: spanOf(table, split.test),
      },
      reference: trainReference(table, split.train),
    };
    return new Map([
      [context.paths.features, encodeJson(summary)],
      [context.paths.scaler, encodeJson(context.scaler())],
    ]);
  },
};

function spanOf(table: FeatureTable, range: RowRange) {
  return { rows: range.end - range.start, first: table.dates[range.start] ?? null, last: table.dates[range.end - 1] ?? null };
}

const REFERENCE_QUANTILES = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1];

/** Per-feature quantiles and histograms of the train rows: the reference a drift monitor compares recent data against. */
function trainReference(table: FeatureTable, train: RowRange) {
  const sorted = table.names.map((_, column) => Float64Array.from({ length: train.end - train.start }, (_, i) => table.values[train.start + i]![column]!).sort());
  return {
    quantiles: REFERENCE_QUANTILES,
    features: Object.fromEntries(table.names.map((name, column) => [name, REFERENCE_QUANTILES.map((q) => round(quantileOf(sorted[column]!, q)))])),
    histograms: Object.fromEntries(table.names.map((name, column) => [name, referenceHistogram(sorted[column]!)])),
  };
}

const quantileOf = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!;

/** Bins at the train ventiles (ties merged): bin 0 is (−∞, edges[0]), bin k is [edges[k−1], edges[k]), the last [edges.at(-1), ∞). */
function referenceHistogram(sorted: Float64Array) {
  const edges = [...new Set(Array.from({ length: 19 }, (_, k) => round(quantileOf(sorted, (k + 1) / 20))))];
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (const value of sorted) {
    while (bin < edges.length && value >= edges[bin]!) bin += 1;
    counts[bin]! += 1;
  }
  return { edges, fractions: counts.map((count) => round(count / sorted.length)) };
}

const round = (value: number) => Number(value.toPrecision(8));
