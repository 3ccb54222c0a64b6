import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { branchName, type BranchRef } from "../config/branches-config.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../config/read-model-config.js";
import { loadPriceSeries } from "../data/load-price-series.js";
import { parsePricesCsv } from "../data/parse-prices-csv.js";
import type { PriceBar } from "../data/price-series.js";
import { md5Hex } from "../artifacts/content-hash.js";
import { IntegrityError } from "../errors.js";
import type { BranchFileReader } from "./champion-source.js";

/** Daily bars of one branch's stock, ascending; trading cuts them at the day it trades. */
export interface PriceSource {
  bars(branch: BranchRef): Promise<readonly PriceBar[]>;
}

/** Bars with the version of the data they came from: data.dvc's md5, else the price file's md5. */
export interface VersionedBars {
  bars: readonly PriceBar[];
  dataVersion: string;
}

/** A PriceSource that also says which version of the data each series is. */
export interface VersionedPriceSource extends PriceSource {
  series(branch: BranchRef): Promise<VersionedBars>;
}

/** The prices the branch's model uses ([data] of its stockops.toml), without its training end date. */
export function branchPriceSource(read: BranchFileReader, dir: string): VersionedPriceSource {
  return cached(async (ref) => {
    const branch = branchName(ref);
    const bytes = await read(branch, MODEL_CONFIG_FILE);
    if (!bytes) throw new IntegrityError("not found on the branch", { file: `${branch}:${MODEL_CONFIG_FILE}` });
    const config = parseModelConfig(new TextDecoder().decode(bytes), `${branch}:${MODEL_CONFIG_FILE}`);
    const series = await loadPriceSeries({ ...config, data: { ...config.data, end: undefined } }, dir);
    return { bars: series.bars, dataVersion: series.dataVersion ?? series.contentHash };
  });
}

/** `<dir>/<SYMBOL>.csv` in Yahoo's layout, e.g. the shared test prices. */
export function csvDirectoryPriceSource(dir: string): VersionedPriceSource {
  return cached(async (ref) => {
    const file = join(dir, `${ref.symbol}.csv`);
    const bytes = await readFile(file);
    return { bars: parsePricesCsv(bytes, file).bars, dataVersion: md5Hex(bytes) };
  });
}

function cached(load: (ref: BranchRef) => Promise<VersionedBars>): VersionedPriceSource {
  const memo = new Map<string, Promise<VersionedBars>>();
  const series = (ref: BranchRef) => {
    const key = branchName(ref);
    if (!memo.has(key)) memo.set(key, load(ref));
    return memo.get(key)!;
  };
  return { series, bars: async (ref) => (await series(ref)).bars };
}
