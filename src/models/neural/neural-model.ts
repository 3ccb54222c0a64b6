import type { LayersModel, Tensor } from "@tensorflow/tfjs";
import { z } from "zod";
import { DataError, IntegrityError } from "../../errors.js";
import { silentLogger, type Logger } from "../../logger/logger.js";
import { modelSection } from "../../config/model-config.js";
import type { Model, TrainInput, TrainingSummary } from "../model.js";
import { encodeJson, readJsonFile, type ModelFiles } from "../model-files.js";
import { BACKEND_NAMES, loadTensorflow, type BackendName, type Tensorflow } from "../tf-backend.js";
import { buildNetwork, NEURAL_KINDS, windowOf, type NeuralKind, type NeuralParams } from "./build-network.js";
import { fitNetwork } from "./fit-network.js";
import { loadLayersModel, saveLayersModel } from "./layers-artifacts.js";
import { fitTargetScale, scaledTargets, trainableRows, windowedInputs } from "./network-inputs.js";

export const META_FILE = "model-meta.json";
const PREDICT_BATCH = 2048;

const metaSchema = z.strictObject({
  kind: z.enum(NEURAL_KINDS),
  window: z.number().int().min(1),
  feature_count: z.number().int().positive(),
  target_scale: z.strictObject({ mean: z.number(), std: z.number().positive() }),
  params: modelSection,
  backend: z.enum(BACKEND_NAMES),
  seed: z.number().int().min(0),
  epochs_run: z.number().int().min(0),
  train_samples: z.number().int().min(0),
});
type NeuralMeta = z.output<typeof metaSchema>;
const META_SHAPE = "{kind: mlp|lstm|gru, window, feature_count, target_scale: {mean, std}, params, backend, seed, epochs_run, train_samples}";

/** A TensorFlow.js network predicting the standardized target from a window of feature rows. */
export class NeuralModel implements Model {
  readonly kind: NeuralKind;
  readonly firstPredictableRow: number;

  private constructor(
    private readonly tf: Tensorflow,
    private readonly network: LayersModel,
    private readonly meta: NeuralMeta,
    readonly training: TrainingSummary,
    private readonly topology?: unknown,
  ) {
    this.kind = meta.kind;
    this.firstPredictableRow = meta.window - 1;
  }

  static async train(input: TrainInput & { params: NeuralParams }, backend?: BackendName): Promise<NeuralModel> {
    const { tf, backend: used } = await loadTensorflow(input.logger, backend ? { prefer: backend } : {});
    const started = performance.now();
    const params = input.params;
    const window = windowOf(params);
    const featureCount = featureCountOf(input.scaled);
    const trainRows = trainableRows(input.scaled, input.target, input.train, window);
    if (trainRows.length === 0) throw new DataError(`no training row has a known target and ${window} day(s) of history`, { field: "split.train" });
    const validationRows = trainableRows(input.scaled, input.target, input.validation, window);
    const scale = fitTargetScale(input.target, trainRows);
    const tensors = (rows: Int32Array) =>
      rows.length === 0
        ? []
        : [
            tf.tensor(windowedInputs(input.scaled, rows, window, featureCount), inputShape(rows.length, window, featureCount, params.kind)),
            tf.tensor2d(scaledTargets(input.target, rows, scale), [rows.length, 1]),
          ];
    const [xTrain, yTrain] = tensors(trainRows) as [Tensor, Tensor];
    const [xValidation, yValidation] = tensors(validationRows);
    const network = buildNetwork(tf, params, featureCount, input.seed);
    try {
      const fit = await fitNetwork(
        tf,
        network,
        { xTrain, yTrain, xValidation, yValidation },
        {
          epochs: params.epochs,
          batchSize: params.batch_size,
          learningRate: params.learning_rate,
          patience: params.patience,
          seed: input.seed,
          logger: input.logger,
          onEpoch: input.onEpoch,
        },
      );
      const elapsedMs = performance.now() - started;
      const meta: NeuralMeta = {
        kind: params.kind,
        window,
        feature_count: featureCount,
        target_scale: scale,
        // Parsed again so key order is the schema's: a loaded model then re-serializes to the same bytes.
        params: modelSection.parse(params),
        backend: used,
        seed: input.seed,
        epochs_run: fit.epochsRun,
        train_samples: trainRows.length,
      };
      const seen = trainRows.length * fit.epochsRun;
      return new NeuralModel(tf, network, meta, {
        backend: used,
        epochs: fit.epochsRun,
        samples: trainRows.length,
        elapsedMs,
        samplesPerSecond: elapsedMs > 0 ? seen / (elapsedMs / 1000) : 0,
      });
    } catch (error) {
      network.dispose();
      throw error;
    } finally {
      tf.dispose([xTrain, yTrain, ...(xValidation ? [xValidation] : []), ...(yValidation ? [yValidation] : [])]);
    }
  }

  static async load(files: ModelFiles, logger: Logger = silentLogger): Promise<NeuralModel> {
    const meta = readJsonFile(files, META_FILE, metaSchema, META_SHAPE);
    if (meta.params.kind !== meta.kind) throw new DataError(`params.kind '${meta.params.kind}' differs from kind '${meta.kind}'`, { file: META_FILE, field: "params.kind" });
    const { tf } = await loadTensorflow(logger);
    const { network, topology } = await loadLayersModel(tf, files);
    const expected = inputShape(-1, meta.window, meta.feature_count, meta.kind).slice(1);
    const actual = network.inputs[0]?.shape.slice(1) ?? [];
    if (actual.join() !== expected.join()) {
      network.dispose();
      throw new IntegrityError(`network input is [${actual.join(", ")}] but ${META_FILE} describes [${expected.join(", ")}] (window, features)`, { file: "model.json" });
    }
    return new NeuralModel(tf, network, meta, {
      backend: meta.backend,
      epochs: meta.epochs_run,
      samples: meta.train_samples,
      elapsedMs: 0,
      samplesPerSecond: 0,
    }, topology);
  }

  async predict(scaled: Float64Array[], rows: readonly number[]): Promise<Float64Array> {
    const out = new Float64Array(rows.length).fill(Number.NaN);
    const positions: number[] = [];
    const usable: number[] = [];
    rows.forEach((row, position) => {
      if (Number.isInteger(row) && row >= this.firstPredictableRow && row < scaled.length) {
        positions.push(position);
        usable.push(row);
      }
    });
    const { window, feature_count: featureCount, target_scale: scale } = this.meta;
    for (let start = 0; start < usable.length; start += PREDICT_BATCH) {
      const batch = usable.slice(start, start + PREDICT_BATCH);
      const data = windowedInputs(scaled, batch, window, featureCount);
      const predicted = this.tf.tidy(() => this.network.predict(this.tf.tensor(data, inputShape(batch.length, window, featureCount, this.kind))) as Tensor);
      const values = await predicted.data();
      predicted.dispose();
      for (let k = 0; k < batch.length; k++) out[positions[start + k]!] = values[k]! * scale.std + scale.mean;
    }
    return out;
  }

  async serialize(): Promise<ModelFiles> {
    const files = await saveLayersModel(this.tf, this.network, this.topology);
    files.set(META_FILE, encodeJson(this.meta));
    return files;
  }

  /** Frees the network's weights; the model cannot predict afterwards. */
  dispose(): void {
    this.network.dispose();
  }
}

function featureCountOf(scaled: Float64Array[]): number {
  const first = scaled[0];
  if (!first || first.length === 0) throw new DataError("no feature rows to train on", { field: "features" });
  return first.length;
}

function inputShape(rows: number, window: number, featureCount: number, kind: NeuralKind): number[] {
  return kind === "mlp" ? [rows, featureCount] : [rows, window, featureCount];
}
