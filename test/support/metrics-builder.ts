import { formatMetrics, type MetricsFile } from "../../src/evaluate/metrics-file.js";
import type { Lineage } from "../../src/pipeline/lineage.js";

const regression = (mae: number) => ({ mae, rmse: mae * 1.3, mape: mae, r2: 0.98, hit_rate: 0.51, n: 250 });

const test = (loss: "absolute" | "squared", meanDifference: number, p: number) => ({ loss, n: 250, mean_difference: meanDifference, statistic: p < 0.5 ? -2.6 : -0.6, p_value: p, lag: 4 });
const paired = (meanDifference: number, p: number) => ({ n: 250, absolute: test("absolute", meanDifference, p), squared: test("squared", meanDifference, p), p_value: p });

/**
 * A valid metrics.json for team/symbol with the given test MAE and skill vs naive (naive MAE derived from them).
 * The DM p-value vs naive is `pVsNaive` (default 0.01 for a positive skill, 0.5 otherwise), its sign that of the skill.
 */
export function buildMetrics(options: { team?: string; symbol?: string; testMae?: number; skill?: number; kind?: MetricsFile["model"]["kind"]; pVsNaive?: number } = {}): MetricsFile {
  const testMae = options.testMae ?? 1.2;
  const skill = options.skill ?? 0.02;
  const naiveMae = testMae / (1 - skill);
  const span = (n: number, first: string, last: string) => ({ n, first, last });
  return {
    schema: 1,
    symbol: options.symbol ?? "AAPL",
    team: options.team ?? "red",
    horizon: 1,
    model: { kind: options.kind ?? "ridge", params: { alpha: 1 }, backend: "typescript" },
    rows: { train: span(1000, "2005-01-03", "2008-12-31"), validation: span(250, "2009-01-02", "2009-12-31"), test: span(250, "2010-01-04", "2010-12-31") },
    validation: regression(testMae),
    test: regression(testMae),
    baselines: { naive: regression(naiveMae), ridge: regression(testMae * 1.01) },
    validation_baselines: { naive: regression(naiveMae), ridge: regression(testMae * 1.01) },
    skill_vs_naive: skill,
    validation_skill_vs_naive: skill / 2,
    backtest: {
      threshold: 0,
      fee_bps: 0,
      total_return: 0.12,
      cagr: 0.12,
      sharpe: 0.8,
      sortino: 1.1,
      max_drawdown: 0.15,
      win_rate: 0.55,
      exposure: 0.6,
      trades: 40,
      round_trips: 20,
      days: 249,
      first_fill: "2010-01-05",
      last_valuation: "2010-12-31",
      unfilled_decisions: 1,
      buy_and_hold_return: 0.3,
    },
    significance: {
      method: "built by test/support/metrics-builder.ts",
      vs_naive: paired(-skill * 0.001, options.pVsNaive ?? (skill > 0 ? 0.01 : 0.5)),
      vs_ridge: paired(-0.0001, 0.4),
      hit_rate: { n: 250, hits: 128, p_vs_half: 0.75, always_up_hit_rate: 0.53, p_vs_always_up: 0.6 },
      backtest: { method: "built", excess_return: { estimate: -0.18, low: -0.4, high: 0.05 }, sharpe: { estimate: 0.8, low: -1.2, high: 2.7 } },
    },
  };
}

export function metricsText(options: Parameters<typeof buildMetrics>[0] = {}): string {
  return formatMetrics(buildMetrics(options));
}

export function buildLineage(options: { team?: string; symbol?: string; dataVersion?: string | null } = {}): Lineage {
  const span = (rows: number) => ({ rows, first: "2005-01-03", last: "2010-12-31" });
  return {
    schema: 1,
    symbol: options.symbol ?? "AAPL",
    team: options.team ?? "red",
    model_kind: "ridge",
    seed: 42,
    backend: "typescript",
    config_hash: "0123456789abcdef0123456789abcdef",
    code_version: { package: "0.1.0", commit: null },
    data: {
      origin: "package:@observablehq/sample-datasets/aapl.csv",
      content_hash: "fedcba9876543210fedcba9876543210",
      data_version: options.dataVersion === undefined ? "aaaabbbbccccddddeeeeffff00001111" : options.dataVersion,
      rows: 1500,
      first_date: "2005-01-03",
      last_date: "2010-12-31",
    },
    features: ["ret_lag_1", "ret_lag_2", "ma_ratio_5", "rsi_14"],
    split: { train: span(1000), validation: span(250), test: span(250) },
    last_price_date_seen: "2009-12-31",
    model_files: { "model.json": "00000000000000000000000000000000" },
  };
}
