import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findEmbeddedDataset, resolveEmbeddedDataset } from "../../src/data/embedded-datasets.js";
import { parseMetrics } from "../../src/evaluate/metrics-file.js";
import { planFolds } from "../../src/evaluate/walk-forward.js";
import { TradingError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger/logger.js";
import { lineageSchema } from "../../src/pipeline/lineage.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { refuseLookAhead } from "../../src/trading/trade-day.js";
import { itWithShared, realPrices } from "../support/real-prices.js";

// Acceptance of issue 13 on embedded prices (AAPL 2013–2018 from @observablehq/sample-datasets, the S&P 500
// 2000–2020 from vega-datasets), and on ../shared/data/prices when it is there.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Yahoo CSV lines with every price after `cutoff` scaled by a day-dependent factor: the future is rewritten, the past kept byte for byte. */
function rewriteAfter(csv: string, cutoff: string): string {
  const [header, ...lines] = csv.trimEnd().split("\n");
  const columns = header!.split(",").map((name) => name.trim().toLowerCase());
  const priceColumns = new Set(["open", "high", "low", "close", "adj close"].map((name) => columns.indexOf(name)).filter((index) => index >= 0));
  const rewritten = lines.map((line, index) => {
    const cells = line.split(",");
    if (cells[0]! <= cutoff) return line;
    const factor = 0.7 + ((index * 7919) % 61) / 100;
    return cells.map((cell, column) => (priceColumns.has(column) ? String(Number(cell) * factor) : cell)).join(",");
  });
  return `${[header, ...rewritten].join("\n")}\n`;
}

async function runOn(csv: string, symbol: string, model: string, extra = ""): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "stockops-wf-"));
  dirs.push(dir);
  await writeFile(join(dir, "prices.csv"), csv);
  await writeFile(join(dir, "stockops.toml"), `symbol = "${symbol}"\nteam = "red"\nseed = 3\n\n[data]\nsource = "csv"\npath = "prices.csv"\n${extra}\n[model]\n${model}\n`);
  await runPipeline({ dir, until: "evaluate", logger: silentLogger });
  return dir;
}

/** date → the prediction cells (model, naive, ridge, position) exactly as written. */
async function predictionCells(dir: string, symbol: string): Promise<Map<string, string>> {
  const lines = (await readFile(join(dir, `models/${symbol}/predictions.csv`), "utf8")).trimEnd().split("\n").slice(1);
  return new Map(lines.map((line) => {
    const cells = line.split(",");
    return [cells[0]!, [cells[3], cells[4], cells[5], cells[6]].join(",")];
  }));
}

async function expectPastUnchanged(csv: string, symbol: string, model: string, offsets: number[]): Promise<void> {
  const original = await runOn(csv, symbol, model);
  const before = await predictionCells(original, symbol);
  const dates = [...before.keys()];
  const metrics = parseMetrics(await readFile(join(original, `models/${symbol}/metrics.json`), "utf8"));
  expect(metrics.walk_forward!.folds).toBeGreaterThan(1);
  for (const offset of offsets) {
    const cutoff = dates[offset]!;
    const after = await predictionCells(await runOn(rewriteAfter(csv, cutoff), symbol, model), symbol);
    const changed = dates.filter((date) => date <= cutoff && after.get(date) !== before.get(date));
    expect(changed, `predictions dated on or before ${cutoff} changed`).toEqual([]);
    const later = dates.filter((date) => date > cutoff && after.get(date) !== before.get(date));
    expect(later.length, `the rewrite after ${cutoff} should change later predictions`).toBeGreaterThan(0);
  }
}

const embeddedCsv = (symbol: string) => readFileSync(resolveEmbeddedDataset(findEmbeddedDataset(symbol)), "utf8");

describe("walk-forward evaluation", () => {
  it("plans folds fitted only on rows whose target is known at the fold's first day", () => {
    expect(planFolds({ start: 100, end: 150 }, 20, 1)).toEqual([
      { start: 100, end: 120, fit: { start: 0, end: 100 } },
      { start: 120, end: 140, fit: { start: 0, end: 120 } },
      { start: 140, end: 150, fit: { start: 0, end: 140 } },
    ]);
    // horizon 5: row i's target ends at close i + 5, so a fold starting at s fits rows i ≤ s − 5
    expect(planFolds({ start: 100, end: 110 }, 10, 5, 30)).toEqual([{ start: 100, end: 110, fit: { start: 66, end: 96 } }]);
  });

  it("AAPL ridge: rewriting every price after t leaves every walk-forward prediction dated ≤ t byte-identical", async () => {
    await expectPastUnchanged(embeddedCsv("AAPL"), "AAPL", 'kind = "ridge"', [0, 30, 100]);
  });

  it("AAPL mlp (refit every 60 days): the same holds for a neural kind", async () => {
    await expectPastUnchanged(embeddedCsv("AAPL"), "AAPL", 'kind = "mlp"\nhidden_units = [4]\nepochs = 2\n\n[evaluate]\nrefit_every = 60', [45, 130]);
  }, 120_000);

  it("S&P 500, 20 years: the same holds with monthly ridge refits", async () => {
    await expectPastUnchanged(embeddedCsv("SPX"), "SPX", 'kind = "ridge"', [5, 400]);
  });

  itWithShared("../shared MSFT 2000–2024: the same holds", async () => {
    await expectPastUnchanged(readFileSync(realPrices.path("MSFT"), "utf8"), "MSFT", 'kind = "ridge"', [10, 500]);
  });
});

describe("the published model: fitted on every row whose target is known up to [data] end", () => {
  it("records trained_through = the last target date ≤ [data] end, apart from the evaluation spans", async () => {
    const csv = embeddedCsv("AAPL");
    const end = "2017-06-15";
    const dir = await runOn(csv, "AAPL", 'kind = "ridge"', `end = "${end}"\n`);
    const lineage = lineageSchema.parse(JSON.parse(await readFile(join(dir, "models/AAPL/lineage.json"), "utf8")));
    const lastBar = csv.trimEnd().split("\n").map((line) => line.split(",")[0]!).filter((date) => /^\d/.test(date) && date <= end).at(-1)!;
    expect(lineage.trained_through).toBe(lastBar);
    expect(lineage.last_price_date_seen).toBe(lastBar);
    // the fit covers train, validation and test rows; split still names the evaluation spans
    expect(lineage.fit!.rows).toBe(lineage.split.train.rows + lineage.split.validation.rows + lineage.split.test.rows);
    expect(lineage.fit!.first).toBe(lineage.split.train.first);
    expect(lineage.fit!.last).toBe(lineage.split.test.last);
    expect(lineage.split.validation.last! < lineage.trained_through!).toBe(true);
  });

  it("with horizon 3 the last fitted row is three trading days before the last target", async () => {
    const dir = await runOn(embeddedCsv("AAPL"), "AAPL", 'kind = "ridge"', 'end = "2017-06-15"\n\n[features]\nhorizon = 3\n');
    const lineage = lineageSchema.parse(JSON.parse(await readFile(join(dir, "models/AAPL/lineage.json"), "utf8")));
    expect(lineage.trained_through).toBe("2017-06-15");
    expect(lineage.fit!.last).toBe("2017-06-12");
  });

  it("trading refuses a decision on or before trained_through, with a message saying why", () => {
    const champion = { branch: "red/AAPL", symbol: "AAPL", version: "v1", trainedThrough: "2017-06-15", predict: async () => 0 };
    expect(() => refuseLookAhead(champion, "2017-06-15")).toThrow(TradingError);
    expect(() => refuseLookAhead(champion, "2017-06-15")).toThrow(/trained through 2017-06-15, the decision date itself: that day is in-sample/);
    expect(() => refuseLookAhead(champion, "2017-06-01")).toThrow(/trained on prices up to 2017-06-15, after the decision date 2017-06-01/);
    expect(() => refuseLookAhead(champion, "2017-06-16")).not.toThrow();
  });
});
