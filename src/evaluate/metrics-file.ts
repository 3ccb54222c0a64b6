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
    total_return: z.number().describe("Strategy equity at the last open / 1 − 1, fees included."),
    cagr: z.number().describe("Compound annual growth rate, 252 trading days a year."),
    sharpe: z.number().nullable().describe("Mean / sample sd of daily returns × √252, risk-free 0; null when returns do not vary."),
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
    buy_and_hold_return: z.number().describe("Buy at the first fill's open, value at the last open; same days, one entry fee."),
  })
  .describe("Long/flat backtest of the model on the test span: decide at close t, fill at open t+1.");

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
  })
  .describe("metrics.json: evaluation of one trained model, written beside it in models/<SYMBOL>/.");

export type MetricsFile = z.output<typeof metricsFileSchema>;
export type BacktestMetrics = z.output<typeof backtestSchema>;
export type RowSpan = z.output<typeof rowSpan>;

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
