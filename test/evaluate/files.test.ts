import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/artifacts/write-atomic.js";
import { evaluateRun } from "../../src/evaluate/evaluate-run.js";
import { formatMetrics, parseMetrics, readMetricsFile } from "../../src/evaluate/metrics-file.js";
import { formatPredictions, parsePredictions, readPredictionsFile, writePredictionsFile } from "../../src/evaluate/predictions-file.js";
import { DataError } from "../../src/errors.js";
import { fixtureInput } from "./fixture.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stockops-evaluate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const { metrics, predictions } = evaluateRun(fixtureInput());

describe("metrics.json", () => {
  it("round-trips through a file byte for byte", async () => {
    const path = join(dir, "metrics.json");
    await writeFileAtomic(path, formatMetrics(metrics));
    const read = await readMetricsFile(path);
    expect(read).toEqual(metrics);
    expect(formatMetrics(read)).toBe(await readFile(path, "utf8"));
  });

  it("rejects a malformed file naming the file and the field", () => {
    const broken = JSON.parse(formatMetrics(metrics)) as Record<string, any>;
    delete broken.test.mae;
    expect(() => parseMetrics(JSON.stringify(broken), "models/TEST/metrics.json")).toThrow(
      /^models\/TEST\/metrics\.json, field 'test\.mae': expected number/,
    );
    const wrongType = { ...JSON.parse(formatMetrics(metrics)), skill_vs_naive: "0.3" };
    expect(() => parseMetrics(JSON.stringify(wrongType))).toThrow(/field 'skill_vs_naive'/);
    const future = { ...JSON.parse(formatMetrics(metrics)), schema: 2 };
    expect(() => parseMetrics(JSON.stringify(future))).toThrow(/field 'schema'/);
    expect(() => parseMetrics("{ not json", "m.json")).toThrow(DataError);
  });

  it("says so when the file is missing", async () => {
    await expect(readMetricsFile(join(dir, "nope.json"))).rejects.toThrow(/not found/);
  });
});

describe("predictions.csv", () => {
  it("round-trips, unknown values as empty cells", async () => {
    const path = join(dir, "predictions.csv");
    await writePredictionsFile(path, predictions);
    const text = await readFile(path, "utf8");
    expect(text.split("\n")[0]).toBe("date,close,actual_close,pred_model,pred_naive,pred_ridge,position,equity,buy_hold_equity");
    expect(text.trimEnd().split("\n").at(-1)).toBe("2024-01-13,108,,0.01,0,-0.01,1,,");
    expect(await readPredictionsFile(path)).toEqual(predictions);
  });

  it("rejects a bad header, bad numbers and bad positions with file, line and column", async () => {
    const good = formatPredictions(predictions);
    const lines = good.split("\n");
    expect(() => parsePredictions(good.replace("pred_model", "model"), "p.csv")).toThrow(/^p\.csv, line 1: expected the header/);
    const badNumber = [lines[0], lines[1]!.replace(/^([^,]*),100,/, "$1,abc,"), ...lines.slice(2)].join("\n");
    expect(() => parsePredictions(badNumber, "p.csv")).toThrow(/^p\.csv, line 2, field 'close': expected a finite number, got "abc"/);
    const badPosition = [lines[0], lines[1], lines[2]!.replace(/,1,([^,]*),([^,]*)$/, ",2,$1,$2"), ...lines.slice(3)].join("\n");
    expect(() => parsePredictions(badPosition, "p.csv")).toThrow(/line 3, field 'position': expected 0 or 1/);
    const emptyRequired = [lines[0], lines[1]!.replace(/^([^,]*),100,/, "$1,,"), ...lines.slice(2)].join("\n");
    expect(() => parsePredictions(emptyRequired, "p.csv")).toThrow(/field 'close': expected a number, got an empty cell/);
    await writeFile(join(dir, "short.csv"), `${lines[0]}\n2024-01-08,100\n`);
    await expect(readPredictionsFile(join(dir, "short.csv"))).rejects.toThrow(DataError);
  });
});
