import { renderTextTable } from "../cli/text-table.js";
import { markdownTable } from "../report/markdown-table.js";
import type { RunComparison } from "./compare-runs.js";
import type { TrackedRun } from "./tracked-run.js";

export type RunsFormat = "table" | "json" | "csv" | "md";

const SUMMARY_METRICS = ["test_mae", "test_rmse", "test_hit_rate", "skill_vs_naive"];

export function renderRuns(runs: readonly TrackedRun[], format: RunsFormat): string {
  if (format === "json") return `${JSON.stringify(runs, null, 2)}\n`;
  if (format === "csv") return renderCsv(runs);
  const header = ["run", "date", "commit", "branch", "data", "kind", "promoted", ...SUMMARY_METRICS];
  const rows = runs.map((run) => [
    run.name,
    run.date.slice(0, 16).replace("T", " "),
    run.commit?.slice(0, 12) ?? "(no tag)",
    run.branch,
    run.dataVersion?.slice(0, 8) ?? "",
    run.kind,
    run.promoted ? "yes" : "no",
    ...SUMMARY_METRICS.map((key) => formatNumber(run.metrics[key])),
  ]);
  return format === "md" ? `${markdownTable(header, rows)}\n` : `${renderTextTable(header, rows)}\n${runs.length} run${runs.length === 1 ? "" : "s"}\n`;
}

/** Like `mlflow.search_runs()`'s frame: run info columns, then `params.*` and `metrics.*` (union over the runs). */
function renderCsv(runs: readonly TrackedRun[]): string {
  const params = [...new Set(runs.flatMap((run) => Object.keys(run.params)))].sort();
  const metrics = [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].sort();
  const header = ["run_id", "run_name", "start_time", "branch", "tag", "data_version", "kind", "promoted", ...params.map((key) => `params.${key}`), ...metrics.map((key) => `metrics.${key}`)];
  const lines = runs.map((run) =>
    [
      run.commit ?? "",
      run.name,
      run.date,
      run.branch,
      run.tag ?? "",
      run.dataVersion ?? "",
      run.kind,
      String(run.promoted),
      ...params.map((key) => run.params[key] ?? ""),
      ...metrics.map((key) => (run.metrics[key] === undefined ? "" : String(run.metrics[key]))),
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[header.map(csvCell).join(","), ...lines].join("\n")}\n`;
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderComparison(comparison: RunComparison, format: "table" | "md" | "json"): string {
  if (format === "json") return `${JSON.stringify(comparison, null, 2)}\n`;
  const header = ["", "key", ...comparison.runs, ...(comparison.runs.length > 1 ? ["change"] : [])];
  const rows = comparison.rows.map((row) => [
    row.section === "attribute" ? "" : row.section === "param" ? "param" : "metric",
    row.key,
    ...row.values.map((value) => (value === undefined ? "—" : typeof value === "number" ? formatNumber(value) : value)),
    ...(comparison.runs.length > 1 ? [row.delta !== undefined && row.delta !== 0 ? signed(row.delta) : row.changed && row.section !== "attribute" ? "changed" : ""] : []),
  ]);
  return format === "md" ? `${markdownTable(header, rows)}\n` : `${renderTextTable(header, rows)}\n`;
}

function formatNumber(value: number | undefined): string {
  if (value === undefined) return "";
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

function signed(value: number): string {
  return `${value > 0 ? "+" : ""}${formatNumber(value)}`;
}
