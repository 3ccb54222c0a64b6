import { join } from "node:path";
import { readMetricsFile, type MetricsFile } from "../evaluate/metrics-file.js";
import type { PipelineResult } from "../pipeline/run-pipeline.js";
import { renderTextTable } from "./text-table.js";

/** The table printed at the end of a pipeline run: what ran, how long, and how good the model is. */
export async function renderRunSummary(result: PipelineResult): Promise<string> {
  const stages = renderTextTable(
    ["stage", "status", "time", "files written"],
    result.stages.map((stage) => [stage.stage, stage.status, `${stage.ms.toFixed(0)} ms`, String(stage.written.length)]),
  );
  const lines = [`\n${result.team}/${result.symbol} · ${result.kind}`, stages];
  const metrics = await readMetricsFile(join(result.dir, result.context.paths.metrics)).catch(() => undefined);
  if (metrics) {
    const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
    const row = (name: string, m: { mae: number; rmse: number; mape: number; hit_rate: number }) => [name, m.mae.toFixed(4), m.rmse.toFixed(4), `${m.mape.toFixed(3)} %`, pct(m.hit_rate)];
    lines.push(
      `\ntest span ${metrics.rows.test.first} … ${metrics.rows.test.last} (${metrics.rows.test.n} days), backend ${metrics.model.backend}`,
      renderTextTable(
        ["model", "MAE", "RMSE", "MAPE", "hit rate"],
        [row(`${metrics.model.kind} (this model)`, metrics.test), row("naive baseline", metrics.baselines.naive), row("ridge baseline", metrics.baselines.ridge)],
      ),
      `skill vs naive: ${metrics.skill_vs_naive.toFixed(4)} (${versusNaive(metrics, result.context.config.gate.alpha)})`,
      `backtest: ${pct(metrics.backtest.total_return)} vs buy-and-hold ${pct(metrics.backtest.buy_and_hold_return)}, Sharpe ${metrics.backtest.sharpe?.toFixed(2) ?? "n/a"}, max drawdown ${pct(metrics.backtest.max_drawdown)}, ${metrics.backtest.trades} trades`,
      `report: ${join(result.dir, result.context.paths.report)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The point estimate's sign is not a verdict: the paired DM test on the same days is (decision 0016). */
function versusNaive(metrics: MetricsFile, alpha: number): string {
  const test = metrics.significance?.vs_naive;
  if (!test) return metrics.skill_vs_naive > 0 ? "above naive on the point estimate; not tested" : "NOT better than naive";
  const p = `DM p = ${test.p_value.toFixed(3)} on ${test.n} days`;
  if (!(test.p_value < alpha)) return `not significantly different from naive, ${p} ≥ alpha ${alpha}`;
  return test.absolute.mean_difference < 0 ? `significantly better than naive, ${p}` : `significantly WORSE than naive, ${p}`;
}
