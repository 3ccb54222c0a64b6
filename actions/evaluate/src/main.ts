import { join } from "node:path";
import { core, runAction, setOutputs } from "../../shared/core-glue.js";
import { runPipelineStep, stagesTable } from "../../shared/pipeline-step.js";
import { readMetricsFile } from "../../../src/evaluate/metrics-file.js";
import { artifactPaths } from "../../../src/pipeline/artifact-paths.js";
import { spec } from "./spec.js";

await runAction(spec, async (inputs) => {
  const { result } = await runPipelineStep("report", inputs);
  const paths = artifactPaths(result.symbol);
  const metrics = await readMetricsFile(join(result.dir, paths.metrics));
  setOutputs(spec, {
    symbol: result.symbol,
    team: result.team,
    status: result.stages.find((stage) => stage.stage === "evaluate")?.status ?? "skipped",
    "metrics-path": paths.metrics,
    "report-path": paths.report,
    "skill-vs-naive": String(metrics.skill_vs_naive),
    "test-rmse": String(metrics.test.rmse),
    "hit-rate": String(metrics.test.hit_rate),
    "backtest-return": String(metrics.backtest.total_return),
    "buy-and-hold-return": String(metrics.backtest.buy_and_hold_return),
  });
  const summary = `skill vs naive ${metrics.skill_vs_naive.toFixed(4)}, test RMSE ${metrics.test.rmse.toFixed(3)}, hit rate ${(metrics.test.hit_rate * 100).toFixed(1)} %`;
  await core.summary.addHeading(`evaluate ${result.team}/${result.symbol}`, 3).addRaw(summary, true).addTable(stagesTable(result)).write();
});
