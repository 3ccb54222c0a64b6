import type { Model, TrainInput } from "./model.js";
import { NaiveModel } from "./naive-model.js";
import { RidgeModel } from "./ridge-model.js";
import type { BackendName } from "./tf-backend.js";

export interface TrainOptions {
  /** Force a TensorFlow.js backend for the neural kinds (the bench compares them); default: best that loads. */
  backend?: BackendName;
}

/** Trains the kind named by `input.params.kind`; TensorFlow.js is only loaded for the neural kinds. */
export async function trainModel(input: TrainInput, options: TrainOptions = {}): Promise<Model> {
  const params = input.params;
  switch (params.kind) {
    case "naive":
      return NaiveModel.train(countKnownTargets(input));
    case "ridge":
      return RidgeModel.train(input.scaled, input.target, input.train, params.alpha, input.logger);
    case "mlp":
    case "lstm":
    case "gru": {
      const { NeuralModel } = await import("./neural/neural-model.js");
      return NeuralModel.train({ ...input, params }, options.backend);
    }
  }
}

function countKnownTargets(input: TrainInput): number {
  let count = 0;
  for (let i = input.train.start; i < input.train.end; i++) if (Number.isFinite(input.target[i]!)) count++;
  return count;
}
