import type { LayersModel, Scalar, Tensor } from "@tensorflow/tfjs";
import type { Logger } from "../../logger/logger.js";
import type { EpochReport } from "../model.js";
import type { Tensorflow } from "../tf-backend.js";
import { deriveSeed, mulberry32, shuffled } from "../seeded-random.js";

export interface FitData {
  xTrain: Tensor;
  yTrain: Tensor;
  /** Absent when the validation span has no usable row: then no early stopping. */
  xValidation?: Tensor;
  yValidation?: Tensor;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation loss before stopping; 0 = train every epoch. */
  patience: number;
  seed: number;
  logger: Logger;
  onEpoch?: (report: EpochReport) => void;
}

export interface FitResult {
  epochsRun: number;
  bestEpoch: number;
}

interface SeededLayer {
  seed?: number;
}

/**
 * Mini-batch Adam with our own seeded shuffle (tfjs `fit` shuffles with Math.random) and early stopping
 * that restores the weights of the best validation epoch.
 */
export async function fitNetwork(tf: Tensorflow, model: LayersModel, data: FitData, options: FitOptions): Promise<FitResult> {
  const optimizer = tf.train.adam(options.learningRate);
  const variables = model.trainableWeights.map((weight) => weight.read() as unknown as import("@tensorflow/tfjs").Variable);
  const dropouts = model.layers.filter((layer) => layer.getClassName() === "Dropout") as unknown as SeededLayer[];
  const dropoutSeeds = dropouts.map((layer) => layer.seed ?? 0);
  const count = data.xTrain.shape[0]!;
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const started = performance.now();
  let best: { loss: number; epoch: number; weights: Tensor[] } | undefined;
  let epochsRun = 0;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const permutation = shuffled(order, mulberry32(deriveSeed(options.seed, "shuffle", epoch)));
      const loss = await trainEpoch(tf, model, data, permutation, options.batchSize, (batch) => {
        dropouts.forEach((layer, k) => (layer.seed = deriveSeed(dropoutSeeds[k]!, epoch, batch)));
        return variables;
      }, optimizer);
      const valLoss = data.xValidation && data.yValidation ? await meanSquaredError(tf, model, data.xValidation, data.yValidation) : Number.NaN;
      epochsRun = epoch;
      options.onEpoch?.({ epoch, epochs: options.epochs, loss, valLoss, elapsedMs: performance.now() - started });
      if (!Number.isFinite(loss)) {
        options.logger.warn(`training loss became ${loss} at epoch ${epoch}; stopping (try a lower learning_rate)`);
        break;
      }
      if (options.patience <= 0 || !Number.isFinite(valLoss)) continue;
      if (!best || valLoss < best.loss) {
        best?.weights.forEach((tensor) => tensor.dispose());
        best = { loss: valLoss, epoch, weights: model.getWeights().map((tensor) => tensor.clone()) };
        sinceBest = 0;
      } else if (++sinceBest >= options.patience) {
        break;
      }
    }
    if (best) model.setWeights(best.weights);
  } finally {
    dropouts.forEach((layer, k) => (layer.seed = dropoutSeeds[k]));
    best?.weights.forEach((tensor) => tensor.dispose());
    optimizer.dispose();
  }
  return { epochsRun, bestEpoch: best?.epoch ?? epochsRun };
}

async function trainEpoch(
  tf: Tensorflow,
  model: LayersModel,
  data: FitData,
  permutation: Int32Array,
  batchSize: number,
  beforeBatch: (batch: number) => import("@tensorflow/tfjs").Variable[],
  optimizer: import("@tensorflow/tfjs").Optimizer,
): Promise<number> {
  let total: Scalar = tf.scalar(0);
  for (let start = 0, batch = 0; start < permutation.length; start += batchSize, batch++) {
    const indices = permutation.subarray(start, Math.min(permutation.length, start + batchSize));
    const variables = beforeBatch(batch);
    const weighted = tf.tidy(() => {
      const picked = tf.tensor1d(indices, "int32");
      const x = tf.gather(data.xTrain, picked);
      const y = tf.gather(data.yTrain, picked);
      const cost = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as Tensor) as Scalar, true, variables);
      return tf.add(total, tf.mul(cost!, indices.length)) as Scalar;
    });
    total.dispose();
    total = weighted;
  }
  const sum = (await total.data())[0]!;
  total.dispose();
  return sum / permutation.length;
}

export async function meanSquaredError(tf: Tensorflow, model: LayersModel, x: Tensor, y: Tensor): Promise<number> {
  const loss = tf.tidy(() => tf.losses.meanSquaredError(y, model.predict(x, { batchSize: 1024 }) as Tensor));
  const value = (await loss.data())[0]!;
  loss.dispose();
  return value;
}
