import type { ModelConfig } from "../config/model-config.js";
import { maxDrawdown, sharpeRatio, sortinoRatio, TRADING_DAYS_PER_YEAR } from "../evaluate/backtest.js";
import type { MetricsFile } from "../evaluate/metrics-file.js";
import type { PredictionRow } from "../evaluate/predictions-file.js";
import type { RegressionMetrics } from "../evaluate/regression-metrics.js";
import { markdownTable } from "./markdown-table.js";
import { xyChart } from "./mermaid.js";

/** The lineage fields the report shows; `lineage.json` (src/pipeline/lineage.ts) has them and more. */
export interface ReportLineage {
  seed: number;
  backend: string;
  config_hash: string;
  code_version: { package: string; commit: string | null; hash?: string };
  data: { origin: string; content_hash: string; data_version: string | null; rows: number; first_date: string; last_date: string };
  last_price_date_seen?: string;
  trained_through?: string;
}

export interface ModelReportInput {
  config: ModelConfig;
  metrics: MetricsFile;
  /** Test-span rows of predictions.csv. */
  predictions: readonly PredictionRow[];
  lineage?: ReportLineage;
  /** Data warnings (suspicious but legal rows), shown as they are. */
  warnings: readonly string[];
}

/** Markdown for reports/<SYMBOL>.md. Pure and deterministic: the same inputs give the same bytes. */
export function renderModelReport({ config, metrics, predictions, lineage, warnings }: ModelReportInput): string {
  const sections = [
    `# ${metrics.team} / ${metrics.symbol}: ${metrics.model.kind} model`,
    verdict(metrics, config.gate.alpha),
    modelLine(config, metrics),
    "## Error metrics",
    errorSection(metrics),
    "## Backtest (test span)",
    backtestSection(metrics, predictions),
    "## Charts",
    chartsSection(metrics, predictions),
    "## Data warnings",
    warningsSection(warnings),
    "## Lineage",
    lineageSection(metrics, lineage),
  ];
  return `${sections.join("\n\n")}\n`;
}

function verdict(metrics: MetricsFile, alpha: number): string {
  const { test, baselines, skill_vs_naive: skill, backtest } = metrics;
  const vs = metrics.significance?.vs_naive;
  const tested = vs ? ` (paired Diebold–Mariano p = ${vs.p_value.toFixed(3)} on ${vs.n} days)` : "";
  const significant = vs === undefined || vs.p_value < alpha;
  const mae = `MAE ${price(test.mae)} vs ${price(baselines.naive.mae)} for naive (skill ${signedPercent(skill)})`;
  const head = !significant
    ? `**Not significantly different from the naive baseline** on the test span: ${mae}${tested}; the difference is within noise.`
    : skill > 0
      ? `**Beats the naive baseline** on the test span: ${mae}${tested}.`
      : `**Does not beat the naive baseline** on the test span: ${mae}${tested}; a model worse than "tomorrow = today" adds nothing.`;
  const ridge = `Ridge baseline MAE ${price(baselines.ridge.mae)} (the model is ${test.mae < baselines.ridge.mae ? "better" : test.mae > baselines.ridge.mae ? "worse" : "level"}).`;
  const hits = metrics.significance?.hit_rate;
  const direction = `Direction is right on ${percent(test.hit_rate)} of ${test.n} test days (naive: ${percent(baselines.naive.hit_rate)}${hits ? `; always-up: ${percent(hits.always_up_hit_rate)}; vs a coin p = ${hits.p_vs_half.toFixed(2)}` : ""}).`;
  const trading =
    backtest.days === 0
      ? "The backtest has no complete holding day."
      : `The long/flat backtest returned ${signedPercent(backtest.total_return)} vs ${signedPercent(backtest.buy_and_hold_return)} for buy-and-hold over the same ${backtest.days} days.`;
  return [head, ridge, direction, trading].join(" ");
}

function modelLine(config: ModelConfig, metrics: MetricsFile): string {
  const params = Object.entries(metrics.model.params).map(([key, value]) => `${key} = ${JSON.stringify(value)}`);
  return [
    `Model: \`${metrics.model.kind}\`${params.length > 0 ? ` (${params.join(", ")})` : ""} on backend \`${metrics.model.backend}\`; horizon ${metrics.horizon} day${metrics.horizon > 1 ? "s" : ""}; seed ${config.seed}.`,
    `Rows: train ${spanText(metrics.rows.train)}, validation ${spanText(metrics.rows.validation)}, test ${spanText(metrics.rows.test)}.`,
  ].join("\n");
}

function errorSection(metrics: MetricsFile): string {
  const row = (span: string, name: string, m: RegressionMetrics) => [span, name, price(m.mae), price(m.rmse), `${m.mape.toFixed(3)} %`, m.r2.toFixed(4), percent(m.hit_rate), String(m.n)];
  const table = markdownTable(
    ["span", "predictor", "MAE", "RMSE", "MAPE", "R²", "hit rate", "n"],
    [
      row("validation", `model (${metrics.model.kind})`, metrics.validation),
      row("validation", "naive", metrics.validation_baselines.naive),
      row("validation", "ridge", metrics.validation_baselines.ridge),
      row("test", `model (${metrics.model.kind})`, metrics.test),
      row("test", "naive", metrics.baselines.naive),
      row("test", "ridge", metrics.baselines.ridge),
    ],
    ["left", "left", "right", "right", "right", "right", "right", "right"],
  );
  const skill = `Skill vs naive (1 − MAE/MAE_naive): test **${signedPercent(metrics.skill_vs_naive)}**, validation ${signedPercent(metrics.validation_skill_vs_naive)}${metrics.skill_vs_naive <= 0 ? " — worse than or equal to naive on the test span" : ""}.`;
  const note = "Errors are on price: predicted price = close_t · exp(predicted log return), against the close at t + horizon. A prediction counts as “up” only when it is above 0, so naive (0) always says “not up”.";
  return [table, skill, note].join("\n\n");
}

function backtestSection(metrics: MetricsFile, predictions: readonly PredictionRow[]): string {
  const b = metrics.backtest;
  const hold = buyAndHoldStats(predictions, b.days);
  const rule = `Rule: hold the stock when the predicted log return is above ${b.threshold}; decide at close t, fill at the open of t+1, fees ${b.fee_bps} bps per fill. ${b.days} holding days from the open of ${b.first_fill ?? "—"} to the open of ${b.last_valuation ?? "—"}; ${b.unfilled_decisions} final decision${b.unfilled_decisions === 1 ? "" : "s"} not yet filled.`;
  const table = markdownTable(
    ["metric", "strategy", "buy & hold"],
    [
      ["total return", signedPercent(b.total_return), signedPercent(b.buy_and_hold_return)],
      ["CAGR", signedPercent(b.cagr), hold ? signedPercent(hold.cagr) : "—"],
      ["Sharpe", ratio(b.sharpe), hold ? ratio(hold.sharpe) : "—"],
      ["Sortino", ratio(b.sortino), hold ? ratio(hold.sortino) : "—"],
      ["max drawdown", percent(b.max_drawdown), hold ? percent(hold.maxDrawdown) : "—"],
      ["exposure", percent(b.exposure), "100.00 %"],
      ["trades (fills)", String(b.trades), "1"],
      ["round trips", String(b.round_trips), "1"],
      ["win rate", b.win_rate === null ? "—" : percent(b.win_rate), "—"],
    ],
    ["left", "right", "right"],
  );
  return [rule, table].join("\n\n");
}

/** Buy-and-hold's ratios from its equity column, computed the way the strategy's are. */
function buyAndHoldStats(predictions: readonly PredictionRow[], days: number) {
  const equity = predictions.map((row) => row.buyHoldEquity).filter(Number.isFinite);
  if (equity.length === 0 || equity.length !== days) return undefined;
  const returns = equity.map((value, i) => value / (i === 0 ? 1 : equity[i - 1]!) - 1);
  return {
    cagr: equity.at(-1)! ** (TRADING_DAYS_PER_YEAR / days) - 1,
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    maxDrawdown: maxDrawdown([1, ...equity]),
  };
}

function chartsSection(metrics: MetricsFile, predictions: readonly PredictionRow[]): string {
  const horizon = metrics.horizon;
  const priced = predictions.filter((row) => Number.isFinite(row.actualClose));
  const priceChart = xyChart({
    title: `${metrics.symbol}: predicted vs actual close (test)`,
    xLabels: priced.map((row) => row.date),
    yLabel: "price",
    series: [
      { name: `actual close at t+${horizon}`, values: priced.map((row) => row.actualClose), kind: "line" },
      { name: `predicted close at t+${horizon} (${metrics.model.kind})`, values: priced.map((row) => row.close * Math.exp(row.predModel)), kind: "line" },
    ],
  });
  const held = predictions.filter((row) => Number.isFinite(row.equity) && Number.isFinite(row.buyHoldEquity));
  const equityChart = xyChart({
    title: `${metrics.symbol}: equity, strategy vs buy & hold (test)`,
    xLabels: held.map((row) => row.date),
    yLabel: "equity (start = 1)",
    series: [
      { name: "strategy", values: held.map((row) => row.equity), kind: "line" },
      { name: "buy & hold", values: held.map((row) => row.buyHoldEquity), kind: "line" },
    ],
  });
  return [
    "### Predicted vs actual price",
    `x axis: decision day t; both lines are the close at t+${horizon}.`,
    priceChart,
    "### Equity curve",
    "x axis: decision day t; equity is valued at the open of t+2, after holding that day's position.",
    equityChart,
  ].join("\n\n");
}

function warningsSection(warnings: readonly string[]): string {
  if (warnings.length === 0) return "None.";
  return warnings.map((warning) => `- ${warning.replace(/\r?\n/g, " ")}`).join("\n");
}

function lineageSection(metrics: MetricsFile, lineage: ReportLineage | undefined): string {
  if (!lineage) return "_No lineage recorded._";
  const data = lineage.data;
  return markdownTable(
    ["item", "value"],
    [
      ["data", `${data.origin} (${data.rows} rows, ${data.first_date} … ${data.last_date})`],
      ["data hash (md5)", `\`${data.content_hash}\``],
      ["data version (data.dvc)", data.data_version ? `\`${data.data_version}\`` : "—"],
      ["config hash", `\`${lineage.config_hash}\``],
      ["code version", `${lineage.code_version.package}${lineage.code_version.commit ? ` @ \`${lineage.code_version.commit}\`` : ""}${lineage.code_version.hash ? ` (code hash \`${lineage.code_version.hash}\`)` : ""}`],
      ["backend", lineage.backend],
      ["seed", String(lineage.seed)],
      ["last price date seen in training", lineage.last_price_date_seen ?? "—"],
      ["published model trained through (trading starts after it)", lineage.trained_through ?? "—"],
      ["test predictions", metrics.walk_forward ? `walk-forward: ${metrics.walk_forward.folds} refits every ${metrics.walk_forward.refit_every} trading days, ${metrics.walk_forward.window === "expanding" ? "expanding window" : `last ${metrics.walk_forward.window} rows`}` : "one fit on the train span"],
      ["metrics schema", String(metrics.schema)],
    ],
  );
}

function spanText(span: MetricsFile["rows"]["train"]): string {
  return span.n === 0 ? "0 rows" : `${span.n} rows (${span.first} … ${span.last})`;
}

function price(value: number): string {
  return value.toFixed(4);
}

function percent(value: number): string {
  const text = (value * 100).toFixed(2);
  return `${/^-0\.0+$/.test(text) ? text.slice(1) : text} %`;
}

function signedPercent(value: number): string {
  const text = percent(value);
  return value > 0 && !text.startsWith("0.00") ? `+${text}` : text;
}

function ratio(value: number | null): string {
  return value === null ? "—" : value.toFixed(3);
}
