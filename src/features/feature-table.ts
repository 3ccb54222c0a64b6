/** Half-open range of row indices [start, end). */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * Features per decision day t. Row i's features use prices dated ≤ dates[i] only;
 * its target is the log return from close t to close t+horizon (NaN when that day is not in the data yet).
 * Warm-up days, where some indicator is undefined, are dropped.
 */
export interface FeatureTable {
  names: string[];
  dates: string[];
  close: Float64Array;
  /** Row-major: values[i] holds row i's features, in the order of `names`. */
  values: Float64Array[];
  target: Float64Array;
  /** Date of the close the target reaches ('' when not known yet). */
  targetDates: string[];
  horizon: number;
}

export interface Split {
  train: RowRange;
  validation: RowRange;
  test: RowRange;
}

/** Per-feature mean and standard deviation, fitted on the train rows only. */
export interface Scaler {
  names: string[];
  mean: number[];
  std: number[];
}
