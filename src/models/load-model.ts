import { IntegrityError } from "../errors.js";
import { silentLogger, type Logger } from "../logger/logger.js";
import type { Model } from "./model.js";
import type { ModelFiles } from "./model-files.js";
import { NAIVE_FILE, NaiveModel } from "./naive-model.js";
import { RIDGE_FILE, RidgeModel } from "./ridge-model.js";

const NEURAL_META = "model-meta.json";

/** Rebuilds a model from the files `serialize()` wrote; which files are present says which kind it is. */
export async function loadModel(files: ModelFiles, logger: Logger = silentLogger): Promise<Model> {
  if (files.has(RIDGE_FILE)) return RidgeModel.load(files);
  if (files.has(NAIVE_FILE)) return NaiveModel.load(files);
  if (files.has(NEURAL_META)) {
    const { NeuralModel } = await import("./neural/neural-model.js");
    return NeuralModel.load(files, logger);
  }
  const present = [...files.keys()].join(", ") || "none";
  throw new IntegrityError(`no model file found (present: ${present}); expected ${RIDGE_FILE}, ${NAIVE_FILE} or ${NEURAL_META} with model.json and weights.bin`, {
    file: NEURAL_META,
  });
}
