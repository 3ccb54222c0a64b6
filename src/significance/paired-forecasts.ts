import { dieboldMariano, type DieboldMarianoResult } from "./diebold-mariano.js";

/** Two forecasts of the same days: closes at t and t + horizon, and each forecast's predicted log return. */
export interface PairedDays {
  close: ArrayLike<number>;
  actualClose: ArrayLike<number>;
  predictedA: ArrayLike<number>;
  predictedB: ArrayLike<number>;
}

export interface PairedComparison {
  n: number;
  /** First and last day compared, when dates were given. */
  first?: string;
  last?: string;
  /** DM on absolute log-return errors: the test of an MAE difference; its p-value is the headline. */
  absolute: DieboldMarianoResult;
  squared: DieboldMarianoResult;
  p_value: number;
}

/** Diebold–Mariano of forecast a against b on log-return errors, absolute and squared (decision 0016). */
export function comparePaired(days: PairedDays, horizon: number): PairedComparison {
  const n = days.close.length;
  const realized = Float64Array.from({ length: n }, (_, t) => Math.log(days.actualClose[t]! / days.close[t]!));
  const errorsA = Float64Array.from(realized, (r, t) => days.predictedA[t]! - r);
  const errorsB = Float64Array.from(realized, (r, t) => days.predictedB[t]! - r);
  const absolute = dieboldMariano(errorsA, errorsB, { loss: "absolute", horizon });
  const squared = dieboldMariano(errorsA, errorsB, { loss: "squared", horizon });
  return { n, absolute, squared, p_value: absolute.p_value };
}

export type Significance = "better" | "worse" | "no significant difference";

/** a better (or worse) than b iff the absolute-loss DM p-value is below alpha; otherwise noise. */
export function judge(comparison: Pick<PairedComparison, "absolute">, alpha: number): Significance {
  if (!(comparison.absolute.p_value < alpha)) return "no significant difference";
  return comparison.absolute.mean_difference < 0 ? "better" : "worse";
}
