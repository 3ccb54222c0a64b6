import { core, runAction, setOutputs } from "../../shared/core-glue.js";
import { runPipelineStep, stagesTable } from "../../shared/pipeline-step.js";
import { artifactPaths } from "../../../src/pipeline/artifact-paths.js";
import { spec } from "./spec.js";

await runAction(spec, async (inputs) => {
  const { result, stage } = await runPipelineStep("train", inputs);
  setOutputs(spec, {
    symbol: result.symbol,
    team: result.team,
    status: stage.status,
    "model-kind": result.kind,
    "model-dir": artifactPaths(result.symbol).modelDir,
  });
  await core.summary.addHeading(`train ${result.team}/${result.symbol} (${result.kind}): ${stage.status}`, 3).addTable(stagesTable(result)).write();
});
