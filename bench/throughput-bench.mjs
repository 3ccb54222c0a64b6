// Training throughput (samples/s) of the neural kinds on each TensorFlow.js backend that loads here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parsePricesCsv } from "../lib/data/parse-prices-csv.js";
import { buildFeatureTable } from "../lib/features/build-feature-table.js";
import { splitChronological } from "../lib/features/split-chronological.js";
import { applyScaler, fitScaler } from "../lib/features/standard-scaler.js";
import { modelConfigSchema } from "../lib/config/model-config.js";
import { trainModel } from "../lib/models/train-model.js";
import { loadTensorflow } from "../lib/models/tf-backend.js";
import { silentLogger } from "../lib/logger/logger.js";

export async function benchThroughput() {
  const file = fileURLToPath(new URL("../../shared/data/prices/AAPL.csv", import.meta.url));
  const { bars } = parsePricesCsv(readFileSync(file), file);
  const rows = [];
  for (const backend of ["tensorflow", "wasm", "cpu"]) {
    const loaded = await loadTensorflow(silentLogger, { prefer: backend }).catch(() => undefined);
    if (!loaded) {
      rows.push({ name: `${backend} backend`, value: "not available here" });
      continue;
    }
    for (const kind of ["mlp", "lstm", "gru"]) {
      const config = modelConfigSchema.parse({ symbol: "AAPL", team: "bench", model: { kind, epochs: 2, patience: 0 } });
      const table = buildFeatureTable(bars, config.features);
      const split = splitChronological(table, config.split);
      const scaled = applyScaler(fitScaler(table, split.train), table.values);
      const model = await trainModel(
        { params: config.model, scaled, target: table.target, train: split.train, validation: split.validation, seed: 42, logger: silentLogger },
        { backend },
      );
      rows.push({ name: `${kind} on ${backend} (${model.training.samples} samples × ${model.training.epochs} epochs)`, value: `${Math.round(model.training.samplesPerSecond)} samples/s` });
    }
  }
  return rows;
}
