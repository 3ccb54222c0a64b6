import type { ModelConfig, ModelParams } from "../config/model-config.js";
import type { RowRange, Split } from "../features/feature-table.js";
import type { Logger } from "../logger/logger.js";
import type { Model } from "../models/model.js";
import { RidgeAccumulator } from "../models/ridge-accumulator.js";
import { trainModel } from "../models/train-model.js";

/** Refit steps, in trading days, when `[evaluate] refit_every` is not set: neural refits are full trainings. */
export const DEFAULT_REFIT_EVERY = { cheap: 21, neural: 252 } as const;

export type WalkForwardConfig = ModelConfig["evaluate"];

/** One walk-forward fold: the model fitted on `fit` predicts rows [start, end). */
export interface Fold {
  start: number;
  end: number;
  fit: RowRange;
}

export function isNeural(kind: ModelParams["kind"]): boolean {
  return kind === "mlp" || kind === "lstm" || kind === "gru";
}

export function refitEvery(evaluate: WalkForwardConfig, kind: ModelParams["kind"]): number {
  return evaluate.refit_every ?? (isNeural(kind) ? DEFAULT_REFIT_EVERY.neural : DEFAULT_REFIT_EVERY.cheap);
}

/**
 * Folds of `step` rows over `range`. A fold starting at row s is fitted on rows whose target is known at
 * the close of day s: row i's target ends at close i + horizon, so i ≤ s − horizon (a purge of horizon − 1
 * rows). Expanding window from row 0, or the last `window` rows when `window` > 0.
 */
export function planFolds(range: RowRange, step: number, horizon: number, window = 0): Fold[] {
  const folds: Fold[] = [];
  for (let start = range.start; start < range.end; start += step) {
    const fitEnd = Math.max(0, start - (horizon - 1));
    folds.push({ start, end: Math.min(start + step, range.end), fit: { start: window > 0 ? Math.max(0, fitEnd - window) : 0, end: fitEnd } });
  }
  return folds;
}

/** Ridge over every fold with one running Gram matrix: each row is added once (and removed once when rolling). */
export function walkForwardRidge(scaled: Float64Array[], target: Float64Array, folds: readonly Fold[], alpha: number, logger?: Logger): Float64Array {
  const width = scaled[0]?.length ?? 0;
  const sums = new RidgeAccumulator(width);
  const total = folds.reduce((sum, fold) => sum + fold.end - fold.start, 0);
  const out = new Float64Array(total);
  let added = 0;
  let removed = 0;
  let offset = 0;
  for (const fold of folds) {
    for (; added < fold.fit.end; added++) sums.update(scaled[added]!, target[added]!);
    for (; removed < fold.fit.start; removed++) sums.update(scaled[removed]!, target[removed]!, -1);
    const fit = sums.solve(alpha, logger);
    for (let row = fold.start; row < fold.end; row++, offset++) {
      const x = scaled[row]!;
      let sum = fit.intercept;
      for (let a = 0; a < width; a++) sum += fit.coefficients[a]! * x[a]!;
      out[offset] = sum;
    }
  }
  return out;
}

export interface WalkForwardInput {
  params: ModelParams;
  scaled: Float64Array[];
  target: Float64Array;
  split: Split;
  folds: readonly Fold[];
  seed: number;
  logger: Logger;
  /** The model fitted on the train span with early stopping on validation: the neural kinds' first fold. */
  firstFold?: Model;
}

/**
 * Out-of-sample predictions for every fold, concatenated in row order. Neural folds keep the split's
 * shape: the last `validation`-span rows before the fit end drive early stopping, the rows before them train.
 */
export async function walkForwardPredictions(input: WalkForwardInput): Promise<Float64Array> {
  const { params, scaled, target, folds } = input;
  if (params.kind === "naive") return new Float64Array(folds.reduce((sum, fold) => sum + fold.end - fold.start, 0));
  if (params.kind === "ridge") return walkForwardRidge(scaled, target, folds, params.alpha, input.logger);
  const validationRows = input.split.validation.end - input.split.validation.start;
  const gap = input.split.validation.start - input.split.train.end;
  const parts: Float64Array[] = [];
  for (const [index, fold] of folds.entries()) {
    const validation = { start: Math.max(fold.fit.start, fold.fit.end - validationRows), end: fold.fit.end };
    const train = { start: fold.fit.start, end: Math.max(fold.fit.start, validation.start - gap) };
    const model =
      index === 0 && input.firstFold
        ? input.firstFold
        : await trainModel({ params, scaled, target, train, validation, seed: input.seed, logger: input.logger });
    const rows = Array.from({ length: fold.end - fold.start }, (_, k) => fold.start + k);
    parts.push(await model.predict(scaled, rows));
  }
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
