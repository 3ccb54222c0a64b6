import { hashValue } from "../../artifacts/content-hash.js";
import { evaluateRun, type PredictionSet } from "../../evaluate/evaluate-run.js";
import { formatPredictions } from "../../evaluate/predictions-file.js";
import type { RowRange } from "../../features/feature-table.js";
import { loadModel } from "../../models/load-model.js";
import type { Model } from "../../models/model.js";
import { RidgeModel } from "../../models/ridge-model.js";
import { stageCodeHash } from "../code-hash.js";
import { lineageSchema } from "../lineage.js";
import type { PipelineContext } from "../pipeline-context.js";
import { encodeJson, encodeText, outputsDigest, type Stage } from "../stage.js";

/** The ridge baseline always uses this penalty, so it is the same yardstick on every branch. */
const BASELINE_RIDGE_ALPHA = 1;

export const evaluateStage: Stage = {
  name: "evaluate",
  inputs: (context, lock) => ({
    features: hashValue(outputsDigest(lock, "features")),
    train: hashValue(outputsDigest(lock, "train")),
    evaluate: hashValue(context.config.evaluate),
    code: stageCodeHash("evaluate"),
  }),
  async run(context) {
    const table = context.table();
    const split = context.split();
    const scaled = context.scaled();
    const model = context.trainedModel ?? (await loadPublishedModel(context));
    const baseline = RidgeModel.train(scaled, table.target, split.train, BASELINE_RIDGE_ALPHA);
    const predict = async (range: RowRange): Promise<PredictionSet> => {
      const rows = Array.from({ length: range.end - range.start }, (_, i) => range.start + i);
      return {
        model: await model.predict(scaled, rows),
        naive: new Float64Array(rows.length),
        ridge: await baseline.predict(scaled, rows),
      };
    };
    const result = evaluateRun({
      config: context.config,
      table,
      split,
      bars: context.series.bars,
      backend: await trainedBackend(context, model),
      validation: await predict(split.validation),
      test: await predict(split.test),
    });
    const { skill_vs_naive: skill } = result.metrics;
    context.logger.info(`test MAE ${result.metrics.test.mae.toFixed(4)} vs naive ${result.metrics.baselines.naive.mae.toFixed(4)}: skill ${skill.toFixed(4)}${skill > 0 ? "" : " (worse than naive)"}`);
    return new Map([
      [context.paths.metrics, encodeJson(result.metrics)],
      [context.paths.predictions, encodeText(formatPredictions(result.predictions))],
    ]);
  },
};

async function loadPublishedModel(context: PipelineContext): Promise<Model> {
  const lineage = await readLineage(context);
  const files = new Map<string, Uint8Array>();
  for (const name of Object.keys(lineage.model_files)) files.set(name, await context.readArtifact(context.paths.modelFile(name)));
  return loadModel(files, context.logger);
}

async function trainedBackend(context: PipelineContext, model: Model): Promise<string> {
  return context.trainedModel === model ? model.training.backend : (await readLineage(context)).backend;
}

async function readLineage(context: PipelineContext) {
  const bytes = await context.readArtifact(context.paths.lineage);
  return lineageSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}
