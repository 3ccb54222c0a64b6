import type { MetricsFile } from "../../evaluate/metrics-file.js";
import { markdownTable } from "../markdown-table.js";
import { formatDelta, formatValue, isNumber, mark, oneLine, type Direction, type Unit } from "./format.js";

interface MetricSpec {
  label: string;
  read: (metrics: MetricsFile) => number | null | undefined;
  direction: Direction;
  unit: Unit;
}

export const DIRECTION_NOTE =
  "Lower is better for MAE, RMSE, MAPE and max drawdown; higher is better for R², hit rate, skill vs naive, returns, Sharpe, Sortino and win rate. Exposure and trade count are shown without a mark.";

const TEST_METRICS: MetricSpec[] = [
  { label: "MAE (price)", read: (m) => m.test.mae, direction: "lower", unit: "price" },
  { label: "RMSE (price)", read: (m) => m.test.rmse, direction: "lower", unit: "price" },
  { label: "MAPE (%)", read: (m) => m.test.mape, direction: "lower", unit: "ratio" },
  { label: "R²", read: (m) => m.test.r2, direction: "higher", unit: "ratio" },
  { label: "Hit rate", read: (m) => m.test.hit_rate, direction: "higher", unit: "percent" },
  { label: "Skill vs naive", read: (m) => m.skill_vs_naive, direction: "higher", unit: "ratio" },
  { label: "Backtest total return", read: (m) => m.backtest.total_return, direction: "higher", unit: "percent" },
];

const BACKTEST_METRICS: MetricSpec[] = [
  { label: "Total return", read: (m) => m.backtest.total_return, direction: "higher", unit: "percent" },
  { label: "CAGR", read: (m) => m.backtest.cagr, direction: "higher", unit: "percent" },
  { label: "Sharpe", read: (m) => m.backtest.sharpe, direction: "higher", unit: "ratio" },
  { label: "Sortino", read: (m) => m.backtest.sortino, direction: "higher", unit: "ratio" },
  { label: "Max drawdown", read: (m) => m.backtest.max_drawdown, direction: "lower", unit: "percent" },
  { label: "Win rate", read: (m) => m.backtest.win_rate, direction: "higher", unit: "percent" },
  { label: "Exposure", read: (m) => m.backtest.exposure, direction: "none", unit: "percent" },
  { label: "Trades", read: (m) => m.backtest.trades, direction: "none", unit: "count" },
];

export function renderMetricsSection(head: MetricsFile, base: MetricsFile | undefined): string {
  const rows = TEST_METRICS.map((spec) => {
    const headValue = spec.read(head);
    if (!base) return [spec.label, formatValue(headValue, spec.unit)];
    const baseValue = spec.read(base);
    return [spec.label, formatValue(baseValue, spec.unit), formatValue(headValue, spec.unit), formatDelta(headValue, baseValue, spec.unit), mark(headValue, baseValue, spec.direction, spec.unit)];
  });
  const header = base ? ["Test span", "base", "head", "Δ head − base", ""] : ["Test span", "head"];
  const span = head.rows.test;
  const spanLine = `Test span: ${span.n} days${span.first && span.last ? `, ${span.first} → ${span.last}` : ""}; horizon ${head.horizon} day${head.horizon > 1 ? "s" : ""}.`;
  return ["### Metrics: head vs base", "", spanLine, "", markdownTable(header, rows), "", `_${DIRECTION_NOTE}_`].join("\n");
}

export function renderBaselinesSection(head: MetricsFile, base: MetricsFile | undefined): string {
  const row = (name: string, metrics: { mae: number; rmse: number; hit_rate: number }) => [
    oneLine(name),
    formatValue(metrics.mae, "price"),
    formatValue(metrics.rmse, "price"),
    formatValue(metrics.hit_rate, "percent"),
  ];
  const rows = [row(`head (${head.model.kind})`, head.test)];
  if (base) rows.push(row(`base (${base.model.kind})`, base.test));
  rows.push(row("naive (persistence)", head.baselines.naive), row("ridge", head.baselines.ridge));
  const beats = head.skill_vs_naive > 0 ? "beats" : "does not beat";
  const skillLine = `Skill vs naive (1 − MAE/MAE_naive): head **${formatValue(head.skill_vs_naive, "ratio")}**${base ? `, base ${formatValue(base.skill_vs_naive, "ratio")}` : ""}. The head model ${beats} the naive baseline on the test span.`;
  return ["### Baselines and skill", "", "Baselines are scored on exactly the head's test rows.", "", markdownTable(["Model", "MAE", "RMSE", "Hit rate"], rows), "", skillLine].join("\n");
}

export function renderBacktestSection(head: MetricsFile, base: MetricsFile | undefined): string {
  const header = ["Backtest", ...(base ? ["base"] : []), "head", ...(base ? [""] : []), "buy & hold (head's days)"];
  const rows = BACKTEST_METRICS.map((spec) => {
    const buyAndHold = spec.label === "Total return" ? formatValue(head.backtest.buy_and_hold_return, "percent") : "";
    const headValue = spec.read(head);
    if (!base) return [spec.label, formatValue(headValue, spec.unit), buyAndHold];
    const baseValue = spec.read(base);
    return [spec.label, formatValue(baseValue, spec.unit), formatValue(headValue, spec.unit), mark(headValue, baseValue, spec.direction, spec.unit), buyAndHold];
  });
  const excess = head.backtest.total_return - head.backtest.buy_and_hold_return;
  const verdict = isNumber(excess)
    ? `Head strategy vs buy-and-hold: ${excess >= 0 ? "ahead by" : "behind by"} ${formatValue(Math.abs(excess), "percent")} on the same days.`
    : "";
  const rule = `Rule: hold when the predicted log return is above ${head.backtest.threshold}; decide at close t, fill at open t+1; fee ${head.backtest.fee_bps} bps.`;
  return ["### Backtest vs buy-and-hold", "", rule, "", markdownTable(header, rows), "", verdict].join("\n");
}
