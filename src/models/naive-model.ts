import { z } from "zod";
import type { Model, TrainingSummary } from "./model.js";
import { encodeJson, readJsonFile, type ModelFiles } from "./model-files.js";

export const NAIVE_FILE = "naive.json";
const naiveFileSchema = z.strictObject({ kind: z.literal("naive") });

/** Persistence: the predicted return is 0, so tomorrow's price is today's. */
export class NaiveModel implements Model {
  readonly kind = "naive" as const;
  readonly firstPredictableRow = 0;

  constructor(readonly training: TrainingSummary) {}

  static train(samples: number): NaiveModel {
    return new NaiveModel({ backend: "none", epochs: 0, samples, elapsedMs: 0, samplesPerSecond: 0 });
  }

  static load(files: ModelFiles): NaiveModel {
    readJsonFile(files, NAIVE_FILE, naiveFileSchema, '{"kind": "naive"}');
    return NaiveModel.train(0);
  }

  async predict(_scaled: Float64Array[], rows: readonly number[]): Promise<Float64Array> {
    return new Float64Array(rows.length);
  }

  async serialize(): Promise<ModelFiles> {
    return new Map([[NAIVE_FILE, encodeJson({ kind: "naive" })]]);
  }
}
