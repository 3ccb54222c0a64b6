import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { modelConfigSchema, type ModelConfigInput } from "../../src/config/model-config.js";
import { parsePricesCsv } from "../../src/data/parse-prices-csv.js";
import type { PriceBar } from "../../src/data/price-series.js";
import { buildFeatureTable } from "../../src/features/build-feature-table.js";
import { splitChronological } from "../../src/features/split-chronological.js";
import { applyScaler, fitScaler } from "../../src/features/standard-scaler.js";
import { silentLogger } from "../../src/logger/logger.js";
import { trainModel } from "../../src/models/train-model.js";
import { realPrices } from "../support/real-prices.js";

const symbol = realPrices.long;
const file = realPrices.path(symbol);
const allBars = parsePricesCsv(readFileSync(file), file).bars.slice(-1300); // about five years

/** Every price after `cutoff` multiplied by a different factor: the future is rewritten, the past kept. */
function rewriteFuture(bars: readonly PriceBar[], cutoff: string): PriceBar[] {
  return bars.map((bar, index) => {
    if (bar.date <= cutoff) return bar;
    const factor = 0.7 + ((index * 7919) % 61) / 100;
    return { ...bar, open: bar.open * factor, high: bar.high * factor, low: bar.low * factor, close: bar.close * factor, volume: bar.volume * 2 + index };
  });
}

describe("no look-ahead: a prediction made at t does not change when prices after t change", () => {
  const models: ModelConfigInput["model"][] = [
    { kind: "ridge" },
    { kind: "gru", epochs: 1, units: 4, window: 5 },
  ];
  for (const model of models) {
    it(model!.kind, async () => {
      const config = modelConfigSchema.parse({ symbol, team: "red", model });
      const table = buildFeatureTable(allBars, config.features);
      const split = splitChronological(table, config.split);
      const scaler = fitScaler(table, split.train);
      const trained = await trainModel({
        params: config.model,
        scaled: applyScaler(scaler, table.values),
        target: table.target,
        train: split.train,
        validation: split.validation,
        seed: 1,
        logger: silentLogger,
      });
      for (const offset of [0, 25, 100]) {
        const cutoffRow = split.test.start + offset;
        const cutoff = table.dates[cutoffRow]!;
        const changedTable = buildFeatureTable(rewriteFuture(allBars, cutoff), config.features);
        expect(fitScaler(changedTable, split.train)).toEqual(scaler);
        const rows = Array.from({ length: cutoffRow + 1 - split.validation.start }, (_, i) => split.validation.start + i);
        const original = await trained.predict(applyScaler(scaler, table.values), rows);
        const changed = await trained.predict(applyScaler(scaler, changedTable.values), rows);
        expect(Array.from(changed)).toEqual(Array.from(original));
        const later = await trained.predict(applyScaler(scaler, changedTable.values), [cutoffRow + 5]);
        const laterOriginal = await trained.predict(applyScaler(scaler, table.values), [cutoffRow + 5]);
        expect(later[0]).not.toBe(laterOriginal[0]);
      }
    });
  }
});
