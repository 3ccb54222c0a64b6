import { hashValue } from "../../artifacts/content-hash.js";
import { parseMetrics } from "../../evaluate/metrics-file.js";
import { parsePredictions } from "../../evaluate/predictions-file.js";
import { renderModelReport } from "../../report/render-model-report.js";
import { stageCodeHash } from "../code-hash.js";
import { lineageSchema } from "../lineage.js";
import { encodeText, outputsDigest, type Stage } from "../stage.js";

export const reportStage: Stage = {
  name: "report",
  inputs: (context, lock) => ({
    train: hashValue(outputsDigest(lock, "train")),
    evaluate: hashValue(outputsDigest(lock, "evaluate")),
    config: hashValue(context.config),
    warnings: hashValue(context.series.warnings),
    code: stageCodeHash("report"),
  }),
  async run(context) {
    const read = async (path: string) => new TextDecoder().decode(await context.readArtifact(path));
    const markdown = renderModelReport({
      config: context.config,
      metrics: parseMetrics(await read(context.paths.metrics), context.paths.metrics),
      predictions: parsePredictions(await read(context.paths.predictions), context.paths.predictions),
      lineage: lineageSchema.parse(JSON.parse(await read(context.paths.lineage))),
      warnings: context.series.warnings,
    });
    return new Map([[context.paths.report, encodeText(markdown)]]);
  },
};
