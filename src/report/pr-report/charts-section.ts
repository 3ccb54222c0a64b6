import type { PredictionRow } from "../../evaluate/predictions-file.js";
import { isNumber } from "./format.js";

export const MAX_CHART_POINTS = 80;
const PALETTE = ["#2563eb", "#f97316", "#16a34a"];
const SWATCHES = ["🟦", "🟧", "🟩"];

interface Series {
  name: string;
  values: number[];
}

interface Chart {
  title: string;
  /** Days available before sampling. */
  total: number;
  yLabel: string;
  labels: string[];
  series: Series[];
}

/** Predicted vs actual close and the equity curves, as Mermaid xychart blocks that fit in `budget` characters. */
export function renderChartsSection(head: readonly PredictionRow[] | undefined, base: readonly PredictionRow[] | undefined, budget: number): string {
  const title = "### Charts";
  if (!head || head.length === 0) return `${title}\n\nNo test-span predictions were available for the head, so there are no charts.`;
  const perChart = Math.floor((budget - title.length - 4) / 2);
  return [title, "", fitChart((points) => predictionChart(head, base, points), perChart), "", fitChart((points) => equityChart(head, base, points), perChart)].join("\n");
}

/** Halves the number of points until the chart fits its budget. */
function fitChart(build: (points: number) => Chart | string, budget: number): string {
  for (let points = MAX_CHART_POINTS; points >= 8; points = Math.floor(points / 2)) {
    const chart = build(points);
    const text = typeof chart === "string" ? chart : renderChart(chart);
    if (text.length <= budget) return text;
  }
  return "_(chart left out: no room left under GitHub's comment size limit)_";
}

function predictionChart(head: readonly PredictionRow[], base: readonly PredictionRow[] | undefined, points: number): Chart | string {
  const usable = head.filter((row) => isNumber(row.actualClose) && isNumber(row.predModel));
  const rows = sample(usable, points);
  if (rows.length < 2) return "_(predicted vs actual: fewer than two test days have a realized close)_";
  const series: Series[] = [
    { name: "actual close", values: rows.map((row) => row.actualClose) },
    { name: "head predicted close", values: rows.map(predictedClose) },
  ];
  const baseByDate = indexByDate(base, (row) => (isNumber(row.predModel) ? predictedClose(row) : Number.NaN));
  const baseValues = alignForward(rows.map((row) => row.date), baseByDate);
  if (baseValues) series.push({ name: "base predicted close", values: baseValues });
  return { title: "Predicted vs actual close, test span", total: usable.length, yLabel: "price", labels: rows.map((row) => row.date), series };
}

function equityChart(head: readonly PredictionRow[], base: readonly PredictionRow[] | undefined, points: number): Chart | string {
  const usable = head.filter((row) => isNumber(row.equity) && isNumber(row.buyHoldEquity));
  const rows = sample(usable, points);
  if (rows.length < 2) return "_(equity curves: fewer than two test days have a valued position)_";
  const series: Series[] = [{ name: "head strategy", values: rows.map((row) => row.equity) }];
  const baseValues = alignForward(rows.map((row) => row.date), indexByDate(base, (row) => row.equity));
  if (baseValues) series.push({ name: "base strategy", values: baseValues });
  series.push({ name: "buy & hold", values: rows.map((row) => row.buyHoldEquity) });
  return { title: "Equity, test span (1 = start)", total: usable.length, yLabel: "equity", labels: rows.map((row) => row.date), series };
}

function predictedClose(row: PredictionRow): number {
  return row.close * Math.exp(row.predModel);
}

/** Evenly spaced rows, first and last always kept. */
export function sample<T>(rows: readonly T[], points: number): T[] {
  if (rows.length <= points) return [...rows];
  const picked: T[] = [];
  for (let index = 0; index < points; index += 1) picked.push(rows[Math.round((index * (rows.length - 1)) / (points - 1))]!);
  return picked;
}

function indexByDate(rows: readonly PredictionRow[] | undefined, value: (row: PredictionRow) => number): Map<string, number> {
  const byDate = new Map<string, number>();
  for (const row of rows ?? []) if (isNumber(value(row))) byDate.set(row.date, value(row));
  return byDate;
}

/** Values of `byDate` on `dates`, carrying the last known one forward; undefined when the spans do not overlap. */
function alignForward(dates: string[], byDate: Map<string, number>): number[] | undefined {
  if (byDate.size === 0) return undefined;
  const known = [...byDate.keys()].sort();
  if (known[0]! > dates.at(-1)! || known.at(-1)! < dates[0]!) return undefined;
  const values: number[] = [];
  let cursor = 0;
  let last = byDate.get(known[0]!)!;
  for (const date of dates) {
    while (cursor < known.length && known[cursor]! <= date) last = byDate.get(known[cursor++]!)!;
    values.push(last);
  }
  return values;
}

function renderChart(chart: Chart): string {
  const all = chart.series.flatMap((series) => series.values).filter(isNumber);
  const low = Math.min(...all);
  const high = Math.max(...all);
  const pad = (high - low) * 0.05 || Math.abs(high) * 0.05 || 1;
  const init = `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE.slice(0, chart.series.length).join(", ")}"}}}}%%`;
  const lines = [
    "```mermaid",
    init,
    "xychart-beta",
    `  title "${chart.title}"`,
    `  x-axis [${chart.labels.map((label) => `"${label}"`).join(", ")}]`,
    `  y-axis "${chart.yLabel}" ${round(low - pad)} --> ${round(high + pad)}`,
    ...chart.series.map((series) => `  line [${series.values.map(round).join(", ")}]`),
    "```",
  ];
  const legend = chart.series.map((series, index) => `${SWATCHES[index]} ${series.name}`).join(" · ");
  return `${lines.join("\n")}\n\n${legend}${chart.labels.length < chart.total ? ` (${chart.labels.length} of ${chart.total} test days shown, evenly spaced)` : ""}`;
}

function round(value: number): string {
  return Number(value.toPrecision(5)).toString();
}
