import { describe, expect, it } from "vitest";
import { IntegrityError } from "../../src/errors.js";
import { loadModel } from "../../src/models/load-model.js";
import { trainModel } from "../../src/models/train-model.js";
import { syntheticInput } from "./synthetic-data.js";

describe("naive", () => {
  it("predicts a zero return (tomorrow = today) for every row", async () => {
    const input = syntheticInput({ kind: "naive" });
    const model = await trainModel(input);
    expect(model.kind).toBe("naive");
    expect(model.firstPredictableRow).toBe(0);
    expect(model.training.samples).toBe(200);
    expect(Array.from(await model.predict(input.scaled, [0, 5, 299]))).toEqual([0, 0, 0]);
  });

  it("round-trips through naive.json", async () => {
    const model = await trainModel(syntheticInput({ kind: "naive" }));
    const files = await model.serialize();
    expect(new TextDecoder().decode(files.get("naive.json"))).toBe('{\n  "kind": "naive"\n}\n');
    const loaded = await loadModel(files);
    expect(loaded.kind).toBe("naive");
    expect(await loaded.serialize()).toEqual(files);
  });

  it("refuses a file set with no model in it, naming what was expected", async () => {
    await expect(loadModel(new Map())).rejects.toThrow(IntegrityError);
    await expect(loadModel(new Map([["notes.txt", new Uint8Array(1)]]))).rejects.toThrow(/expected ridge\.json, naive\.json or model-meta\.json/);
    await expect(loadModel(new Map([["naive.json", new TextEncoder().encode('{"kind":"ridge"}')]]))).rejects.toThrow(/naive\.json.*field 'kind'/);
  });
});
