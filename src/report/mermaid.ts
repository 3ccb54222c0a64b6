import { DataError } from "../errors.js";

export interface ChartSeries {
  name: string;
  values: ArrayLike<number>;
  kind: "line" | "bar";
}

export interface XyChartInput {
  title: string;
  /** One label per point (categorical x axis), e.g. dates. */
  xLabels: readonly string[];
  yLabel: string;
  series: readonly ChartSeries[];
  /** Most points drawn; longer series are thinned evenly, first and last kept. */
  maxPoints?: number;
}

export const DEFAULT_MAX_POINTS = 80;

/** Mermaid xychart has no legend; the palette is pinned so the text under a chart can name each colour. */
export const PALETTE = [
  { name: "blue", hex: "#2563eb" },
  { name: "orange", hex: "#f97316" },
  { name: "green", hex: "#16a34a" },
  { name: "purple", hex: "#9333ea" },
  { name: "red", hex: "#dc2626" },
  { name: "grey", hex: "#6b7280" },
] as const;

/** A fenced ```mermaid xychart-beta block followed by a one-line legend naming each series and its colour. */
export function xyChart(input: XyChartInput): string {
  const block = xyChartBlock(input);
  return block ? `${block}\n\n${chartLegend(input.series)}` : "_No data to chart._";
}

/**
 * Just the fenced block ('' when no point has a finite value in every series). Points where any series is
 * not finite are dropped first, since Mermaid cannot draw a gap.
 */
export function xyChartBlock({ title, xLabels, yLabel, series, maxPoints = DEFAULT_MAX_POINTS }: XyChartInput): string {
  for (const { name, values } of series) {
    if (values.length !== xLabels.length) {
      throw new DataError(`series '${name}' has ${values.length} values for ${xLabels.length} x labels; expected one value per label`, { field: "series" });
    }
  }
  const complete = xLabels.map((_, i) => i).filter((i) => series.every(({ values }) => Number.isFinite(values[i])));
  if (complete.length === 0 || series.length === 0) return "";
  const kept = downsampleIndices(complete.length, maxPoints).map((k) => complete[k]!);
  const all = series.flatMap(({ values }) => kept.map((i) => values[i]!));
  const [low, high] = [Math.min(...all), Math.max(...all)];
  const decimals = decimalsFor(low, high);
  const pad = (high - low) * 0.05 || Math.abs(high) * 0.05 || 1;
  const lines = [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE.map((color) => color.hex).join(", ")}"}}}}%%`,
    "xychart-beta",
    `  title ${quote(title)}`,
    `  x-axis [${kept.map((i) => quote(xLabels[i]!)).join(", ")}]`,
    `  y-axis ${quote(yLabel)} ${formatValue(low - pad, decimals)} --> ${formatValue(high + pad, decimals)}`,
    ...series.map(({ kind, values }) => `  ${kind} [${kept.map((i) => formatValue(values[i]!, decimals)).join(", ")}]`),
    "```",
  ];
  return lines.join("\n");
}

export function chartLegend(series: readonly ChartSeries[]): string {
  const items = series.map(({ name, kind }, i) => `${PALETTE[i % PALETTE.length]!.name} ${kind}: ${name.replace(/\r?\n/g, " ")}`);
  return `_Legend: ${items.join(" · ")}._`;
}

/** `count` indices spread evenly over [0, length), always including the first and the last. */
export function downsampleIndices(length: number, maxPoints: number): number[] {
  const count = Math.max(2, Math.floor(maxPoints));
  if (length <= count) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.round((k * (length - 1)) / (count - 1)));
}

/** About four significant digits across the plotted range: prices get cents, equity ratios get 1e-4. */
export function decimalsFor(low: number, high: number): number {
  const span = high - low || Math.abs(high) || 1;
  return Math.min(8, Math.max(0, 3 - Math.floor(Math.log10(span))));
}

export function formatValue(value: number, decimals: number): string {
  const text = value.toFixed(decimals).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return text === "-0" ? "0" : text;
}

function quote(text: string): string {
  return `"${text.replace(/"/g, "'").replace(/\r?\n/g, " ")}"`;
}
