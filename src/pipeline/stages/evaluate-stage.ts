import { hashValue } from "../../artifacts/content-hash.js";
import { evaluateRun, type EvaluateRunResult, type PredictionSet } from "../../evaluate/evaluate-run.js";
import type { MetricsFile } from "../../evaluate/metrics-file.js";
import { seedSummary } from "../../evaluate/seed-summary.js";
import { chooseSeed, seedsOf } from "../../models/choose-seed.js";
import type { Model } from "../../models/model.js";
import type { PipelineContext } from "../pipeline-context.js";
import { formatPredictions } from "../../evaluate/predictions-file.js";
import { isNeural, planFolds, refitEvery, walkForwardPredictions, walkForwardRidge } from "../../evaluate/walk-forward.js";
import type { RowRange } from "../../features/feature-table.js";
import { RidgeModel } from "../../models/ridge-model.js";
import { trainModel } from "../../models/train-model.js";
import { stageCodeHash } from "../code-hash.js";
import { encodeJson, encodeText, outputsDigest, type Stage } from "../stage.js";

/** The ridge baseline always uses this penalty, so it is the same yardstick on every branch. */
const BASELINE_RIDGE_ALPHA = 1;

/**
 * Validation: the model fitted on the train span (early stopping on validation), as selection sees it.
 * Test: walk-forward, refitted every `refit_every` days on the rows known before each fold, which is how
 * the model is used once published and retrained (decision 0016). The published model plays no part.
 */
export const evaluateStage: Stage = {
  name: "evaluate",
  inputs: (context, lock) => ({
    data: context.series.contentHash,
    features: hashValue(outputsDigest(lock, "features")),
    train: hashValue(outputsDigest(lock, "train")),
    model: hashValue(context.config.model),
    seed: String(context.config.seed),
    evaluate: hashValue(context.config.evaluate),
    code: stageCodeHash("evaluate"),
  }),
  async run(context) {
    const { config, logger } = context;
    const seeds = seedsOf(config.model);
    if (!seeds) {
      const result = await evaluateSeed(context, config.seed, undefined);
      return outputs(context, result.metrics, result);
    }
    const split = context.split();
    const choice =
      context.seedChoice ?? (await chooseSeed({ params: config.model, seeds, scaled: context.scaled(), target: context.table().target, train: split.train, validation: split.validation, logger }));
    const results = new Map<number, EvaluateRunResult>();
    for (const seed of seeds) results.set(seed, await evaluateSeed(context, seed, choice.models.get(seed)));
    const chosen = results.get(choice.seed)!;
    return outputs(context, { ...chosen.metrics, seeds: seedSummary(results, choice) }, chosen);
  },
};

async function evaluateSeed(context: PipelineContext, seed: number, trained: Model | undefined): Promise<EvaluateRunResult> {
  const { config, logger } = context;
  const table = context.table();
  const split = context.split();
  const scaled = context.scaled();
  const rowsOf = (range: RowRange) => Array.from({ length: range.end - range.start }, (_, i) => range.start + i);
  const selection = trained ?? (await trainModel({ params: config.model, scaled, target: table.target, train: split.train, validation: split.validation, seed, logger }));
  const baseline = RidgeModel.train(scaled, table.target, split.train, BASELINE_RIDGE_ALPHA);
  const step = refitEvery(config.evaluate, config.model.kind);
  const window = config.evaluate.rolling_window;
  const folds = planFolds(split.test, step, table.horizon, window);
  const neuralNote = isNeural(config.model.kind) && config.evaluate.refit_every === undefined ? " (the neural default: each refit is a full training; set [evaluate] refit_every for finer steps)" : "";
  logger.info(`walk-forward${seedsOf(config.model) ? ` (seed ${seed})` : ""}: ${folds.length} fold${folds.length === 1 ? "" : "s"} over the test span, refit every ${step} trading days on ${window > 0 ? `the last ${window} rows` : "every earlier row"}${neuralNote}`);
  const test: PredictionSet = {
    model: await walkForwardPredictions({ params: config.model, scaled, target: table.target, split, folds, seed, logger, ...(window === 0 ? { firstFold: selection } : {}) }),
    naive: new Float64Array(split.test.end - split.test.start),
    ridge: walkForwardRidge(scaled, table.target, folds, BASELINE_RIDGE_ALPHA),
  };
  const validation: PredictionSet = {
    model: await selection.predict(scaled, rowsOf(split.validation)),
    naive: new Float64Array(split.validation.end - split.validation.start),
    ridge: await baseline.predict(scaled, rowsOf(split.validation)),
  };
  const seeded = { ...config, seed };
  return evaluateRun({ config: seeded, table, split, bars: context.series.bars, backend: selection.training.backend, validation, test, walkForward: { refitEvery: step, window, folds } });
}

function outputs(context: PipelineContext, metrics: MetricsFile, result: EvaluateRunResult): Map<string, Uint8Array> {
  const { skill_vs_naive: skill } = metrics;
  const p = metrics.significance?.vs_naive.p_value;
  context.logger.info(`test MAE ${metrics.test.mae.toFixed(4)} vs naive ${metrics.baselines.naive.mae.toFixed(4)}: skill ${skill.toFixed(4)}${skill > 0 ? "" : " (worse than naive)"}, DM p = ${p?.toFixed(3)}`);
  return new Map([
    [context.paths.metrics, encodeJson(metrics)],
    [context.paths.predictions, encodeText(formatPredictions(result.predictions))],
  ]);
}
