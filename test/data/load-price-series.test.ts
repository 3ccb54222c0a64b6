import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { EMBEDDED_DATASETS, embeddedSymbols, findEmbeddedDataset, resolveEmbeddedDataset } from "../../src/data/embedded-datasets.js";
import { MIN_ROWS, loadPriceSeries, priceSeriesFromBytes } from "../../src/data/load-price-series.js";
import { ConfigError, StockopsError } from "../../src/errors.js";
import { HEADER, csvText, validRows } from "../fixtures/bad-input/cases.js";
import { itWithShared, realPrices } from "../support/real-prices.js";

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stockops-load-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(...lines: string[]) {
  return parseModelConfig(["team = \"red\"", ...lines].join("\n"));
}

describe("embedded datasets", () => {
  it("lists AAPL and SPX with package paths and licenses", () => {
    expect(embeddedSymbols()).toEqual(["AAPL", "SPX"]);
    for (const dataset of EMBEDDED_DATASETS) expect(dataset.license).toMatch(/ISC|BSD-3-Clause/);
  });

  it("resolves both files in node_modules, including vega-datasets whose exports hide data/", async () => {
    const aapl = resolveEmbeddedDataset(findEmbeddedDataset("AAPL"));
    const spx = resolveEmbeddedDataset(findEmbeddedDataset("vega-datasets/data/sp500-2000.csv"));
    expect(aapl).toMatch(/node_modules\/@observablehq\/sample-datasets\/aapl\.csv$/);
    expect(spx).toMatch(/node_modules\/vega-datasets\/data\/sp500-2000\.csv$/);
    expect((await readFile(spx, "utf8")).slice(0, 40)).toBe("date,open,high,low,close,adjclose,volume");
  });

  it("an unknown name is a ConfigError listing the embedded ones", () => {
    expect(() => findEmbeddedDataset("TSLA", "symbol", "stockops.toml")).toThrow(
      "stockops.toml, field 'symbol': no embedded dataset 'TSLA'; expected one of AAPL (@observablehq/sample-datasets/aapl.csv), SPX (vega-datasets/data/sp500-2000.csv)",
    );
  });
});

describe("loadPriceSeries", () => {
  it("package AAPL: 1260 days 2013-05-13 … 2018-05-11, hashed from the file's bytes", async () => {
    const series = await loadPriceSeries(config('symbol = "AAPL"'), dir);
    const bytes = await readFile(resolveEmbeddedDataset(findEmbeddedDataset("AAPL")));
    expect(series).toMatchObject({ symbol: "AAPL", origin: "@observablehq/sample-datasets/aapl.csv", contentHash: md5(bytes), warnings: [] });
    expect(series.bars).toHaveLength(1260);
    expect([series.bars[0]!.date, series.bars.at(-1)!.date]).toEqual(["2013-05-13", "2018-05-11"]);
  });

  it("package SPX: 5105 days 2000-01-03 … 2020-04-17 with adjclose read as adjClose", async () => {
    const series = await loadPriceSeries(config('symbol = "SPX"', "[data]", 'source = "package"'), dir);
    expect(series.bars).toHaveLength(5105);
    expect(series.bars[0]).toEqual({ date: "2000-01-03", open: 1469.25, high: 1478, low: 1438.359985, close: 1455.219971, adjClose: 1455.219971, volume: 931800000 });
    expect(series.bars.at(-1)!.date).toBe("2020-04-17");
  });

  itWithShared("csv from ../shared with an absolute path, start/end inclusive, warnings only inside the span", async () => {
    const path = realPrices.path("AAPL");
    const all = await loadPriceSeries(config('symbol = "AAPL"', "[data]", 'source = "csv"', `path = "${path}"`), dir);
    expect(all.contentHash).toBe(md5(await readFile(path)));
    expect(all.warnings).toHaveLength(1);
    const span = await loadPriceSeries(config('symbol = "AAPL"', "[data]", 'source = "csv"', `path = "${path}"`, "start = 2001-01-02", "end = 2001-12-31"), dir);
    expect([span.bars[0]!.date, span.bars.at(-1)!.date]).toEqual(["2001-01-02", "2001-12-31"]);
    expect(span.bars).toHaveLength(248);
    expect(span.warnings).toEqual([]);
    expect(span.contentHash).toBe(all.contentHash);
  });

  it("csv with an absolute path (the embedded S&P 500 copied to a temp folder), start/end inclusive", async () => {
    const path = join(dir, "SPX.csv");
    await writeFile(path, await readFile(resolveEmbeddedDataset(findEmbeddedDataset("SPX"))));
    const all = await loadPriceSeries(config('symbol = "SPX"', "[data]", 'source = "csv"', `path = "${path}"`), dir);
    expect(all.contentHash).toBe(md5(await readFile(path)));
    expect(all.warnings).toEqual([]);
    const span = await loadPriceSeries(config('symbol = "SPX"', "[data]", 'source = "csv"', `path = "${path}"`, "start = 2001-01-02", "end = 2001-12-31"), dir);
    expect([span.bars[0]!.date, span.bars.at(-1)!.date]).toEqual(["2001-01-02", "2001-12-31"]);
    expect(span.bars).toHaveLength(248);
    expect(span.contentHash).toBe(all.contentHash);
  });

  it("csv path relative to the branch folder; dates outside the file's range only trim", async () => {
    await writeFile(join(dir, "prices.csv"), csvText(HEADER, validRows(130)));
    const series = await loadPriceSeries(config('symbol = "AAPL"', "[data]", 'source = "csv"', 'path = "prices.csv"', "start = 1999-01-01", 'end = "2020-06-30"'), dir);
    expect(series.origin).toBe("prices.csv");
    expect(series.bars).toHaveLength(129);
    expect(series.bars.at(-1)!.date).toBe("2020-06-30");
  });

  it("start/end that leave fewer than MIN_ROWS name the config, the counts and the range", async () => {
    const symbol = realPrices.long;
    const path = realPrices.path(symbol);
    const { rows, last } = symbol === "MSFT" ? { rows: 6084, last: "2024-03-08" } : { rows: 5105, last: "2020-04-17" };
    const attempt = loadPriceSeries(config(`symbol = "${symbol}"`, "[data]", 'source = "csv"', `path = "${path}"`, "end = 2000-03-31"), dir);
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`stockops\\.toml, field 'data\\.end': only 63 rows of .*${symbol}\\.csv \\(${rows} rows, 2000-01-03 to ${last}\\) fall in \\[data\\] the first row to 2000-03-31; expected at least ${MIN_ROWS}`),
    );
  });

  it("a lower-case file name is not read as a ticker", async () => {
    await writeFile(join(dir, "msft-prices.csv"), csvText(HEADER, validRows(120)));
    const series = await loadPriceSeries(config('symbol = "AAPL"', "[data]", 'source = "csv"', 'path = "msft-prices.csv"'), dir);
    expect(series.bars).toHaveLength(120);
  });

  it("dvc without a data.dvc in the branch folder is an error naming data.dvc", async () => {
    const attempt = loadPriceSeries(config('symbol = "AAPL"', "[data]", 'source = "dvc"'), dir);
    await expect(attempt).rejects.toThrow(StockopsError);
    await expect(attempt).rejects.toThrow(/data\.dvc/);
  });

  it("priceSeriesFromBytes records the DVC version when given", () => {
    const bytes = new TextEncoder().encode(csvText(HEADER, validRows(100)));
    const series = priceSeriesFromBytes({ symbol: "AAPL", origin: "data/AAPL.csv", bytes, data: {}, configFile: "stockops.toml", dataVersion: "abc" });
    expect(series).toMatchObject({ dataVersion: "abc", contentHash: md5(bytes), origin: "data/AAPL.csv" });
    expect(series.bars).toHaveLength(100);
  });
});
