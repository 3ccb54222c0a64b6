import { z } from "zod";
import { TEAM_PATTERN, TEAM_RULE, TICKER_PATTERN, TICKER_RULE } from "./ref-component.js";

const isoDate = z
  .union([z.string(), z.date()])
  .transform((value, ctx) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    if (!isRealIsoDate(text)) {
      ctx.addIssue({ code: "custom", message: `expected a date YYYY-MM-DD, got "${text}"` });
      return z.NEVER;
    }
    return text;
  })
  .describe("A calendar date, YYYY-MM-DD (TOML date or string).");

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Allocation-free: the price loader calls it once per row (6,000 rows per 24-year file). */
export function isRealIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  return year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let index = from; index < to; index++) value = value * 10 + text.charCodeAt(index) - 48;
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const symbol = z
  .string()
  .regex(TICKER_PATTERN, TICKER_RULE)
  .describe("Ticker symbol of the stock this model predicts, upper case (AAPL, MSFT, SPX).");

export const teamName = z
  .string()
  .regex(TEAM_PATTERN, TEAM_RULE)
  .describe("Team that owns the branch; lower case letters, digits and dashes.");

const positiveInt = z.number().int().positive();

export const dataSection = z
  .strictObject({
    source: z
      .enum(["package", "csv", "dvc"])
      .default("package")
      .describe(
        "Where prices come from: 'package' = embedded real data shipped in npm packages, 'csv' = a Yahoo-format CSV file, 'dvc' = data/ tracked by data.dvc.",
      ),
    path: z
      .string()
      .min(1)
      .optional()
      .describe(
        "csv: file path, relative to the branch folder or absolute. dvc: path inside data/ (default <SYMBOL>.csv). package: dataset name (default from the symbol).",
      ),
    pin: z
      .boolean()
      .optional()
      .describe(
        "dvc only. false or absent (the default): follow main's data.dvc, so the pipeline trains on main's current data version and a data change on main retrains the branch. true: train on the data.dvc committed on this branch (a fixed data version).",
      ),
    start: isoDate.optional().describe("First date used (inclusive); earlier rows are ignored."),
    end: isoDate
      .optional()
      .describe("Last date used (inclusive), targets included: the model never sees a price after it."),
  })
  .refine((data) => !data.start || !data.end || data.start <= data.end, {
    message: "expected [data] start on or before end, so some rows remain",
    path: ["start"],
  })
  .refine((data) => data.pin === undefined || data.source === "dvc", {
    message: 'expected pin only with source = "dvc": only a data.dvc can be pinned or followed',
    path: ["pin"],
  })
  .describe("Which prices the model is built from.");

export const featuresSection = z
  .strictObject({
    lags: z.array(positiveInt).min(1).default([1, 2, 3, 5, 10]).describe("Lagged 1-day log returns to include, in days."),
    ma_windows: z.array(z.number().int().min(2)).default([5, 10, 20, 50]).describe("Moving-average windows; feature = close / MA − 1."),
    rsi_period: z.number().int().min(2).default(14).describe("RSI lookback in days (Wilder smoothing)."),
    macd: z
      .strictObject({
        fast: z.number().int().min(2).default(12).describe("Fast EMA span."),
        slow: z.number().int().min(3).default(26).describe("Slow EMA span."),
        signal: z.number().int().min(2).default(9).describe("Signal EMA span."),
      })
      .default({ fast: 12, slow: 26, signal: 9 })
      .describe("MACD spans; features are MACD and its histogram, divided by close."),
    volatility_windows: z.array(z.number().int().min(2)).default([10, 20]).describe("Rolling standard deviation of daily log returns."),
    volume_zscore_window: z.number().int().min(2).default(20).describe("Window for the z-score of log volume."),
    day_of_week: z.boolean().default(true).describe("Add one-hot day-of-week features."),
    horizon: positiveInt.default(1).describe("Target = log return from close t to close t+horizon."),
  })
  .describe("Past-only indicators computed for each day.");

export const splitSection = z
  .strictObject({
    train: z.number().gt(0).lt(1).default(0.7).describe("Fraction of rows, oldest first, used to fit."),
    validation: z.number().gt(0).lt(1).default(0.15).describe("Fraction after train used for early stopping and selection; the rest is test."),
  })
  .refine((split) => split.train + split.validation < 1, { message: "expected train + validation below 1, so the test span is not empty" })
  .describe("Chronological train / validation / test split.");

const neuralCommon = {
  epochs: positiveInt.max(10_000).default(30).describe("Training epochs."),
  batch_size: positiveInt.default(64).describe("Mini-batch size."),
  learning_rate: z.number().positive().max(1).default(0.001).describe("Adam learning rate."),
  patience: z.number().int().min(0).default(5).describe("Early stopping: epochs without validation improvement (0 = off)."),
  dropout: z.number().min(0).lt(1).default(0).describe("Dropout rate between layers."),
  seeds: z
    .array(z.number().int().min(0).max(2 ** 31 - 1))
    .min(1)
    .max(20)
    .optional()
    .describe(
      "Train every seed: metrics.json reports mean ± std of each headline metric over them, and the published model uses the seed whose train-span fit has the lowest validation MAE of log returns (the test span plays no part). Absent: the top-level seed only.",
    ),
};

const sequenceCommon = {
  ...neuralCommon,
  window: z.number().int().min(2).max(250).default(20).describe("Days of feature history fed to the recurrent layer."),
  units: positiveInt.max(1024).default(32).describe("Recurrent units."),
};

export const modelSection = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("naive").describe("Tomorrow's price = today's (predicted return 0).") }),
    z.strictObject({
      kind: z.literal("ridge").describe("Linear ridge regression, closed form."),
      alpha: z.number().min(0).default(1).describe("L2 penalty on the standardized features."),
    }),
    z.strictObject({
      kind: z.literal("mlp").describe("Dense feed-forward network (TensorFlow.js)."),
      hidden_units: z.array(positiveInt.max(4096)).min(1).default([32, 16]).describe("Units per hidden layer."),
      ...neuralCommon,
    }),
    z.strictObject({ kind: z.literal("lstm").describe("LSTM over a window of past features."), ...sequenceCommon }),
    z.strictObject({ kind: z.literal("gru").describe("GRU over a window of past features."), ...sequenceCommon }),
  ])
  .describe("The model and its hyper-parameters; 'kind' picks which keys are allowed.");

export const evaluateSection = z
  .strictObject({
    threshold: z.number().default(0).describe("Backtest: hold the stock when the predicted log return exceeds this."),
    fee_bps: z.number().min(0).default(0).describe("Backtest: fee per trade in basis points of the traded value."),
    refit_every: positiveInt
      .optional()
      .describe(
        "Walk-forward: refit every this many trading days over the test span, each fold fitted on the rows whose target is known at its first day. Default 21 (about monthly) for naive and ridge, 252 (yearly) for mlp, lstm and gru, whose every refit is a full training.",
      ),
    rolling_window: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("Walk-forward fit window in rows: 0 = expanding (every row before the fold), N = only the last N rows."),
    risk_free_rate: z
      .number()
      .min(-0.1)
      .max(1)
      .default(0)
      .describe("Annual risk-free rate (0.04 = 4 %) that Sharpe ratios subtract, compounded daily over 252 trading days."),
  })
  .describe("How the test span is evaluated and backtested.");

export const gateSection = z
  .strictObject({
    min_skill_vs_naive: z.number().default(0).describe("Promote only if skill_vs_naive (1 − MAE/MAE_naive) is above this."),
    allow_worse_than_champion: z.boolean().default(false).describe("Promote even if the test MAE is worse than the current champion's."),
    alpha: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.05)
      .describe("Significance level: a difference counts only when its paired Diebold–Mariano p-value is below this."),
  })
  .describe("Promotion gate: when a new version becomes the branch's champion.");

export const modelConfigSchema = z
  .strictObject({
    symbol,
    team: teamName,
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42).describe("Seed for every random choice, so runs repeat exactly."),
    data: dataSection.default({ source: "package" }),
    features: featuresSection.default(featuresSection.parse({})),
    split: splitSection.default({ train: 0.7, validation: 0.15 }),
    model: modelSection.default({ kind: "ridge", alpha: 1 }),
    evaluate: evaluateSection.default({ threshold: 0, fee_bps: 0, rolling_window: 0, risk_free_rate: 0 }),
    gate: gateSection.default({ min_skill_vs_naive: 0, allow_worse_than_champion: false, alpha: 0.05 }),
  })
  .describe("stockops.toml: one model branch's configuration.");

export type ModelConfig = z.output<typeof modelConfigSchema>;
export type ModelConfigInput = z.input<typeof modelConfigSchema>;
export type ModelKind = ModelConfig["model"]["kind"];
export type ModelParams = ModelConfig["model"];
export type FeaturesConfig = ModelConfig["features"];
export const MODEL_KINDS = ["naive", "ridge", "mlp", "lstm", "gru"] as const satisfies readonly ModelKind[];
