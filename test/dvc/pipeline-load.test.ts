import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseModelConfig } from "../../src/config/read-model-config.js";
import { loadPriceSeries } from "../../src/data/load-price-series.js";
import { addData } from "../../src/dvc/add.js";
import { md5Hex } from "../../src/dvc/dir-manifest.js";
import { IntegrityError } from "../../src/errors.js";
import { tempRepo } from "./helpers.js";
import { realPrices } from "../support/real-prices.js";

// Real daily prices (../shared when present, else the embedded ones), read in place and copied only into temp folders.
const PRICES = realPrices.dir;

describe('[data] source = "dvc" in the pipeline loader', () => {
  const config = parseModelConfig('symbol = "AAPL"\nteam = "red"\n[data]\nsource = "dvc"\n');

  it("loads data/AAPL.csv through data.dvc and records data.dvc's md5 as the data version", async () => {
    const repo = await tempRepo();
    await mkdir(join(repo, "data"));
    for (const name of realPrices.tickers.slice(0, 2).map((ticker) => `${ticker}.csv`)) await cp(join(PRICES, name), join(repo, "data", name));
    const { out } = await addData(repo, "data");
    const series = await loadPriceSeries(config, repo);
    expect(series.dataVersion).toBe(out.md5);
    expect(series.origin).toBe("data/AAPL.csv");
    expect(series.contentHash).toBe(md5Hex(await readFile(join(PRICES, "AAPL.csv"))));
    expect(series.bars.length).toBeGreaterThan(1000);
  });

  it("one flipped byte stops the load before any row is used, naming the file and both hashes", async () => {
    const repo = await tempRepo();
    await mkdir(join(repo, "data"));
    await cp(join(PRICES, "AAPL.csv"), join(repo, "data", "AAPL.csv"));
    await addData(repo, "data");
    const original = await readFile(join(repo, "data", "AAPL.csv"));
    const flipped = Buffer.from(original);
    flipped[flipped.length - 3] = flipped[flipped.length - 3]! ^ 0x01;
    await writeFile(join(repo, "data", "AAPL.csv"), flipped);
    const error = await loadPriceSeries(config, repo).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toContain("data/AAPL.csv");
    expect((error as Error).message).toContain(md5Hex(original));
    expect((error as Error).message).toContain(md5Hex(flipped));
  });
});
