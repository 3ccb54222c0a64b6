import { resolve } from "node:path";
import type { StageName } from "../../src/pipeline/stage-lock.js";
import { runPipeline, type PipelineResult, type StageOutcome } from "../../src/pipeline/run-pipeline.js";
import type { summary } from "@actions/core";
import { booleanInput, coreLogger } from "./core-glue.js";

export interface PipelineStepInputs {
  dir: string;
  force: string;
}

/** The features, train and evaluate actions: the pipeline up to `until`, earlier unchanged stages skipped. */
export async function runPipelineStep(until: StageName, inputs: PipelineStepInputs): Promise<{ result: PipelineResult; stage: StageOutcome }> {
  const result = await runPipeline({
    dir: resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs.dir),
    until,
    force: booleanInput(inputs.force, "force"),
    confineData: true,
    logger: coreLogger,
    onEpoch: (epoch) => coreLogger.progress(`epoch ${epoch.epoch}/${epoch.epochs}  loss ${epoch.loss.toExponential(3)}  val ${epoch.valLoss.toExponential(3)}`),
  });
  const stage = result.stages.find((outcome) => outcome.stage === until) ?? result.stages.at(-1)!;
  return { result, stage };
}

/** One Markdown table of the stages that ran or were skipped, for the job summary. */
export function stagesTable(result: PipelineResult): Parameters<typeof summary.addTable>[0] {
  return [
    ["stage", "status", "ms", "written"].map((data) => ({ data, header: true })),
    ...result.stages.map((stage) => [stage.stage, stage.status, String(Math.round(stage.ms)), stage.written.join(", ") || "—"]),
  ];
}
