import { describe, expect, it } from "vitest";
import { ConfigError, DataError } from "../../src/errors.js";
import type { FeatureTable } from "../../src/features/feature-table.js";
import { countKnownTargets, splitChronological } from "../../src/features/split-chronological.js";
import { applyScaler, checkScalerMatches, fitScaler, scalerFromJson } from "../../src/features/standard-scaler.js";

/** A table of `rows` rows whose last `horizon` targets are unknown, as buildFeatureTable makes them. */
function table(rows: number, horizon: number, values?: number[][]): FeatureTable {
  const dates = Array.from({ length: rows }, (_, i) => `2020-01-${String(i + 1).padStart(2, "0")}`);
  return {
    names: values ? values[0]!.map((_, f) => `f${f}`) : ["f0"],
    dates,
    close: new Float64Array(rows).fill(100),
    values: values ? values.map((row) => Float64Array.from(row)) : dates.map((_, i) => Float64Array.of(i)),
    target: Float64Array.from(dates, (_, i) => (i + horizon < rows ? 0.01 : Number.NaN)),
    targetDates: dates.map((_, i) => (i + horizon < rows ? dates[i + horizon]! : "")),
    horizon,
  };
}

describe("splitChronological", () => {
  it("horizon 1: consecutive spans over the rows with a known target, oldest first", () => {
    const t = table(101, 1);
    expect(countKnownTargets(t)).toBe(100);
    expect(splitChronological(t, { train: 0.7, validation: 0.15 })).toEqual({
      train: { start: 0, end: 70 },
      validation: { start: 70, end: 85 },
      test: { start: 85, end: 100 },
    });
  });

  it("horizon 5: drops the last 4 train and validation rows so no target reaches into the next span", () => {
    const t = table(105, 5);
    const split = splitChronological(t, { train: 0.7, validation: 0.15 });
    expect(split).toEqual({
      train: { start: 0, end: 66 },
      validation: { start: 70, end: 81 },
      test: { start: 85, end: 100 },
    });
    // The latest close a train target uses is the close of the first validation day, known on that day.
    const lastTrainTargetDate = t.targetDates[split.train.end - 1]!;
    expect(lastTrainTargetDate).toBe(t.dates[split.validation.start]);
    expect(t.targetDates[split.validation.end - 1]).toBe(t.dates[split.test.start]);
    for (let i = split.test.start; i < split.test.end; i++) expect(t.targetDates[i]).not.toBe("");
  });

  it("a span that would be empty or too small is a ConfigError on 'split' that counts the rows", () => {
    expect(() => splitChronological(table(11, 1), { train: 0.7, validation: 0.15 })).toThrow(ConfigError);
    expect(() => splitChronological(table(11, 1), { train: 0.7, validation: 0.15 })).toThrow(
      /field 'split': .*10 rows with a known target leaves the validation span 1 rows; each span needs at least 2/,
    );
    // 36 known rows: validation gets ⌊5.4⌋ = 5 rows, 1 after the purge
    expect(() => splitChronological(table(41, 5), { train: 0.7, validation: 0.15 })).toThrow(
      /validation span 1 rows, after a purge gap of 4 rows for horizon 5/,
    );
    expect(splitChronological(table(45, 5), { train: 0.7, validation: 0.15 }).validation).toEqual({ start: 28, end: 30 });
    expect(() => splitChronological(table(45, 5), { train: 0.7, validation: 0.15 }, 3)).toThrow(/at least 3/);
  });

  it("fractions that leave no test span are a ConfigError", () => {
    expect(() => splitChronological(table(100, 1), { train: 0.8, validation: 0.2 })).toThrow(/train \+ validation < 1/);
    expect(() => splitChronological(table(100, 1), { train: 0, validation: 0.2 })).toThrow(ConfigError);
  });
});

describe("standard scaler", () => {
  const values = [
    [1, 10, 5],
    [2, 20, 5],
    [3, 60, 5],
    [100, -1000, 7],
  ];

  it("mean and population std over the given rows only; a constant feature gets std 1", () => {
    const scaler = fitScaler(table(4, 1, values), { start: 0, end: 3 });
    expect(scaler.names).toEqual(["f0", "f1", "f2"]);
    expect(scaler.mean).toEqual([2, 30, 5]);
    expect(scaler.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(scaler.std[1]).toBeCloseTo(Math.sqrt((400 + 100 + 900) / 3), 12);
    expect(scaler.std[2]).toBe(1);
  });

  it("scales every row with the train statistics, leaving the input as it was", () => {
    const t = table(4, 1, values);
    const scaler = fitScaler(t, { start: 0, end: 3 });
    const scaled = applyScaler(scaler, t.values);
    expect(scaled[1]![0]).toBeCloseTo(0, 14);
    expect(scaled[2]![0]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
    expect(scaled[3]![0]).toBeCloseTo(98 / Math.sqrt(2 / 3), 10);
    expect(scaled[3]![2]).toBe(2);
    expect(Array.from(t.values[3]!)).toEqual([100, -1000, 7]);
  });

  it("survives a JSON round trip and predicts the same scaled values", () => {
    const t = table(4, 1, values);
    const scaler = fitScaler(t, { start: 0, end: 3 });
    const loaded = scalerFromJson(JSON.parse(JSON.stringify(scaler)));
    expect(loaded).toEqual(scaler);
    expect(applyScaler(loaded, t.values)).toEqual(applyScaler(scaler, t.values));
  });

  it("rejects a damaged saved scaler, rows of the wrong width and a changed feature list", () => {
    expect(() => scalerFromJson({ names: ["a"], mean: [0], std: [0] }, "models/X/scaler.json")).toThrow(
      /models\/X\/scaler.json, field 'std.0'/,
    );
    expect(() => scalerFromJson({ names: ["a", "b"], mean: [0], std: [1] })).toThrow(DataError);
    const scaler = fitScaler(table(4, 1, values), { start: 0, end: 3 });
    expect(() => applyScaler(scaler, [Float64Array.of(1, 2)])).toThrow(/row 0 has 2 features, the scaler was fitted on 3/);
    expect(() => checkScalerMatches(scaler, ["f0", "f1", "f2"])).not.toThrow();
    expect(() => checkScalerMatches(scaler, ["f0", "f2", "f1"])).toThrow(ConfigError);
  });

  it("refuses an empty or out-of-table range", () => {
    expect(() => fitScaler(table(4, 1, values), { start: 2, end: 2 })).toThrow(RangeError);
    expect(() => fitScaler(table(4, 1, values), { start: 0, end: 5 })).toThrow(RangeError);
  });
});
