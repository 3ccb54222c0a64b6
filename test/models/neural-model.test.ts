import { describe, expect, it } from "vitest";
import type { ModelParams } from "../../src/config/model-config.js";
import { DataError, IntegrityError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger/logger.js";
import { loadModel } from "../../src/models/load-model.js";
import type { EpochReport, Model } from "../../src/models/model.js";
import { NeuralModel } from "../../src/models/neural/neural-model.js";
import { BACKEND_NAMES, loadTensorflow } from "../../src/models/tf-backend.js";
import { trainModel } from "../../src/models/train-model.js";
import { allRows, syntheticInput, tinyMlp, tinySequence } from "./synthetic-data.js";

const kinds: [string, ModelParams][] = [
  ["mlp", tinyMlp],
  ["lstm", tinySequence("lstm")],
  ["gru", tinySequence("gru")],
];

async function train(params: ModelParams, seed = 7, reports: EpochReport[] = []): Promise<Model> {
  return trainModel({ ...syntheticInput(params, seed), onEpoch: (report) => reports.push(report) });
}

function decode(bytes: Uint8Array | undefined): any {
  return JSON.parse(new TextDecoder().decode(bytes));
}

describe.each(kinds)("%s", (kind, params) => {
  it("learns the synthetic target: the training loss falls and epochs are reported", async () => {
    const reports: EpochReport[] = [];
    const model = await train(params, 7, reports);
    expect(model.kind).toBe(kind);
    expect(BACKEND_NAMES).toContain(model.training.backend);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(reports.every((r) => r.epochs === 3 && Number.isFinite(r.loss) && Number.isFinite(r.valLoss))).toBe(true);
    expect(reports[2]!.loss).toBeLessThan(reports[0]!.loss);
    expect(reports[2]!.elapsedMs).toBeGreaterThanOrEqual(reports[0]!.elapsedMs);
    expect(model.training.epochs).toBe(3);
    expect(model.training.samplesPerSecond).toBeGreaterThan(0);
    expect(model.training.samples).toBe(kind === "mlp" ? 200 : 196);
  });

  it("round-trips save → load to the same predictions, in tfjs's own layout", async () => {
    const input = syntheticInput(params);
    const model = await trainModel(input);
    const files = await model.serialize();
    expect([...files.keys()].sort()).toEqual(["model-meta.json", "model.json", "weights.bin"]);
    const modelJson = decode(files.get("model.json"));
    expect(modelJson.format).toBe("layers-model");
    expect(modelJson.weightsManifest).toEqual([{ paths: ["weights.bin"], weights: expect.any(Array) }]);
    const meta = decode(files.get("model-meta.json"));
    expect(meta).toMatchObject({ kind, feature_count: 6, seed: 7, params: { kind } });
    expect(BACKEND_NAMES).toContain(meta.backend);

    const loaded = await loadModel(files);
    expect(loaded.kind).toBe(kind);
    expect(loaded.firstPredictableRow).toBe(model.firstPredictableRow);
    const rows = allRows(input.scaled.length);
    const expected = await model.predict(input.scaled, rows);
    expect(await loaded.predict(input.scaled, rows)).toEqual(expected);
    expect(await loaded.serialize()).toEqual(files);
  });

  it("is deterministic: the same seed gives identical bytes in every file, another seed other weights", async () => {
    const first = await (await train(params, 11)).serialize();
    const again = await (await train(params, 11)).serialize();
    for (const [name, bytes] of first) expect(again.get(name), name).toEqual(bytes);
    const other = await (await train(params, 12)).serialize();
    expect(other.get("weights.bin")).not.toEqual(first.get("weights.bin"));
  });
});

describe("sequence models", () => {
  it("predict NaN before a full window and never look at rows after the one predicted", async () => {
    const input = syntheticInput(tinySequence("lstm"));
    const model = await trainModel(input);
    expect(model.firstPredictableRow).toBe(4);
    const rows = allRows(200);
    const before = await model.predict(input.scaled, rows);
    expect(Array.from(before.slice(0, 4)).every(Number.isNaN)).toBe(true);
    expect(Array.from(before.slice(4)).every(Number.isFinite)).toBe(true);
    const changedFuture = input.scaled.map((row, i) => (i > 150 ? row.map((v) => v + 5) : row));
    const after = await model.predict(changedFuture, rows);
    expect(after.slice(0, 151)).toEqual(before.slice(0, 151));
    expect(after.slice(151)).not.toEqual(before.slice(151));
  });
});

describe("training loop", () => {
  it("restores the weights of the best validation epoch when early stopping is on", async () => {
    const params = { ...tinyMlp, epochs: 8, patience: 2, learning_rate: 0.05, dropout: 0 } as const;
    const reports: EpochReport[] = [];
    const input = syntheticInput(params);
    const model = await trainModel({ ...input, onEpoch: (r) => reports.push(r) });
    const meta = decode((await model.serialize()).get("model-meta.json"));
    const validation = allRows(250).slice(200);
    const predicted = await model.predict(input.scaled, validation);
    const { mean, std } = meta.target_scale;
    const loss = predicted.reduce((s, p, k) => s + ((p - mean) / std - (input.target[200 + k]! - mean) / std) ** 2, 0) / validation.length;
    const best = Math.min(...reports.map((r) => r.valLoss));
    expect(loss).toBeCloseTo(best, 4);
    expect(model.training.epochs).toBe(reports.length);
  });

  it("stops after `patience` epochs without a better validation loss and keeps the best epoch's weights", async () => {
    const params = { ...tinyMlp, epochs: 10, patience: 2, dropout: 0 } as const;
    const input = syntheticInput(params);
    // Validation targets follow the opposite rule, so the better the fit, the worse the validation loss.
    const target = input.target.map((y, i) => (i >= 200 && i < 250 ? -y : y));
    const reports: EpochReport[] = [];
    const model = await trainModel({ ...input, target, onEpoch: (r) => reports.push(r) });
    const bestEpoch = reports.reduce((best, r) => (r.valLoss < best.valLoss ? r : best)).epoch;
    expect(reports.length).toBe(bestEpoch + 2);
    expect(reports.length).toBeLessThan(10);
    expect(model.training.epochs).toBe(reports.length);
    const meta = decode((await model.serialize()).get("model-meta.json"));
    const { mean, std } = meta.target_scale;
    const predicted = await model.predict(input.scaled, allRows(250).slice(200));
    const valLoss = predicted.reduce((s, p, k) => s + ((p - target[200 + k]!) / std) ** 2, 0) / predicted.length;
    expect(valLoss).toBeCloseTo(reports[bestEpoch - 1]!.valLoss, 4);
    expect(mean).toBeCloseTo(input.target.slice(0, 200).reduce((a, b) => a + b, 0) / 200, 12);
  });

  it("leaks no tensors: training then disposing, and predicting, leave the tensor count unchanged", async () => {
    const { tf } = await loadTensorflow(silentLogger);
    const input = syntheticInput(tinySequence("gru"));
    await (await trainModel(input) as NeuralModel).serialize(); // warm up kernels and caches
    const before = tf.memory().numTensors;
    const model = (await trainModel(input)) as NeuralModel;
    const withModel = tf.memory().numTensors;
    await model.predict(input.scaled, allRows(300));
    await model.serialize();
    expect(tf.memory().numTensors).toBe(withModel);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("loading neural model files", () => {
  it("names the missing or broken file and what was expected", async () => {
    const files = await (await train(tinyMlp)).serialize();
    const without = (name: string) => new Map([...files].filter(([key]) => key !== name));
    await expect(loadModel(without("model.json"))).rejects.toThrow(IntegrityError);
    await expect(loadModel(without("model.json"))).rejects.toThrow(/^model\.json: missing model file/);
    await expect(loadModel(without("weights.bin"))).rejects.toThrow(/^weights\.bin: missing model file/);

    const truncated = new Map(files).set("weights.bin", files.get("weights.bin")!.slice(0, 10));
    await expect(loadModel(truncated)).rejects.toThrow(/weights\.bin: holds 10 bytes; model\.json lists weights of \d+ bytes/);

    const meta = decode(files.get("model-meta.json"));
    const badMeta = new Map(files).set("model-meta.json", new TextEncoder().encode(JSON.stringify({ ...meta, kind: "cnn" })));
    await expect(loadModel(badMeta)).rejects.toThrow(DataError);
    await expect(loadModel(badMeta)).rejects.toThrow(/model-meta\.json, field 'kind'/);

    const otherWindow = new Map(files).set("model-meta.json", new TextEncoder().encode(JSON.stringify({ ...meta, feature_count: 9 })));
    await expect(loadModel(otherWindow)).rejects.toThrow(/model\.json: network input is \[6\] but model-meta\.json describes \[9\]/);
  });
});
