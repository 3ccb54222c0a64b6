import type { ModelConfig } from "../config/model-config.js";
import type { PriceBar } from "../data/price-series.js";
import type { FeatureTable, RowRange, Split } from "../features/feature-table.js";
import { DataError } from "../errors.js";
import type { Fold } from "./walk-forward.js";
import { runBacktest, type BacktestResult } from "./backtest.js";
import { METRICS_SCHEMA_VERSION, metricsFileSchema, type MetricsFile, type RowSpan } from "./metrics-file.js";
import type { PredictionRow } from "./predictions-file.js";
import { significanceSummary } from "./significance-summary.js";
import { informationRatio, returnMetrics } from "./return-metrics.js";
import { regressionMetrics, skillVsNaive, type RegressionMetrics } from "./regression-metrics.js";

/** Predicted log returns of one span, each aligned to the span's rows (index 0 = the span's first row). */
export interface PredictionSet {
  model: Float64Array;
  naive: Float64Array;
  ridge: Float64Array;
}

export interface EvaluateRunInput {
  config: ModelConfig;
  table: FeatureTable;
  split: Split;
  /** The bars the table was built from; their opens fill the backtest and their closes are the realized prices. */
  bars: readonly PriceBar[];
  /** Backend the model ran on, as reported by training. */
  backend: string;
  validation: PredictionSet;
  test: PredictionSet;
  /** How the test predictions were made, when walk-forward (the pipeline always; hand-built inputs may omit it). */
  walkForward?: { refitEvery: number; window: number; folds: readonly Fold[] };
}

export interface EvaluateRunResult {
  metrics: MetricsFile;
  /** One row per test-span row, for predictions.csv and the report's charts. */
  predictions: PredictionRow[];
  backtest: BacktestResult;
}

type Predictor = keyof PredictionSet;
const PREDICTORS: readonly Predictor[] = ["model", "naive", "ridge"];

/**
 * Scores the model and both baselines on the same validation and test rows (rows whose target is known),
 * and backtests the model on every test row. A model worse than naive gets a negative skill; nothing is hidden.
 */
export function evaluateRun(input: EvaluateRunInput): EvaluateRunResult {
  const { config, table, split, bars } = input;
  const actualClose = realizedCloses(table, bars);
  const score = (span: "validation" | "test") => scoreSpan(table, split[span], input[span], actualClose, span);
  const validation = score("validation");
  const test = score("test");
  const testDates = table.dates.slice(split.test.start, split.test.end);
  const backtest = runBacktest({
    dates: testDates,
    predictions: input.test.model,
    bars,
    threshold: config.evaluate.threshold,
    feeBps: config.evaluate.fee_bps,
    riskFree: config.evaluate.risk_free_rate,
  });
  const { kind, ...params } = config.model;
  const metrics = metricsFileSchema.parse({
    schema: METRICS_SCHEMA_VERSION,
    symbol: config.symbol,
    team: config.team,
    horizon: table.horizon,
    model: { kind, params, backend: input.backend },
    rows: { train: rowSpan(table, split.train), validation: rowSpan(table, split.validation), test: rowSpan(table, split.test) },
    validation: validation.model,
    test: test.model,
    baselines: { naive: test.naive, ridge: test.ridge },
    validation_baselines: { naive: validation.naive, ridge: validation.ridge },
    skill_vs_naive: skillVsNaive(test.model.mae, test.naive.mae),
    validation_skill_vs_naive: skillVsNaive(validation.model.mae, validation.naive.mae),
    backtest: {
      threshold: config.evaluate.threshold,
      fee_bps: config.evaluate.fee_bps,
      risk_free_rate: config.evaluate.risk_free_rate,
      ...backtest.summary,
      first_fill: backtest.curve[0]?.date ?? null,
      last_valuation: backtest.curve.at(-1)?.date ?? null,
      unfilled_decisions: backtest.unfilled.length,
    },
    returns: testReturns(table, split.test, input.test, actualClose, input.walkForward?.folds),
    ...(input.walkForward ? { walk_forward: walkForwardSummary(table, input.walkForward) } : {}),
    significance: significanceSummary({
      table,
      range: split.test,
      actualClose,
      model: input.test.model,
      ridge: input.test.ridge,
      backtest,
      feeBps: config.evaluate.fee_bps,
      riskFree: config.evaluate.risk_free_rate,
      seed: config.seed,
    }),
  } satisfies MetricsFile);
  return { metrics, predictions: predictionRows(table, split.test, input.test, actualClose, backtest), backtest };
}

function testReturns(table: FeatureTable, range: RowRange, predictions: PredictionSet, actualClose: Float64Array, folds: readonly Fold[] | undefined) {
  const known: number[] = [];
  for (let row = range.start; row < range.end; row++) if (Number.isFinite(actualClose[row])) known.push(row);
  const realized = Float64Array.from(known, (row) => Math.log(actualClose[row]! / table.close[row]!));
  const of = (values: Float64Array) => Float64Array.from(known, (row) => values[row - range.start]!);
  const model = of(predictions.model);
  const sizes = (folds ?? [{ start: range.start, end: range.end }]).map((fold) => known.filter((row) => row >= fold.start && row < fold.end).length);
  return {
    model: returnMetrics(model, realized),
    naive: returnMetrics(of(predictions.naive), realized),
    ridge: returnMetrics(of(predictions.ridge), realized),
    ...informationRatio(model, realized, sizes),
  };
}

function walkForwardSummary(table: FeatureTable, { refitEvery, window, folds }: NonNullable<EvaluateRunInput["walkForward"]>) {
  const fitSpan = (fold: Fold) => ({ n: fold.fit.end - fold.fit.start, first: table.dates[fold.fit.start] ?? null, last: table.dates[fold.fit.end - 1] ?? null });
  return {
    refit_every: refitEvery,
    window: window > 0 ? window : ("expanding" as const),
    folds: folds.length,
    first_fit: fitSpan(folds[0]!),
    last_fit: fitSpan(folds.at(-1)!),
  };
}

/** Close at t + horizon per table row (NaN where that day is not in the data). */
function realizedCloses(table: FeatureTable, bars: readonly PriceBar[]): Float64Array {
  const closeOf = new Map(bars.map((bar) => [bar.date, bar.close]));
  return Float64Array.from(table.target, (target, row) => {
    if (!Number.isFinite(target)) return Number.NaN;
    return closeOf.get(table.targetDates[row] ?? "") ?? table.close[row]! * Math.exp(target);
  });
}

function scoreSpan(
  table: FeatureTable,
  range: RowRange,
  predictions: PredictionSet,
  actualClose: Float64Array,
  span: string,
): Record<Predictor, RegressionMetrics> {
  const length = range.end - range.start;
  const known: number[] = [];
  for (let row = range.start; row < range.end; row++) if (Number.isFinite(actualClose[row])) known.push(row);
  if (known.length === 0) throw new DataError(`the ${span} span has no row with a known target; expected at least one (more data or a smaller horizon)`, { field: `split.${span}` });
  const scores = {} as Record<Predictor, RegressionMetrics>;
  for (const predictor of PREDICTORS) {
    const values = predictions[predictor];
    if (values.length !== length) {
      throw new DataError(`expected ${length} predictions (one per ${span} row), got ${values.length}`, { field: `predictions.${span}.${predictor}` });
    }
    const predicted = Float64Array.from(known, (row) => values[row - range.start]!);
    const bad = predicted.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      throw new DataError(`prediction for ${table.dates[known[bad]!]} is ${predicted[bad]}; expected a finite log return`, { field: `predictions.${span}.${predictor}` });
    }
    scores[predictor] = regressionMetrics({
      close: Float64Array.from(known, (row) => table.close[row]!),
      actualClose: Float64Array.from(known, (row) => actualClose[row]!),
      predictedReturn: predicted,
    });
  }
  return scores;
}

function rowSpan(table: FeatureTable, range: RowRange): RowSpan {
  const n = Math.max(0, range.end - range.start);
  return { n, first: n > 0 ? table.dates[range.start]! : null, last: n > 0 ? table.dates[range.end - 1]! : null };
}

function predictionRows(
  table: FeatureTable,
  range: RowRange,
  predictions: PredictionSet,
  actualClose: Float64Array,
  backtest: BacktestResult,
): PredictionRow[] {
  const dayOf = new Map(backtest.days.map((day) => [day.decisionDate, day]));
  const rows: PredictionRow[] = [];
  for (let row = range.start; row < range.end; row++) {
    const offset = row - range.start;
    const date = table.dates[row]!;
    const day = dayOf.get(date);
    rows.push({
      date,
      close: table.close[row]!,
      actualClose: actualClose[row]!,
      predModel: predictions.model[offset]!,
      predNaive: predictions.naive[offset]!,
      predRidge: predictions.ridge[offset]!,
      position: backtest.positions[offset] as 0 | 1,
      equity: day?.equity ?? Number.NaN,
      buyHoldEquity: day?.buyAndHold ?? Number.NaN,
    });
  }
  return rows;
}
