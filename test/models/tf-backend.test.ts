import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../src/logger/logger.js";
import { BACKEND_NAMES, availableBackends, loadTensorflow } from "../../src/models/tf-backend.js";
import { trainModel } from "../../src/models/train-model.js";
import { syntheticInput, tinyMlp } from "./synthetic-data.js";

describe("loadTensorflow", () => {
  it("loads one of the three backends, says which, and loads the library once", async () => {
    const logger = memoryLogger();
    const first = await loadTensorflow(logger);
    expect(BACKEND_NAMES).toContain(first.backend);
    expect(first.tf.getBackend()).toBe(first.backend);
    expect(logger.lines).toContain(`TensorFlow.js backend: ${first.backend}`);
    const second = await loadTensorflow(logger);
    expect(second.tf).toBe(first.tf);
    expect(second.backend).toBe(first.backend);
    expect(logger.lines.filter((line) => line.startsWith("TensorFlow.js backend"))).toHaveLength(1);
  });

  it("switches to a preferred backend on request and reports it", async () => {
    const logger = memoryLogger();
    const cpu = await loadTensorflow(logger, { prefer: "cpu" });
    expect(cpu.backend).toBe("cpu");
    expect(cpu.tf.getBackend()).toBe("cpu");
    expect(logger.lines).toContain("TensorFlow.js backend: cpu");
    const wasm = await loadTensorflow(logger, { prefer: "wasm" });
    expect(wasm.backend).toBe("wasm");
    expect(wasm.tf.getBackend()).toBe("wasm");
  });

  it("lists the backends that load here, and leaves the best one active", async () => {
    const logger = memoryLogger();
    const available = await availableBackends(logger);
    expect(available).toEqual(expect.arrayContaining(["wasm", "cpu"]));
    expect(available.every((name) => BACKEND_NAMES.includes(name))).toBe(true);
    const { tf, backend } = await loadTensorflow(logger);
    expect(backend).toBe(available[0]);
    expect(tf.getBackend()).toBe(available[0]);
  });

  it("trains deterministically on the cpu backend too, and records the backend in the model files", async () => {
    const input = syntheticInput(tinyMlp);
    const first = await trainModel(input, { backend: "cpu" });
    expect(first.training.backend).toBe("cpu");
    const bytes = await first.serialize();
    expect(await (await trainModel(input, { backend: "cpu" })).serialize()).toEqual(bytes);
    expect(JSON.parse(new TextDecoder().decode(bytes.get("model-meta.json"))).backend).toBe("cpu");
  });
});
