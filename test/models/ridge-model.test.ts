import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { memoryLogger, silentLogger } from "../../src/logger/logger.js";
import { loadModel } from "../../src/models/load-model.js";
import { RidgeModel, fitRidge } from "../../src/models/ridge-model.js";
import { trainModel } from "../../src/models/train-model.js";
import { allRows, syntheticInput } from "./synthetic-data.js";

const rows = (values: number[][]) => values.map((row) => Float64Array.from(row));

describe("ridge", () => {
  // Centered, orthogonal columns: XᵀX = diag(2, 2), Xᵀ(y − ȳ) = (4, −2), so β = (4, −2) / (2 + α) and the
  // intercept stays ȳ = 3 whatever α is, because the intercept is not penalized.
  const scaled = rows([
    [1, 0],
    [0, 1],
    [-1, 0],
    [0, -1],
  ]);
  const target = Float64Array.from([5, 2, 1, 4]); // y = 3 + 2·x1 − 1·x2
  const all = { start: 0, end: 4 };

  it("recovers the exact least-squares solution with alpha = 0", () => {
    const fit = fitRidge(scaled, target, all, 0);
    expect(fit.intercept).toBeCloseTo(3, 12);
    expect(Array.from(fit.coefficients)).toEqual([expect.closeTo(2, 12), expect.closeTo(-1, 12)]);
    expect(fit.samples).toBe(4);
  });

  it("shrinks the coefficients by 2 / (2 + alpha) and leaves the intercept alone", () => {
    const fit = fitRidge(scaled, target, all, 2);
    expect(fit.intercept).toBeCloseTo(3, 12);
    expect(fit.coefficients[0]).toBeCloseTo(1, 12);
    expect(fit.coefficients[1]).toBeCloseTo(-0.5, 12);
  });

  it("fits an intercept on uncentered data and skips rows with an unknown target, a non-finite feature or outside the range", () => {
    const x = rows([[1, 0], [2, 1], [3, 0], [4, 1], [5, 5], [Number.POSITIVE_INFINITY, 1], [6, 6]]);
    const y = Float64Array.from([3, 8, 7, 12, Number.NaN, 50, 999]); // y = 1 + 2·x1 + 3·x2 on rows 0..3
    const fit = fitRidge(x, y, { start: 0, end: 6 }, 0);
    expect(fit.samples).toBe(4);
    expect(fit.intercept).toBeCloseTo(1, 10);
    expect(fit.coefficients[0]).toBeCloseTo(2, 10);
    expect(fit.coefficients[1]).toBeCloseTo(3, 10);
  });

  it("survives collinear features with alpha = 0 and warns", () => {
    const x = rows([[1, 1], [2, 2], [3, 3], [4, 4]]);
    const y = Float64Array.from([2, 4, 6, 8]);
    const logger = memoryLogger();
    const fit = fitRidge(x, y, { start: 0, end: 4 }, 0, logger);
    expect(fit.coefficients[0]! + fit.coefficients[1]!).toBeCloseTo(2, 6);
    expect(logger.lines.some((line) => line.includes("collinear"))).toBe(true);
  });

  it("rejects a training span without a known target", () => {
    expect(() => fitRidge(scaled, Float64Array.from([NaN, NaN, NaN, NaN]), all, 1)).toThrow(DataError);
  });

  it("predicts intercept + x·β and round-trips through ridge.json exactly", async () => {
    const input = syntheticInput({ kind: "ridge", alpha: 1 });
    const model = await trainModel(input);
    expect(model.kind).toBe("ridge");
    expect(model.training.samples).toBe(200);
    const ridge = model as RidgeModel;
    const row = input.scaled[10]!;
    const expected = ridge.coefficients.reduce((sum, beta, j) => sum + beta * row[j]!, ridge.intercept);
    expect((await model.predict(input.scaled, [10]))[0]).toBeCloseTo(expected, 15);

    const files = await model.serialize();
    expect([...files.keys()]).toEqual(["ridge.json"]);
    const json = JSON.parse(new TextDecoder().decode(files.get("ridge.json")));
    expect(json).toMatchObject({ kind: "ridge", alpha: 1, feature_count: 6 });
    expect(json.coefficients).toHaveLength(6);

    const loaded = await loadModel(files);
    const rowsToCheck = allRows(input.scaled.length);
    expect(await loaded.predict(input.scaled, rowsToCheck)).toEqual(await model.predict(input.scaled, rowsToCheck));
    expect(await loaded.serialize()).toEqual(files);
  });

  it("is exactly deterministic and learns the synthetic target", async () => {
    const input = syntheticInput({ kind: "ridge", alpha: 0.1 });
    const first = await (await trainModel(input)).serialize();
    const second = await (await trainModel({ ...input, logger: silentLogger })).serialize();
    expect(second).toEqual(first);
    const model = await trainModel(input);
    const predicted = await model.predict(input.scaled, allRows(250).slice(200));
    const residual = predicted.map((p, k) => p - input.target[200 + k]!);
    const mse = residual.reduce((s, r) => s + r * r, 0) / residual.length;
    const variance = input.target.slice(200, 250).reduce((s, y, _, a) => s + (y - a.reduce((m, v) => m + v, 0) / a.length) ** 2, 0) / 50;
    expect(mse).toBeLessThan(0.2 * variance);
  });

  it("names ridge.json and the field when the file is malformed", async () => {
    const bad = new Map([["ridge.json", new TextEncoder().encode(JSON.stringify({ kind: "ridge", alpha: 1, intercept: 0, coefficients: [1, 2], feature_count: 3 }))]]);
    await expect(loadModel(bad)).rejects.toThrow(/ridge\.json.*field 'coefficients'/);
    const notJson = new Map([["ridge.json", new TextEncoder().encode("{ nope")]]);
    await expect(loadModel(notJson)).rejects.toThrow(DataError);
    await expect(loadModel(notJson)).rejects.toThrow(/ridge\.json: not valid JSON/);
  });
});
