import { buildFeatureTable } from "../features/build-feature-table.js";
import { applyScaler, checkScalerMatches, scalerFromJson } from "../features/standard-scaler.js";
import type { ModelRuntime } from "./champion-source.js";

/** The pipeline's own feature code and model loader, so a champion predicts exactly as it was evaluated. */
export const pipelineModelRuntime: ModelRuntime = {
  async loadModel(files) {
    const { loadModel } = await import("../models/load-model.js");
    return loadModel(files);
  },
  scaledFeatures(bars, config, scalerJson, file, rows) {
    const scaler = scalerFromJson(scalerJson, file);
    const table = buildFeatureTable(bars, config.features);
    checkScalerMatches(scaler, table.names);
    const from = Math.max(0, table.values.length - rows);
    return { dates: table.dates.slice(from), scaled: applyScaler(scaler, table.values.slice(from)) };
  },
};
