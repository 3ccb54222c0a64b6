import { core, runAction, setOutputs } from "../../shared/core-glue.js";
import { runPipelineStep, stagesTable } from "../../shared/pipeline-step.js";
import { artifactPaths } from "../../../src/pipeline/artifact-paths.js";
import { spec } from "./spec.js";

await runAction(spec, async (inputs) => {
  const { result, stage } = await runPipelineStep("features", inputs);
  setOutputs(spec, {
    symbol: result.symbol,
    team: result.team,
    status: stage.status,
    "features-path": artifactPaths(result.symbol).features,
  });
  await core.summary.addHeading(`features ${result.team}/${result.symbol}: ${stage.status}`, 3).addTable(stagesTable(result)).write();
});
