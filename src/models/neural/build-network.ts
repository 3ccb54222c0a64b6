import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs";
import type { ModelParams } from "../../config/model-config.js";
import type { Tensorflow } from "../tf-backend.js";
import { deriveSeed } from "../seeded-random.js";

export type NeuralParams = Extract<ModelParams, { kind: "mlp" | "lstm" | "gru" }>;
export type NeuralKind = NeuralParams["kind"];
export const NEURAL_KINDS = ["mlp", "lstm", "gru"] as const satisfies readonly NeuralKind[];

export function windowOf(params: NeuralParams): number {
  return params.kind === "mlp" ? 1 : params.window;
}

/**
 * Every layer gets a fixed name and every random initializer a seed derived from the run's seed:
 * tfjs otherwise numbers layers per process and draws weights from Math.random.
 */
export function buildNetwork(tf: Tensorflow, params: NeuralParams, featureCount: number, seed: number): LayersModel {
  const kernel = (name: string) => tf.initializers.glorotUniform({ seed: deriveSeed(seed, name, "kernel") });
  const dropout = (x: SymbolicTensor, name: string): SymbolicTensor =>
    params.dropout > 0 ? (tf.layers.dropout({ rate: params.dropout, seed: deriveSeed(seed, name), name }).apply(x) as SymbolicTensor) : x;

  let x: SymbolicTensor;
  const input =
    params.kind === "mlp"
      ? tf.input({ shape: [featureCount], name: "features" })
      : tf.input({ shape: [params.window, featureCount], name: "window" });
  if (params.kind === "mlp") {
    x = input;
    params.hidden_units.forEach((units, index) => {
      const name = `dense_${index + 1}`;
      x = tf.layers.dense({ units, activation: "relu", kernelInitializer: kernel(name), biasInitializer: "zeros", name }).apply(x) as SymbolicTensor;
      x = dropout(x, `dropout_${index + 1}`);
    });
  } else {
    const recurrent = {
      units: params.units,
      kernelInitializer: kernel(params.kind),
      recurrentInitializer: quietOrthogonal(tf, deriveSeed(seed, params.kind, "recurrent")),
      biasInitializer: "zeros" as const,
      name: params.kind,
    };
    const layer = params.kind === "lstm" ? tf.layers.lstm(recurrent) : tf.layers.gru(recurrent);
    x = dropout(layer.apply(input) as SymbolicTensor, "dropout_1");
  }
  const output = tf.layers.dense({ units: 1, kernelInitializer: kernel("output"), biasInitializer: "zeros", name: "output" }).apply(x) as SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: `stockops_${params.kind}` });
}

/** tfjs warns "slowness may result" above 2000 elements, which a 32-unit LSTM already exceeds; the QR is cheap here. */
function quietOrthogonal(tf: Tensorflow, seed: number) {
  const initializer = tf.initializers.orthogonal({ seed, gain: 1 });
  (initializer as unknown as { ELEMENTS_WARN_SLOW: number }).ELEMENTS_WARN_SLOW = Number.POSITIVE_INFINITY;
  return initializer;
}
