import type { ModelParams } from "../config/model-config.js";
import type { RowRange } from "../features/feature-table.js";
import type { Logger } from "../logger/logger.js";
import type { Model } from "./model.js";
import { trainModel } from "./train-model.js";

export interface SeedChoice {
  seed: number;
  /** The train-span fit of every seed (early stopping on validation), by seed. */
  models: Map<number, Model>;
  /** Validation MAE of log returns per seed. */
  losses: Map<number, number>;
}

export const SEED_RULE = "the seed whose train-span fit has the lowest validation MAE of log returns (the first on a tie); the test span plays no part";

/** Mean |predicted − realized log return| over the rows with a known target and a prediction. */
export async function validationLoss(model: Model, scaled: Float64Array[], target: Float64Array, range: RowRange): Promise<number> {
  const rows = Array.from({ length: range.end - range.start }, (_, i) => range.start + i);
  const predicted = await model.predict(scaled, rows);
  let sum = 0;
  let n = 0;
  rows.forEach((row, k) => {
    const error = predicted[k]! - target[row]!;
    if (Number.isFinite(error)) {
      sum += Math.abs(error);
      n++;
    }
  });
  return n === 0 ? Number.POSITIVE_INFINITY : sum / n;
}

/** Trains every seed on the train span and picks one by SEED_RULE. */
export async function chooseSeed(input: {
  params: ModelParams;
  seeds: readonly number[];
  scaled: Float64Array[];
  target: Float64Array;
  train: RowRange;
  validation: RowRange;
  logger: Logger;
}): Promise<SeedChoice> {
  const models = new Map<number, Model>();
  const losses = new Map<number, number>();
  for (const seed of input.seeds) {
    const model = await trainModel({ params: input.params, scaled: input.scaled, target: input.target, train: input.train, validation: input.validation, seed, logger: input.logger });
    models.set(seed, model);
    losses.set(seed, await validationLoss(model, input.scaled, input.target, input.validation));
  }
  const seed = input.seeds.reduce((best, seed) => (losses.get(seed)! < losses.get(best)! ? seed : best));
  input.logger.info(`seeds ${input.seeds.join(", ")}: validation MAE ${input.seeds.map((s) => `${(losses.get(s)! * 10_000).toFixed(1)} bp`).join(", ")}; publishing seed ${seed} (${SEED_RULE})`);
  return { seed, models, losses };
}

/** `[model] seeds` of a neural kind, or undefined (one run with the top-level seed). */
export function seedsOf(params: ModelParams): number[] | undefined {
  return "seeds" in params && params.seeds ? [...params.seeds] : undefined;
}
