import type { LayersModel, io } from "@tensorflow/tfjs";
import { z } from "zod";
import { IntegrityError } from "../../errors.js";
import { encodeJson, readJsonFile, requireFile, type ModelFiles } from "../model-files.js";
import type { Tensorflow } from "../tf-backend.js";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

const weightSpec = z.looseObject({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.enum(["float32", "int32", "bool"]),
});
const modelJsonSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  weightsManifest: z.tuple([z.looseObject({ paths: z.tuple([z.literal(WEIGHTS_BIN)]), weights: z.array(weightSpec) })]),
});
const MODEL_JSON_SHAPE = `a TensorFlow.js layers model: {modelTopology, weightsManifest: [{paths: ["${WEIGHTS_BIN}"], weights}]}`;

/**
 * The same two files `model.save("file://…")` writes, captured in memory so the caller decides where they go.
 * `topology` replaces the network's own when it was loaded with stand-in initializers.
 */
export async function saveLayersModel(tf: Tensorflow, model: LayersModel, topology?: unknown): Promise<ModelFiles> {
  let captured: io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!captured?.weightData || !captured.weightSpecs) throw new Error("tfjs returned no weights while saving the model");
  const modelJson = {
    modelTopology: topology ?? captured.modelTopology,
    format: captured.format,
    generatedBy: captured.generatedBy,
    convertedBy: captured.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: captured.weightSpecs }],
  };
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(captured.weightData));
  return new Map([
    [MODEL_JSON, encodeJson(modelJson)],
    [WEIGHTS_BIN, weights],
  ]);
}

export interface LoadedLayersModel {
  network: LayersModel;
  /** The topology as written, initializers included, so saving again gives the same bytes. */
  topology: unknown;
}

export async function loadLayersModel(tf: Tensorflow, files: ModelFiles): Promise<LoadedLayersModel> {
  const modelJson = readJsonFile(files, MODEL_JSON, modelJsonSchema, MODEL_JSON_SHAPE);
  const weights = requireFile(files, WEIGHTS_BIN, `the weights listed in ${MODEL_JSON}`);
  const specs = modelJson.weightsManifest[0].weights;
  const expected = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * BYTES_PER_DTYPE[spec.dtype]!, 0);
  if (weights.byteLength !== expected) {
    throw new IntegrityError(`holds ${weights.byteLength} bytes; ${MODEL_JSON} lists weights of ${expected} bytes`, { file: WEIGHTS_BIN });
  }
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const handler = tf.io.fromMemory({
    modelTopology: withoutInitializers(modelJson.modelTopology),
    weightSpecs: specs as io.WeightsManifestEntry[],
    weightData: buffer,
  });
  try {
    return { network: await tf.loadLayersModel(handler), topology: modelJson.modelTopology };
  } catch (error) {
    throw new IntegrityError(`cannot be loaded by TensorFlow.js (${(error as Error).message})`, { file: MODEL_JSON });
  }
}

/**
 * Loading builds every layer (running its initializers) before the saved weights overwrite them;
 * zeros skip the orthogonal QR and its "slowness may result" warning.
 */
function withoutInitializers(topology: unknown): unknown {
  if (Array.isArray(topology)) return topology.map(withoutInitializers);
  if (!topology || typeof topology !== "object") return topology;
  return Object.fromEntries(
    Object.entries(topology).map(([key, value]) =>
      key.endsWith("_initializer") && value && typeof value === "object" ? [key, { class_name: "Zeros", config: {} }] : [key, withoutInitializers(value)],
    ),
  );
}
