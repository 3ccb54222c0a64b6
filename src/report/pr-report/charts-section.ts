import type { PredictionRow } from "../../evaluate/predictions-file.js";
import { DEFAULT_MAX_POINTS, xyChart, type ChartSeries } from "../mermaid.js";
import { isNumber } from "./format.js";

interface ChartData {
  title: string;
  yLabel: string;
  xLabels: string[];
  series: ChartSeries[];
}

/** Predicted vs actual close and the equity curves, as Mermaid xychart blocks that fit in `budget` characters. */
export function renderChartsSection(head: readonly PredictionRow[] | undefined, base: readonly PredictionRow[] | undefined, budget: number): string {
  const title = "### Charts";
  if (!head || head.length === 0) return `${title}\n\nNo test-span predictions were available for the head, so there are no charts.`;
  const perChart = Math.floor((budget - title.length - 4) / 2);
  return [title, "", fitChart(predictionChart(head, base), perChart), "", fitChart(equityChart(head, base), perChart)].join("\n");
}

/** Fewer points until the chart fits its budget. */
function fitChart(data: ChartData | string, budget: number): string {
  if (typeof data === "string") return data;
  const drawable = data.xLabels.filter((_, index) => data.series.every((series) => isNumber(series.values[index]))).length;
  for (let maxPoints = DEFAULT_MAX_POINTS; maxPoints >= 8; maxPoints = Math.floor(maxPoints / 2)) {
    const shown = Math.min(maxPoints, drawable);
    const note = shown < data.xLabels.length ? `\n\n${shown} of ${data.xLabels.length} test days shown, evenly spaced${drawable < data.xLabels.length ? " over the days every series has a value" : ""}.` : "";
    const text = `${xyChart({ ...data, maxPoints })}${note}`;
    if (text.length <= budget) return text;
  }
  return "_(chart left out: no room left under GitHub's comment size limit)_";
}

function predictionChart(head: readonly PredictionRow[], base: readonly PredictionRow[] | undefined): ChartData | string {
  const rows = head.filter((row) => isNumber(row.actualClose) && isNumber(row.predModel));
  if (rows.length < 2) return "_(predicted vs actual: fewer than two test days have a realized close)_";
  const dates = rows.map((row) => row.date);
  const series: ChartSeries[] = [
    { name: "actual close", kind: "line", values: rows.map((row) => row.actualClose) },
    { name: "head predicted close", kind: "line", values: rows.map(predictedClose) },
  ];
  const baseValues = alignForward(dates, indexByDate(base, (row) => (isNumber(row.predModel) ? predictedClose(row) : Number.NaN)));
  if (baseValues) series.push({ name: "base predicted close", kind: "line", values: baseValues });
  return { title: "Predicted vs actual close, test span", yLabel: "price", xLabels: dates, series };
}

function equityChart(head: readonly PredictionRow[], base: readonly PredictionRow[] | undefined): ChartData | string {
  const rows = head.filter((row) => isNumber(row.equity) && isNumber(row.buyHoldEquity));
  if (rows.length < 2) return "_(equity curves: fewer than two test days have a valued position)_";
  const dates = rows.map((row) => row.date);
  const series: ChartSeries[] = [{ name: "head strategy", kind: "line", values: rows.map((row) => row.equity) }];
  const baseValues = alignForward(dates, indexByDate(base, (row) => row.equity));
  if (baseValues) series.push({ name: "base strategy", kind: "line", values: baseValues });
  series.push({ name: "buy & hold", kind: "line", values: rows.map((row) => row.buyHoldEquity) });
  return { title: "Equity, test span (1 = start)", yLabel: "equity", xLabels: dates, series };
}

function predictedClose(row: PredictionRow): number {
  return row.close * Math.exp(row.predModel);
}

function indexByDate(rows: readonly PredictionRow[] | undefined, value: (row: PredictionRow) => number): Map<string, number> {
  const byDate = new Map<string, number>();
  for (const row of rows ?? []) if (isNumber(value(row))) byDate.set(row.date, value(row));
  return byDate;
}

/**
 * Values of `byDate` on `dates`, the last known one carried forward; NaN before the first known date
 * (those days are then left out of the chart); undefined when the spans do not overlap.
 */
function alignForward(dates: string[], byDate: Map<string, number>): number[] | undefined {
  if (byDate.size === 0) return undefined;
  const known = [...byDate.keys()].sort();
  if (known[0]! > dates.at(-1)! || known.at(-1)! < dates[0]!) return undefined;
  const values: number[] = [];
  let cursor = 0;
  let last = Number.NaN;
  for (const date of dates) {
    while (cursor < known.length && known[cursor]! <= date) last = byDate.get(known[cursor++]!)!;
    values.push(last);
  }
  return values;
}
