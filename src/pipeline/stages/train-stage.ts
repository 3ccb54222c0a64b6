import { hashValue, md5Hex } from "../../artifacts/content-hash.js";
import type { RowRange } from "../../features/feature-table.js";
import { isNeural } from "../../evaluate/walk-forward.js";
import { trainModel } from "../../models/train-model.js";
import { chooseSeed, SEED_RULE, seedsOf } from "../../models/choose-seed.js";
import { stageCodeHash } from "../code-hash.js";
import { codeVersion } from "../code-version.js";
import type { Lineage } from "../lineage.js";
import type { PipelineContext } from "../pipeline-context.js";
import { encodeJson, outputsDigest, type Stage } from "../stage.js";

export const trainStage: Stage = {
  name: "train",
  inputs: (context, lock) => ({
    data: context.series.contentHash,
    features: hashValue(outputsDigest(lock, "features")),
    model: hashValue(context.config.model),
    seed: String(context.config.seed),
    code: stageCodeHash("train"),
  }),
  async run(context) {
    const table = context.table();
    const { fit, earlyStopping } = productionRows(context);
    context.logger.info(
      `training the published ${context.config.model.kind} on every row with a known target: ${fit.end - fit.start} rows through ${table.targetDates[fit.end - 1] ?? "?"}` +
        (earlyStopping ? `, early stopping on the last ${earlyStopping.end - earlyStopping.start}` : ""),
    );
    const seeds = seedsOf(context.config.model);
    const split = context.split();
    if (seeds) context.seedChoice = await chooseSeed({ params: context.config.model, seeds, scaled: context.scaled(), target: table.target, train: split.train, validation: split.validation, logger: context.logger });
    const model = await trainModel({
      params: context.config.model,
      scaled: context.scaled(),
      target: table.target,
      train: earlyStopping ? { start: fit.start, end: earlyStopping.start - (table.horizon - 1) } : fit,
      validation: earlyStopping ?? { start: fit.end, end: fit.end },
      seed: context.seedChoice?.seed ?? context.config.seed,
      logger: context.logger,
      onEpoch: context.onEpoch,
    });
    context.trainedModel = model;
    const files = await model.serialize();
    const outputs = new Map<string, Uint8Array>();
    for (const [name, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) outputs.set(context.paths.modelFile(name), bytes);
    const lineage = buildLineage(context, model.training.backend, Object.fromEntries([...files].map(([name, bytes]) => [name, md5Hex(bytes)])));
    outputs.set(context.paths.lineage, encodeJson(lineage));
    return outputs;
  },
};

/**
 * The published model's rows: every row whose target is known, through the last close up to [data] end.
 * Neural kinds hold out the last validation-span rows for early stopping (they still shape the model).
 */
function productionRows(context: PipelineContext): { fit: RowRange; earlyStopping: RowRange | undefined } {
  const split = context.split();
  const fit = { start: 0, end: split.test.end };
  if (!isNeural(context.config.model.kind)) return { fit, earlyStopping: undefined };
  const rows = split.validation.end - split.validation.start;
  return { fit, earlyStopping: { start: fit.end - rows, end: fit.end } };
}

function buildLineage(context: PipelineContext, backend: string, modelFiles: Record<string, string>): Lineage {
  const { config, series } = context;
  const table = context.table();
  const split = context.split();
  const span = (range: RowRange) => ({ rows: range.end - range.start, first: table.dates[range.start] ?? null, last: table.dates[range.end - 1] ?? null });
  const { fit, earlyStopping } = productionRows(context);
  const trainedThrough = table.targetDates[fit.end - 1] || table.dates[fit.end - 1]!;
  const code = codeVersion();
  return {
    schema: 1,
    symbol: config.symbol,
    team: config.team,
    model_kind: config.model.kind,
    seed: context.seedChoice?.seed ?? config.seed,
    ...(context.seedChoice ? { seeds: { tried: [...context.seedChoice.losses.keys()], rule: SEED_RULE } } : {}),
    backend,
    config_hash: hashValue(config),
    code_version: { package: code.package, commit: code.commit ?? null, hash: stageCodeHash("train") },
    data: {
      origin: series.origin,
      content_hash: series.contentHash,
      data_version: series.dataVersion ?? null,
      ...(series.dataDvcFrom !== undefined ? { data_dvc_from: series.dataDvcFrom } : {}),
      rows: series.bars.length,
      first_date: series.bars[0]!.date,
      last_date: series.bars.at(-1)!.date,
    },
    features: table.names,
    split: { train: span(split.train), validation: span(split.validation), test: span(split.test) },
    last_price_date_seen: trainedThrough,
    trained_through: trainedThrough,
    fit: { ...span(fit), early_stopping: earlyStopping ? span(earlyStopping) : null },
    model_files: modelFiles,
  };
}
