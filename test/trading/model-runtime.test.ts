import { describe, expect, it } from "vitest";
import { modelConfigSchema } from "../../src/config/model-config.js";
import { buildFeatureTable } from "../../src/features/build-feature-table.js";
import { applyScaler, fitScaler } from "../../src/features/standard-scaler.js";
import { pipelineModelRuntime } from "../../src/trading/model-runtime.js";
import { csvDirectoryPriceSource } from "../../src/trading/price-source.js";
import { realPrices } from "../support/real-prices.js";
import { PRICES_DIR } from "./fakes.js";

describe("prediction features from a bounded history", () => {
  it("equal the full-history features of the same days (the recursive indicators have forgotten their start)", async () => {
    const bars = (await csvDirectoryPriceSource(PRICES_DIR).bars({ team: "red", symbol: realPrices.long })).filter((bar) => bar.date <= `${realPrices.year}-06-30`);
    const config = modelConfigSchema.parse({ symbol: realPrices.long, team: "red" });
    const full = buildFeatureTable(bars, config.features);
    const scaler = fitScaler(full, { start: 0, end: 3000 });
    const expected = applyScaler(scaler, full.values).slice(-260);
    const { dates, scaled } = pipelineModelRuntime.scaledFeatures(bars, config, JSON.parse(JSON.stringify(scaler)), "scaler.json", 260);
    expect(dates).toEqual(full.dates.slice(-260));
    let worst = 0;
    scaled.forEach((row, r) => row.forEach((value, f) => (worst = Math.max(worst, Math.abs(value - expected[r]![f]!)))));
    expect(worst).toBeLessThan(1e-9);
  });
});
