import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DataError } from "../errors.js";
import { parseStrictJson } from "../files/strict-json.js";

export const METRICS_SCHEMA_VERSION = 1;
export const METRICS_FILE = "metrics.json";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

export const regressionMetricsSchema = z
  .object({
    mae: z.number().min(0).describe("Mean absolute error of the predicted price (price units)."),
    rmse: z.number().min(0).describe("Root mean squared error of the predicted price (price units)."),
    mape: z.number().min(0).describe("Mean absolute percentage error of the predicted price, in percent."),
    r2: z.number().describe("R² of the predicted price against the realized price."),
    hit_rate: z
      .number()
      .min(0)
      .max(1)
      .describe("Share of rows where 'predicted return > 0' equals 'realized return > 0'; a zero prediction counts as not up."),
    n: z.number().int().min(1).describe("Rows evaluated."),
  })
  .describe("Error metrics on price: predicted price = close_t · exp(predicted log return) vs the close at t + horizon.");

const baselinePair = z
  .object({
    naive: regressionMetricsSchema.describe("Persistence: predicted return 0, so predicted price = today's close."),
    ridge: regressionMetricsSchema.describe("Ridge regression on the same features, fitted on the train rows."),
  })
  .describe("Baselines computed on exactly the rows the model is scored on.");

const rowSpan = z
  .object({
    n: z.number().int().min(0).describe("Rows in the span."),
    first: isoDate.nullable().describe("Date of the first row (decision day); null when the span is empty."),
    last: isoDate.nullable().describe("Date of the last row (decision day); null when the span is empty."),
  })
  .describe("A chronological span of the feature table.");

export const backtestSchema = z
  .object({
    threshold: z.number().describe("Hold iff the predicted log return is strictly above this."),
    fee_bps: z.number().min(0).describe("Fee per fill, in basis points of the traded value."),
    total_return: z.number().describe("Strategy equity at the last open / 1 − 1, fees included; price return (no dividends)."),
    cagr: z.number().describe("Compound annual growth rate, 252 trading days a year."),
    risk_free_rate: z.number().optional().describe("Annual risk-free rate the Sharpe ratio subtracts ([evaluate] risk_free_rate); absent in files written before it existed (0 then)."),
    sharpe: z.number().nullable().describe("(Mean daily return − daily risk-free rate) / sample sd × √252; null when returns do not vary."),
    sortino: z.number().nullable().describe("Mean / downside deviation (over all days) × √252; null when no day lost money."),
    max_drawdown: z.number().min(0).max(1).describe("Largest peak-to-trough fall of the equity curve, a positive fraction."),
    win_rate: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe("Share of round trips (entry to exit, fees included; an open final position valued at the last open) with a gain; null without round trips."),
    exposure: z.number().min(0).max(1).describe("Share of holding days spent long."),
    trades: z.number().int().min(0).describe("Fills: each buy and each sell counts once."),
    round_trips: z.number().int().min(0).describe("Entries into the stock, the open final position included."),
    days: z.number().int().min(0).describe("Holding days backtested (open t+1 to open t+2 each)."),
    first_fill: isoDate.nullable().describe("Open the backtest starts at (fill of the first decision)."),
    last_valuation: isoDate.nullable().describe("Open the backtest ends at."),
    unfilled_decisions: z.number().int().min(0).describe("Test decisions whose fill or exit open lies beyond the data."),
    buy_and_hold_return: z.number().describe("Buy at the first fill's open, value at the last open; same days, one entry fee. Price return: Close/Open only, no dividends."),
    total_return_with_dividends: z
      .number()
      .nullable()
      .optional()
      .describe("total_return with dividends reinvested (from Adj Close vs Close); null when the prices have no Adj Close; absent in older files."),
    buy_and_hold_return_with_dividends: z.number().nullable().optional().describe("buy_and_hold_return with dividends reinvested; null without Adj Close."),
  })
  .describe("Long/flat backtest of the model on the test span: decide at close t, fill at open t+1.");

const dieboldMariano = z
  .object({
    loss: z.enum(["absolute", "squared"]).describe("Loss the test compares: |e| (an MAE difference) or e² (an MSE difference)."),
    n: z.number().int().min(2).describe("Days compared."),
    mean_difference: z.number().describe("Mean of loss(this model) − loss(the other) on log-return errors; below 0 favours this model."),
    statistic: z.number().nullable().describe("HLN-corrected DM statistic; null when the loss difference is constant and non-zero."),
    p_value: z.number().min(0).max(1).describe("Two-sided p-value, Student t with n − 1 df."),
    lag: z.number().int().min(0).describe("Newey–West truncation lag."),
  })
  .describe("Diebold–Mariano test (Harvey–Leybourne–Newbold correction, Newey–West variance).");

export const pairedComparisonSchema = z
  .object({
    n: z.number().int().min(2).describe("Days compared: both forecasts and the realized close known."),
    first: isoDate.optional().describe("First day compared."),
    last: isoDate.optional().describe("Last day compared."),
    absolute: dieboldMariano,
    squared: dieboldMariano,
    p_value: z.number().min(0).max(1).describe("The absolute-error test's p-value: is the MAE difference more than noise?"),
  })
  .describe("This model against another forecast on the same days.");

const interval = z
  .object({
    estimate: z.number().nullable().describe("The statistic on the days as they happened."),
    low: z.number().nullable().describe("2.5 % bootstrap quantile."),
    high: z.number().nullable().describe("97.5 % bootstrap quantile."),
  })
  .describe("A point estimate with its 95 % block-bootstrap interval.");

const returnMetricsSchema = z
  .object({
    mae_bp: z.number().min(0).describe("Mean absolute error of the predicted log return, basis points."),
    rmse_bp: z.number().min(0).describe("Root mean squared error of the predicted log return, basis points."),
    r2: z.number().describe("R² of returns: 1 − SSE/SST around the mean realized return (not of prices)."),
    ic: z.number().nullable().describe("Pearson correlation of predicted and realized returns; null for a constant forecast."),
    rank_ic: z.number().nullable().describe("Spearman correlation of predicted and realized returns; null for a constant forecast."),
    direction: z
      .object({ up_up: z.number().int(), up_down: z.number().int(), down_up: z.number().int(), down_down: z.number().int() })
      .describe("Days by predicted direction (up = > 0) and realized direction: predicted_realized."),
    n: z.number().int().min(1),
  })
  .describe("Metrics on log returns, comparable across tickers and periods.");

export const returnsSchema = z
  .object({
    model: returnMetricsSchema,
    naive: returnMetricsSchema,
    ridge: returnMetricsSchema,
    fold_ics: z.array(z.number()).describe("The model's IC in each walk-forward fold."),
    icir: z.number().nullable().describe("Mean / sample sd of the fold ICs; null with fewer than two folds."),
  })
  .describe("Test-span metrics on log returns (the model and both baselines on the same days).");

export const significanceSchema = z
  .object({
    method: z.string().describe("The tests, in words, with the lag rule."),
    vs_naive: pairedComparisonSchema.describe("The model against naive (predicted return 0) on the test days."),
    vs_ridge: pairedComparisonSchema.describe("The model against the ridge baseline on the test days."),
    hit_rate: z
      .object({
        n: z.number().int().min(1),
        hits: z.number().int().min(0),
        p_vs_half: z.number().min(0).max(1).describe("Exact two-sided binomial test of the hit rate against 50 %."),
        always_up_hit_rate: z.number().min(0).max(1).describe("Hit rate of always predicting up: the share of up days."),
        p_vs_always_up: z.number().min(0).max(1).describe("Exact McNemar test against always-up on the same days."),
      })
      .describe("Is the direction better than a coin, and than always saying up?"),
    backtest: z
      .object({
        method: z.string(),
        excess_return: interval.describe("Strategy total return − buy-and-hold total return, same days."),
        sharpe: interval.describe("Strategy Sharpe ratio over the risk-free rate."),
      })
      .describe("Backtest figures with their block-bootstrap intervals."),
  })
  .describe("Whether the differences metrics.json shows are more than noise (decision 0016).");

export const metricsFileSchema = z
  .object({
    schema: z.literal(METRICS_SCHEMA_VERSION).describe("Version of this file's layout."),
    symbol: z.string().min(1).describe("Ticker the model predicts."),
    team: z.string().min(1).describe("Team owning the branch."),
    horizon: z.number().int().min(1).describe("Prediction horizon in trading days."),
    model: z
      .object({
        kind: z.enum(["naive", "ridge", "mlp", "lstm", "gru"]).describe("Model kind."),
        params: z.record(z.string(), z.json()).describe("Hyper-parameters from stockops.toml [model], kind excluded."),
        backend: z.string().min(1).describe("Compute backend used to train and predict (tensorflow, wasm, cpu, js)."),
      })
      .describe("The model that was evaluated."),
    rows: z
      .object({ train: rowSpan, validation: rowSpan, test: rowSpan })
      .describe("Row counts and date ranges of the chronological split."),
    validation: regressionMetricsSchema.describe("The model on the validation span."),
    test: regressionMetricsSchema.describe("The model on the test span."),
    baselines: baselinePair.describe("Baselines on the test span."),
    validation_baselines: baselinePair.describe("Baselines on the validation span."),
    skill_vs_naive: z.number().describe("1 − MAE/MAE_naive on the test span; below 0 means worse than naive."),
    validation_skill_vs_naive: z.number().describe("1 − MAE/MAE_naive on the validation span."),
    backtest: backtestSchema,
    seeds: z
      .object({
        rule: z.string().describe("How the published seed was chosen."),
        chosen: z.number().int().describe("The seed whose metrics fill the rest of this file."),
        per_seed: z.array(z.record(z.string(), z.number().nullable())).describe("Each seed's headline figures (test_mae_bp, ic, hit_rate, skill_vs_naive, p_vs_naive, total_return, sharpe, validation_mae_bp)."),
        mean: z.record(z.string(), z.number().nullable()).describe("Mean of each headline figure over the seeds."),
        std: z.record(z.string(), z.number().nullable()).describe("Sample standard deviation over the seeds; null with one seed."),
      })
      .optional()
      .describe("[model] seeds: every seed trained and evaluated the same way; absent for a single seed."),
    returns: returnsSchema.optional().describe("Absent in files written before return metrics existed."),
    walk_forward: z
      .object({
        refit_every: z.number().int().min(1).describe("Trading days between refits over the test span."),
        window: z.union([z.literal("expanding"), z.number().int().min(1)]).describe("'expanding' = every earlier row; N = the last N rows."),
        folds: z.number().int().min(1).describe("Refits, one per fold."),
        first_fit: rowSpan.describe("Rows the first fold was fitted on."),
        last_fit: rowSpan.describe("Rows the last fold was fitted on."),
      })
      .optional()
      .describe("How the test predictions were made: each fold by a model refitted on the rows known before it. Absent in files written before walk-forward."),
    significance: significanceSchema.optional().describe("Absent only in metrics.json written before significance tests existed."),
  })
  .describe("metrics.json: evaluation of one trained model, written beside it in models/<SYMBOL>/.");

export type MetricsFile = z.output<typeof metricsFileSchema>;
export type BacktestMetrics = z.output<typeof backtestSchema>;
export type RowSpan = z.output<typeof rowSpan>;
export type SignificanceMetrics = z.output<typeof significanceSchema>;
export type PairedComparisonMetrics = z.output<typeof pairedComparisonSchema>;

/** Pure: JSON text → validated metrics, or a DataError naming the file and the field. */
export function parseMetrics(text: string, file = METRICS_FILE): MetricsFile {
  const raw = parseStrictJson(text, file, { error: DataError, hint: "expected a metrics.json written by 'stockops evaluate'" });
  const result = metricsFileSchema.safeParse(raw);
  if (!result.success) {
    const [first, ...rest] = result.error.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""})` : "";
    const field = first?.path.map(String).join(".") || undefined;
    throw new DataError(`expected ${first?.message.replace(/^Invalid input: expected /, "") ?? "a metrics file"}${more}`, { file, field });
  }
  return result.data;
}

export async function readMetricsFile(path: string): Promise<MetricsFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new DataError("not found; expected the metrics.json written by 'stockops evaluate'", { file: path });
  }
  return parseMetrics(text, path);
}

/** Stable text: the same metrics always serialize to the same bytes. */
export function formatMetrics(metrics: MetricsFile): string {
  return `${JSON.stringify(metricsFileSchema.parse(metrics), null, 2)}\n`;
}
