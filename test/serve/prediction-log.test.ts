import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { livePredictionsFromLog } from "../../src/monitor/served-predictions.js";
import { openPredictionLog, readPredictionLog, type PredictionLogLine } from "../../src/serve/prediction-log.js";
import type { Prediction } from "../../src/serve/api-schemas.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function prediction(date: string, version: string, value: number): Prediction {
  return {
    team: "red", symbol: "AAPL", date, close: 100, horizon: 1, predicted_log_return: value, predicted_close: 100 * Math.exp(value),
    model: { version, tag: `models/red/AAPL/${version}`, kind: "ridge", trained_through: "2017-01-01" }, data_version: "d".repeat(32), features: { ret_lag_1: 0.01 }, after_trained_through: true,
  };
}

describe("prediction log", () => {
  it("appends one line per prediction to the file of the UTC day served, and reads them back in day order", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stockops-plog-"));
    dirs.push(dir);
    const log = await openPredictionLog(dir);
    log.append("a", prediction("2018-05-10", "v1", 0.01), new Date("2026-12-04T23:59:59Z"));
    log.append("b", prediction("2018-05-10", "v1", 0.01), new Date("2026-12-05T00:00:01Z"));
    await log.close();
    const lines = await readPredictionLog(dir);
    expect(lines.map((line) => [line.request_id, line.time.slice(0, 10), line.branch, line.model_tag])).toEqual([
      ["a", "2026-12-04", "red/AAPL", "models/red/AAPL/v1"],
      ["b", "2026-12-05", "red/AAPL", "models/red/AAPL/v1"],
    ]);
  });

  it("names the file and line of a line that is not a prediction", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stockops-plog-"));
    dirs.push(dir);
    await writeFile(join(dir, "2026-12-04.jsonl"), '{"time":"x"}\n');
    await expect(readPredictionLog(dir)).rejects.toThrow(/2026-12-04\.jsonl, line 1, field 'request_id': expected a prediction log line/);
    await writeFile(join(dir, "2026-12-04.jsonl"), "\nnot json\n");
    await expect(readPredictionLog(dir)).rejects.toThrow(/2026-12-04\.jsonl, line 2: not a JSON object/);
  });

  it("gives monitor one prediction per branch, version and day, in date order, one-day horizons only", () => {
    const line = (date: string, version: string, value: number, branch = "red/AAPL", horizon = 1): PredictionLogLine => ({
      time: "2026-12-04T00:00:00Z", request_id: "r", branch, date, model_version: version, model_tag: "t", data_version: "d", close: 100, horizon, predicted_log_return: value, predicted_close: 100,
    });
    const days = livePredictionsFromLog([line("2018-05-10", "v1", 0.01), line("2018-05-09", "v1", 0.02), line("2018-05-10", "v1", 0.03), line("2018-05-10", "v2", 0.04), line("2018-05-08", "v1", 0.05, "blue/AAPL"), line("2018-05-07", "v1", 0.06, "red/AAPL", 5)], "red/AAPL");
    expect(days).toEqual([
      { date: "2018-05-09", predictions: [{ branch: "red/AAPL", model_version: "v1", predicted_return: 0.02 }] },
      { date: "2018-05-10", predictions: [{ branch: "red/AAPL", model_version: "v1", predicted_return: 0.03 }, { branch: "red/AAPL", model_version: "v2", predicted_return: 0.04 }] },
    ]);
  });
});
