import type { FeatureTable, RowRange } from "../features/feature-table.js";
import { mcNemarExact, binomialTest } from "../significance/binomial-test.js";
import { blockBootstrap, defaultBlockLength } from "../significance/block-bootstrap.js";
import { comparePaired, type PairedComparison } from "../significance/paired-forecasts.js";
import { neweyWestLag } from "../significance/newey-west.js";
import { dailyRate, sharpeRatio, type BacktestResult } from "./backtest.js";

export const BOOTSTRAP_REPLICATES = 2000;
export const BOOTSTRAP_LEVEL = 0.95;

export interface SignificanceInput {
  table: FeatureTable;
  range: RowRange;
  /** Close at t + horizon per table row (NaN where unknown). */
  actualClose: Float64Array;
  /** Predicted log returns aligned to the range's rows. */
  model: Float64Array;
  ridge: Float64Array;
  backtest: BacktestResult;
  feeBps: number;
  /** Annual risk-free rate the Sharpe ratio subtracts. */
  riskFree: number;
  seed: number;
}

/** metrics.json's `significance`: is the model's difference from naive, from a coin, from buy-and-hold more than noise? */
export function significanceSummary(input: SignificanceInput) {
  const { table, range, actualClose } = input;
  const known: number[] = [];
  for (let row = range.start; row < range.end; row++) if (Number.isFinite(actualClose[row])) known.push(row);
  const close = Float64Array.from(known, (row) => table.close[row]!);
  const actual = Float64Array.from(known, (row) => actualClose[row]!);
  const model = Float64Array.from(known, (row) => input.model[row - range.start]!);
  const versus = (other: Float64Array) => withSpan(comparePaired({ close, actualClose: actual, predictedA: model, predictedB: other }, table.horizon), table, known);
  return {
    method:
      `Diebold–Mariano with the Harvey–Leybourne–Newbold correction on log-return errors, paired on the same days; ` +
      `Newey–West variance, lag max(h − 1, floor(4 (n/100)^(2/9))) = ${neweyWestLag(known.length, table.horizon)} here, Bartlett weights; ` +
      `two-sided p from Student t with n − 1 df. p_value is the absolute-error test's.`,
    vs_naive: versus(new Float64Array(known.length)),
    vs_ridge: versus(Float64Array.from(known, (row) => input.ridge[row - range.start]!)),
    hit_rate: hitRateTests(close, actual, model),
    backtest: backtestIntervals(input),
  };
}

function withSpan(comparison: PairedComparison, table: FeatureTable, known: readonly number[]): PairedComparison {
  return { ...comparison, first: table.dates[known[0]!]!, last: table.dates[known.at(-1)!]! };
}

function hitRateTests(close: Float64Array, actual: Float64Array, model: Float64Array) {
  let hits = 0;
  let upDays = 0;
  let onlyModel = 0;
  let onlyAlwaysUp = 0;
  for (let t = 0; t < close.length; t++) {
    const up = actual[t]! > close[t]!;
    const modelRight = model[t]! > 0 === up;
    if (modelRight) hits++;
    if (up) upDays++;
    if (modelRight && !up) onlyModel++;
    if (!modelRight && up) onlyAlwaysUp++;
  }
  const n = close.length;
  return {
    n,
    hits,
    p_vs_half: binomialTest(hits, n, 0.5),
    always_up_hit_rate: upDays / n,
    p_vs_always_up: mcNemarExact({ onlyA: onlyModel, onlyB: onlyAlwaysUp }),
  };
}

function backtestIntervals(input: SignificanceInput) {
  const { curve, days } = input.backtest;
  const strategy = days.map((day) => day.return);
  const buyAndHold = curve.slice(1).map((point, i) => point.buyAndHold / curve[i]!.buyAndHold - 1);
  const entryFee = 1 - input.feeBps / 10_000;
  const dailyRiskFree = dailyRate(input.riskFree);
  const grow = (returns: ArrayLike<number>) => {
    let equity = 1;
    for (let t = 0; t < returns.length; t++) equity *= 1 + returns[t]!;
    return equity;
  };
  const blockLength = defaultBlockLength(strategy.length);
  const options = { blockLength, replicates: BOOTSTRAP_REPLICATES, seed: input.seed, level: BOOTSTRAP_LEVEL };
  return {
    method: `moving-block bootstrap, block ${blockLength} days, ${BOOTSTRAP_REPLICATES} replicates, seed ${input.seed}, ${BOOTSTRAP_LEVEL * 100} % percentile interval; strategy and buy-and-hold resampled on the same days`,
    excess_return: blockBootstrap({ ...options, series: [strategy, buyAndHold], statistic: ([s, b]) => grow(s!) - entryFee * grow(b!) }),
    sharpe: blockBootstrap({ ...options, series: [strategy], statistic: ([s]) => sharpeRatio(s!, dailyRiskFree) }),
  };
}
