import { DataError } from "../errors.js";

/** Error metrics of predicted prices against realized prices over n rows. */
export interface RegressionMetrics {
  /** Mean absolute error of the predicted price, in price units. */
  mae: number;
  /** Root mean squared error of the predicted price, in price units. */
  rmse: number;
  /** Mean absolute percentage error of the predicted price, in percent (1.5 means 1.5 %). */
  mape: number;
  /** Coefficient of determination of the predicted price against the realized price. */
  r2: number;
  /** Share of rows whose predicted direction equals the realized direction (0..1). */
  hit_rate: number;
  /** Rows the metrics were computed over. */
  n: number;
}

export interface RegressionInput {
  /** Close of the decision day t. */
  close: ArrayLike<number>;
  /** Realized close at t + horizon. */
  actualClose: ArrayLike<number>;
  /** Predicted log return from close t to close t + horizon. */
  predictedReturn: ArrayLike<number>;
}

/**
 * Metrics on price: predicted price = close_t · exp(predicted log return), compared with the realized close.
 * Direction: a prediction says "up" iff the predicted return is > 0, the market went up iff the realized
 * close is above close_t; a row is a hit iff the two agree. So a zero prediction (the naive model) counts
 * as "not up" and scores a hit on every flat or falling day.
 */
export function regressionMetrics({ close, actualClose, predictedReturn }: RegressionInput): RegressionMetrics {
  const n = close.length;
  if (actualClose.length !== n || predictedReturn.length !== n) {
    throw new DataError(`expected equal lengths, got close ${n}, actual ${actualClose.length}, predicted ${predictedReturn.length}`, { field: "predictions" });
  }
  if (n === 0) throw new DataError("no rows to evaluate; expected at least one row with a known target", { field: "predictions" });
  let absSum = 0;
  let squareSum = 0;
  let percentSum = 0;
  let actualSum = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const base = close[i]!;
    const actual = actualClose[i]!;
    const predictedReturnI = predictedReturn[i]!;
    const error = base * Math.exp(predictedReturnI) - actual;
    absSum += Math.abs(error);
    squareSum += error * error;
    percentSum += Math.abs(error / actual);
    actualSum += actual;
    if (predictedReturnI > 0 === actual > base) hits++;
  }
  const mean = actualSum / n;
  // R² is undefined when the realized prices do not vary (a single row); 0 says "explains nothing".
  let totalSquares = 0;
  for (let i = 0; i < n; i++) totalSquares += (actualClose[i]! - mean) ** 2;
  return {
    mae: absSum / n,
    rmse: Math.sqrt(squareSum / n),
    mape: (100 * percentSum) / n,
    r2: totalSquares === 0 ? (squareSum === 0 ? 1 : 0) : 1 - squareSum / totalSquares,
    hit_rate: hits / n,
    n,
  };
}

/** skill = 1 − MAE/MAE_naive: above 0 beats the naive baseline, below 0 is worse than it. */
export function skillVsNaive(mae: number, naiveMae: number): number {
  if (naiveMae === 0) {
    throw new DataError("the naive baseline has zero error (prices never change over the span); skill vs naive is undefined", { field: "baselines.naive.mae" });
  }
  return 1 - mae / naiveMae;
}
