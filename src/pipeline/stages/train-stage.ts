import { hashValue, md5Hex } from "../../artifacts/content-hash.js";
import type { RowRange } from "../../features/feature-table.js";
import { trainModel } from "../../models/train-model.js";
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
    const split = context.split();
    const table = context.table();
    context.logger.info(`training ${context.config.model.kind} on ${split.train.end - split.train.start} rows (validation ${split.validation.end - split.validation.start})`);
    const model = await trainModel({
      params: context.config.model,
      scaled: context.scaled(),
      target: table.target,
      train: split.train,
      validation: split.validation,
      seed: context.config.seed,
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

function buildLineage(context: PipelineContext, backend: string, modelFiles: Record<string, string>): Lineage {
  const { config, series } = context;
  const table = context.table();
  const split = context.split();
  const span = (range: RowRange) => ({ rows: range.end - range.start, first: table.dates[range.start] ?? null, last: table.dates[range.end - 1] ?? null });
  const code = codeVersion();
  return {
    schema: 1,
    symbol: config.symbol,
    team: config.team,
    model_kind: config.model.kind,
    seed: config.seed,
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
    last_price_date_seen: table.targetDates[split.validation.end - 1] || table.dates[split.validation.end - 1]!,
    model_files: modelFiles,
  };
}
