import type { MetricsFile } from "../../evaluate/metrics-file.js";
import { markdownTable } from "../markdown-table.js";
import { formatDelta, formatP, formatValue, isNumber, oneLine, testedMark, type Unit } from "./format.js";
import type { HeadVsBase } from "./head-vs-base.js";

/** Which paired head-vs-base test judges a metric; undefined: shown as context, never marked. */
type Test = "absolute" | "squared" | "hit";

interface MetricSpec {
  label: string;
  read: (metrics: MetricsFile) => number | null | undefined;
  test?: Test;
  unit: Unit;
}

export const DIRECTION_NOTE =
  "Marks come only from paired tests on the same days: MAE and skill by a Diebold–Mariano test on absolute errors, RMSE on squared errors (log-return errors, HLN correction, Newey–West variance), hit rate by an exact McNemar test; a difference with p ≥ alpha (`[gate] alpha`) is \"no significant difference\". IC, ICIR, R², MAPE and the backtest are context without a mark; R² of prices is near 1 for every model, naive included, so R² is shown on returns.";

const TEST_METRICS: MetricSpec[] = [
  { label: "MAE of log returns", read: (m) => m.returns?.model.mae_bp, test: "absolute", unit: "bp" },
  { label: "RMSE of log returns", read: (m) => m.returns?.model.rmse_bp, test: "squared", unit: "bp" },
  { label: "IC (Pearson)", read: (m) => m.returns?.model.ic, unit: "ratio" },
  { label: "Rank IC (Spearman)", read: (m) => m.returns?.model.rank_ic, unit: "ratio" },
  { label: "ICIR (walk-forward folds)", read: (m) => m.returns?.icir, unit: "ratio" },
  { label: "R² of returns", read: (m) => m.returns?.model.r2, unit: "ratio" },
  { label: "MAE (price)", read: (m) => m.test.mae, test: "absolute", unit: "price" },
  { label: "RMSE (price)", read: (m) => m.test.rmse, test: "squared", unit: "price" },
  { label: "MAPE (%)", read: (m) => m.test.mape, unit: "ratio" },
  { label: "Hit rate", read: (m) => m.test.hit_rate, test: "hit", unit: "percent" },
  { label: "Skill vs naive", read: (m) => m.skill_vs_naive, test: "absolute", unit: "ratio" },
  { label: "Backtest total return", read: (m) => m.backtest.total_return, unit: "percent" },
];

const BACKTEST_METRICS: MetricSpec[] = [
  { label: "Total return", read: (m) => m.backtest.total_return, unit: "percent" },
  { label: "CAGR", read: (m) => m.backtest.cagr, unit: "percent" },
  { label: "Sharpe", read: (m) => m.backtest.sharpe, unit: "ratio" },
  { label: "Sortino", read: (m) => m.backtest.sortino, unit: "ratio" },
  { label: "Max drawdown", read: (m) => m.backtest.max_drawdown, unit: "percent" },
  { label: "Win rate", read: (m) => m.backtest.win_rate, unit: "percent" },
  { label: "Exposure", read: (m) => m.backtest.exposure, unit: "percent" },
  { label: "Trades", read: (m) => m.backtest.trades, unit: "count" },
];

function markOf(spec: MetricSpec, head: MetricsFile, base: MetricsFile, tested: HeadVsBase | undefined): string {
  if (!spec.test || !tested) return "";
  const comparison = tested.comparison;
  if (!comparison) return "not tested";
  if (spec.test === "hit") return testedMark({ p_value: comparison.hit_p_value, mean_difference: base.test.hit_rate - head.test.hit_rate }, tested.alpha);
  return testedMark(comparison[spec.test], tested.alpha);
}

export function renderMetricsSection(head: MetricsFile, base: MetricsFile | undefined, tested?: HeadVsBase): string {
  const rows = TEST_METRICS.map((spec) => {
    const headValue = spec.read(head);
    if (!base) return [spec.label, formatValue(headValue, spec.unit)];
    const baseValue = spec.read(base);
    return [spec.label, formatValue(baseValue, spec.unit), formatValue(headValue, spec.unit), formatDelta(headValue, baseValue, spec.unit), markOf(spec, head, base, tested)];
  });
  const header = base ? ["Test span", "base", "head", "Δ head − base", `paired test (alpha ${tested?.alpha ?? "—"})`] : ["Test span", "head"];
  const span = head.rows.test;
  const spanLine = `Test span: ${span.n} days${span.first && span.last ? `, ${span.first} → ${span.last}` : ""}; horizon ${head.horizon} day${head.horizon > 1 ? "s" : ""}.`;
  const pairing = base && tested ? [`Head vs base: ${tested.note}.`, ""] : [];
  return ["### Metrics: head vs base", "", spanLine, "", ...pairing, markdownTable(header, rows), "", `_${DIRECTION_NOTE}_`].join("\n");
}

export function renderBaselinesSection(head: MetricsFile, base: MetricsFile | undefined, alpha = 0.05): string {
  type Returns = NonNullable<MetricsFile["returns"]>["model"] | undefined;
  const row = (name: string, metrics: { mae: number; rmse: number; hit_rate: number }, returns: Returns) => [
    oneLine(name),
    formatValue(returns?.mae_bp, "bp"),
    formatValue(returns?.ic, "ratio"),
    formatValue(metrics.mae, "price"),
    formatValue(metrics.rmse, "price"),
    formatValue(metrics.hit_rate, "percent"),
  ];
  const rows = [row(`head (${head.model.kind})`, head.test, head.returns?.model)];
  if (base) rows.push(row(`base (${base.model.kind})`, base.test, base.returns?.model));
  rows.push(row("naive (persistence)", head.baselines.naive, head.returns?.naive), row("ridge", head.baselines.ridge, head.returns?.ridge));
  const significance = head.significance;
  if (significance) rows.push(["always up", "—", "—", "—", "—", formatValue(significance.hit_rate.always_up_hit_rate, "percent")]);
  const skillLine = `Skill vs naive (1 − MAE/MAE_naive): head **${formatValue(head.skill_vs_naive, "ratio")}**${base ? `, base ${formatValue(base.skill_vs_naive, "ratio")}` : ""}.`;
  return ["### Baselines and skill", "", "Baselines are scored on exactly the head's test rows.", "", markdownTable(["Model", "MAE of returns", "IC", "MAE (price)", "RMSE (price)", "Hit rate"], rows), ...directionLines(head), "", skillLine, ...vsNaiveLines(head, alpha)].join("\n");
}

function directionLines(head: MetricsFile): string[] {
  const d = head.returns?.model.direction;
  if (!d) return [];
  return ["", markdownTable(["Head: predicted (rows) vs realized", "up", "not up"], [["up", String(d.up_up), String(d.up_down)], ["not up", String(d.down_up), String(d.down_down)]])];
}

function vsNaiveLines(head: MetricsFile, alpha: number): string[] {
  const s = head.significance;
  if (!s) return ["", "No significance tests in the head's metrics.json (written by an older stockops)."];
  const vs = s.vs_naive;
  const verdict = !(vs.p_value < alpha)
    ? `**not significantly different from naive** (p = ${formatP(vs.p_value)} ≥ ${alpha})`
    : vs.absolute.mean_difference < 0
      ? `**significantly better than naive** (p = ${formatP(vs.p_value)})`
      : `**significantly worse than naive** (p = ${formatP(vs.p_value)})`;
  return [
    "",
    `Head vs naive on the same ${vs.n} days: the MAE difference is ${verdict}; Diebold–Mariano on squared errors p = ${formatP(vs.squared.p_value)}; vs ridge p = ${formatP(s.vs_ridge.p_value)}.`,
    `Hit rate ${formatValue(head.test.hit_rate, "percent")}: vs a coin (50 %) p = ${formatP(s.hit_rate.p_vs_half)}; vs always-up (${formatValue(s.hit_rate.always_up_hit_rate, "percent")}) p = ${formatP(s.hit_rate.p_vs_always_up)} (exact binomial and McNemar tests).`,
  ];
}

export function renderBacktestSection(head: MetricsFile, base: MetricsFile | undefined): string {
  const header = ["Backtest", ...(base ? ["base"] : []), "head", "buy & hold (head's days)"];
  const rows = BACKTEST_METRICS.map((spec) => {
    const buyAndHold = spec.label === "Total return" ? formatValue(head.backtest.buy_and_hold_return, "percent") : "";
    const headValue = spec.read(head);
    if (!base) return [spec.label, formatValue(headValue, spec.unit), buyAndHold];
    return [spec.label, formatValue(spec.read(base), spec.unit), formatValue(headValue, spec.unit), buyAndHold];
  });
  const excess = head.backtest.total_return - head.backtest.buy_and_hold_return;
  const verdict = isNumber(excess) ? `Head strategy vs buy-and-hold: ${excess >= 0 ? "ahead by" : "behind by"} ${formatValue(Math.abs(excess), "percent")} on the same days (price returns, dividends left out).` : "";
  const { total_return_with_dividends: withDividends, buy_and_hold_return_with_dividends: holdWithDividends } = head.backtest;
  const dividends = isNumber(withDividends) && isNumber(holdWithDividends)
    ? `With dividends reinvested (Adj Close vs Close): strategy ${formatValue(withDividends, "percent")}, buy-and-hold ${formatValue(holdWithDividends, "percent")}.`
    : "Dividends: the prices have no Adj Close column, so every return here is a price return.";
  const riskFree = head.backtest.risk_free_rate ?? 0;
  const rule = `Rule: hold when the predicted log return is above ${head.backtest.threshold}; decide at close t, fill at open t+1; fee ${head.backtest.fee_bps} bps; Sharpe over a risk-free rate of ${(riskFree * 100).toFixed(2)} % a year; max drawdown is a positive fraction of the peak.`;
  return ["### Backtest vs buy-and-hold", "", rule, "", markdownTable(header, rows), "", verdict, dividends, ...intervalLines(head)].join("\n");
}

function intervalLines(head: MetricsFile): string[] {
  const b = head.significance?.backtest;
  if (!b) return [];
  const range = (i: { low: number | null; high: number | null }, unit: Unit) => `[${formatValue(i.low, unit)}, ${formatValue(i.high, unit)}]`;
  const holdsZero = (i: { low: number | null; high: number | null }) => isNumber(i.low) && isNumber(i.high) && i.low <= 0 && i.high >= 0;
  const excess = b.excess_return;
  return [
    "",
    `95 % intervals (${b.method}): excess return ${range(excess, "percent")}${holdsZero(excess) ? ", which contains 0: no evidence the strategy beats buy-and-hold" : ""}; Sharpe ${range(b.sharpe, "ratio")}.`,
  ];
}
