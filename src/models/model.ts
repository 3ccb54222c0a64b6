import type { ModelKind, ModelParams } from "../config/model-config.js";
import type { RowRange } from "../features/feature-table.js";
import type { Logger } from "../logger/logger.js";

export interface EpochReport {
  epoch: number;
  epochs: number;
  /** Mean squared error on the standardized target (1 ≈ predicting the train mean). */
  loss: number;
  /** The same on the validation rows; NaN when the validation span has no usable row. */
  valLoss: number;
  elapsedMs: number;
}

export interface TrainInput {
  params: ModelParams;
  /** Standardized features for every row of the table (scaler fitted on train). */
  scaled: Float64Array[];
  target: Float64Array;
  train: RowRange;
  validation: RowRange;
  seed: number;
  logger: Logger;
  onEpoch?: (report: EpochReport) => void;
}

export interface TrainingSummary {
  backend: string;
  epochs: number;
  samples: number;
  elapsedMs: number;
  samplesPerSecond: number;
}

/** A trained model: predicts the target (log return over the horizon) for chosen rows. */
export interface Model {
  readonly kind: ModelKind;
  /** Rows a model cannot predict (not enough history for its window) come back as NaN. */
  predict(scaled: Float64Array[], rows: readonly number[]): Promise<Float64Array>;
  /** File name → bytes, in a portable format (tfjs model.json + weights.bin, ridge.json, naive.json). */
  serialize(): Promise<Map<string, Uint8Array>>;
  readonly training: TrainingSummary;
  /** Smallest row index the model can predict (window − 1 for sequence models). */
  readonly firstPredictableRow: number;
}
