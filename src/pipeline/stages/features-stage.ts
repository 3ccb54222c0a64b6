import { hashValue } from "../../artifacts/content-hash.js";
import type { FeatureTable, RowRange } from "../../features/feature-table.js";
import { codeVersion } from "../code-version.js";
import type { PipelineContext } from "../pipeline-context.js";
import { encodeJson, type Stage } from "../stage.js";

export const featuresStage: Stage = {
  name: "features",
  inputs: (context) => ({
    data: context.series.contentHash,
    data_range: hashValue({ start: context.config.data.start ?? null, end: context.config.data.end ?? null }),
    features: hashValue(context.config.features),
    split: hashValue(context.config.split),
    code: codeVersion().package,
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

/** Per-feature quantiles of the train rows: the reference a drift monitor compares recent data against. */
function trainReference(table: FeatureTable, train: RowRange) {
  return {
    quantiles: REFERENCE_QUANTILES,
    features: Object.fromEntries(
      table.names.map((name, column) => {
        const values = Float64Array.from({ length: train.end - train.start }, (_, i) => table.values[train.start + i]![column]!).sort();
        return [name, REFERENCE_QUANTILES.map((q) => round(values[Math.min(values.length - 1, Math.floor(q * (values.length - 1)))]!))];
      }),
    ),
  };
}

const round = (value: number) => Number(value.toPrecision(8));
