import { buildFeatureTable, warmUpBars } from "../features/build-feature-table.js";
import { applyScaler, checkScalerMatches, scalerFromJson } from "../features/standard-scaler.js";
import type { ModelRuntime } from "./champion-source.js";

/**
 * Bars of history kept beyond the warm-up and the rows predicted from. The recursive indicators (EMA, MACD,
 * Wilder's RSI) forget their start geometrically: after 1000 bars a span-26 EMA keeps e^-77 of it, far
 * below float precision, so the features equal the full-history ones while a year's replay stays fast.
 */
export const EXTRA_HISTORY_BARS = 1000;

/** The pipeline's own feature code and model loader, so a champion predicts exactly as it was evaluated. */
export const pipelineModelRuntime: ModelRuntime = {
  async loadModel(files) {
    const { loadModel } = await import("../models/load-model.js");
    return loadModel(files);
  },
  scaledFeatures(bars, config, scalerJson, file, rows) {
    const scaler = scalerFromJson(scalerJson, file);
    const history = bars.slice(-(warmUpBars(config.features) + rows + EXTRA_HISTORY_BARS));
    const table = buildFeatureTable(history, config.features);
    checkScalerMatches(scaler, table.names);
    const from = Math.max(0, table.values.length - rows);
    const values = table.values.slice(from);
    return { dates: table.dates.slice(from), scaled: applyScaler(scaler, values), names: table.names, values };
  },
};
