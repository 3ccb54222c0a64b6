import type { ModelParams } from "../../src/config/model-config.js";
import { silentLogger } from "../../src/logger/logger.js";
import type { TrainInput } from "../../src/models/model.js";
import { mulberry32 } from "../../src/models/seeded-random.js";

/**
 * 300 rows × 6 standardized features; the target is a fixed linear mix of today's and yesterday's
 * features plus a little noise, so every kind can learn it and a sequence model benefits from history.
 */
export function syntheticInput(params: ModelParams, seed = 7, rows = 300, features = 6): TrainInput {
  const random = mulberry32(12345);
  const scaled = Array.from({ length: rows }, () => Float64Array.from({ length: features }, () => random() * 2 - 1));
  const target = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const today = scaled[i]!;
    const yesterday = scaled[Math.max(0, i - 1)]!;
    target[i] = 0.01 * (today[0]! - 0.5 * today[1]! + 0.3 * yesterday[2]!) + 0.001 * (random() - 0.5);
  }
  target[rows - 1] = Number.NaN;
  return {
    params,
    scaled,
    target,
    train: { start: 0, end: 200 },
    validation: { start: 200, end: 250 },
    seed,
    logger: silentLogger,
  };
}

export const tinyMlp = {
  kind: "mlp",
  hidden_units: [8],
  epochs: 3,
  batch_size: 32,
  learning_rate: 0.02,
  patience: 0,
  dropout: 0.1,
} as const satisfies ModelParams;

export function tinySequence(kind: "lstm" | "gru") {
  return { kind, window: 5, units: 4, epochs: 3, batch_size: 32, learning_rate: 0.02, patience: 0, dropout: 0.1 } as const satisfies ModelParams;
}

export function allRows(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
