import jStat from "jstat";
import { DataError } from "../errors.js";
import { longRunVariance, neweyWestLag } from "./newey-west.js";

export type Loss = "absolute" | "squared";

export interface DieboldMarianoResult {
  loss: Loss;
  /** Days compared (both forecasts and the realized value known). */
  n: number;
  /** Mean of loss(a) − loss(b): below 0 means forecast a had the smaller loss. */
  mean_difference: number;
  /** HLN-corrected statistic, compared with Student t with n − 1 df; null when the difference is constant and non-zero. */
  statistic: number | null;
  /** Two-sided p-value. */
  p_value: number;
  /** Newey–West truncation lag used. */
  lag: number;
}

export interface DieboldMarianoOptions {
  loss: Loss;
  /** Forecast horizon in days (the HLN correction and the minimum lag depend on it). */
  horizon: number;
  /** Overrides the lag rule of `neweyWestLag` (tests use it to check the arithmetic). */
  lag?: number;
}

/**
 * Diebold & Mariano (1995) test of equal predictive accuracy of forecasts a and b from their errors on
 * the same days, with the small-sample correction of Harvey, Leybourne & Newbold (1997):
 * DM* = DM · √((n + 1 − 2h + h(h − 1)/n) / n), p from Student t with n − 1 degrees of freedom.
 */
export function dieboldMariano(errorsA: ArrayLike<number>, errorsB: ArrayLike<number>, options: DieboldMarianoOptions): DieboldMarianoResult {
  const n = errorsA.length;
  if (errorsB.length !== n) throw new DataError(`expected the two forecasts' errors on the same days, got ${n} and ${errorsB.length}`, { field: "errors" });
  if (n < 2) throw new DataError(`the Diebold–Mariano test needs at least 2 paired days, got ${n}`, { field: "errors" });
  const lossOf = options.loss === "absolute" ? Math.abs : (e: number) => e * e;
  const differences = Float64Array.from({ length: n }, (_, t) => lossOf(errorsA[t]!) - lossOf(errorsB[t]!));
  const mean = differences.reduce((sum, d) => sum + d, 0) / n;
  const lag = options.lag ?? neweyWestLag(n, options.horizon);
  const variance = longRunVariance(differences, lag);
  const h = options.horizon;
  const base = { loss: options.loss, n, mean_difference: mean, lag };
  if (!(variance > 0)) return mean === 0 ? { ...base, statistic: 0, p_value: 1 } : { ...base, statistic: null, p_value: 0 };
  const dm = mean / Math.sqrt(variance / n);
  const statistic = dm * Math.sqrt(Math.max(0, n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  return { ...base, statistic, p_value: Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(statistic), n - 1)) };
}
