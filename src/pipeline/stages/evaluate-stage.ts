import { hashValue } from "../../artifacts/content-hash.js";
import { evaluateRun, type PredictionSet } from "../../evaluate/evaluate-run.js";
import { formatPredictions } from "../../evaluate/predictions-file.js";
import { isNeural, planFolds, refitEvery, walkForwardPredictions, walkForwardRidge } from "../../evaluate/walk-forward.js";
import type { RowRange } from "../../features/feature-table.js";
import { RidgeModel } from "../../models/ridge-model.js";
import { trainModel } from "../../models/train-model.js";
import { codeVersion } from "../code-version.js";
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
    code: codeVersion().package,
  }),
  async run(context) {
    const { config, logger } = context;
    const table = context.table();
    const split = context.split();
    const scaled = context.scaled();
    const rowsOf = (range: RowRange) => Array.from({ length: range.end - range.start }, (_, i) => range.start + i);
    const selection = await trainModel({ params: config.model, scaled, target: table.target, train: split.train, validation: split.validation, seed: config.seed, logger });
    const baseline = RidgeModel.train(scaled, table.target, split.train, BASELINE_RIDGE_ALPHA);
    const step = refitEvery(config.evaluate, config.model.kind);
    const window = config.evaluate.rolling_window;
    const folds = planFolds(split.test, step, table.horizon, window);
    const neuralNote = isNeural(config.model.kind) && config.evaluate.refit_every === undefined ? " (the neural default: each refit is a full training; set [evaluate] refit_every for finer steps)" : "";
    logger.info(`walk-forward: ${folds.length} fold${folds.length === 1 ? "" : "s"} over the test span, refit every ${step} trading days on ${window > 0 ? `the last ${window} rows` : "every earlier row"}${neuralNote}`);
    const test: PredictionSet = {
      model: await walkForwardPredictions({ params: config.model, scaled, target: table.target, split, folds, seed: config.seed, logger, ...(window === 0 ? { firstFold: selection } : {}) }),
      naive: new Float64Array(split.test.end - split.test.start),
      ridge: walkForwardRidge(scaled, table.target, folds, BASELINE_RIDGE_ALPHA),
    };
    const validation: PredictionSet = {
      model: await selection.predict(scaled, rowsOf(split.validation)),
      naive: new Float64Array(split.validation.end - split.validation.start),
      ridge: await baseline.predict(scaled, rowsOf(split.validation)),
    };
    const result = evaluateRun({ config, table, split, bars: context.series.bars, backend: selection.training.backend, validation, test, walkForward: { refitEvery: step, window, folds } });
    const { skill_vs_naive: skill } = result.metrics;
    const p = result.metrics.significance?.vs_naive.p_value;
    logger.info(`test MAE ${result.metrics.test.mae.toFixed(4)} vs naive ${result.metrics.baselines.naive.mae.toFixed(4)}: skill ${skill.toFixed(4)}${skill > 0 ? "" : " (worse than naive)"}, DM p = ${p?.toFixed(3)}`);
    return new Map([
      [context.paths.metrics, encodeJson(result.metrics)],
      [context.paths.predictions, encodeText(formatPredictions(result.predictions))],
    ]);
  },
};
