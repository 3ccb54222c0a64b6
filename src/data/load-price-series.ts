import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, sep } from "node:path";
import { confinedPath, isReallyWithin } from "../files/confine-path.js";
import { readBoundedFile } from "../files/read-bounded.js";
import type { ModelConfig } from "../config/model-config.js";
import { isTicker } from "../config/ref-component.js";
import { MODEL_CONFIG_FILE } from "../config/read-model-config.js";
import { ConfigError, DataError, StockopsError } from "../errors.js";
import { findEmbeddedDataset, resolveEmbeddedDataset } from "./embedded-datasets.js";
import { parsePricesCsv } from "./parse-prices-csv.js";
import type { PriceBar, PriceSeries } from "./price-series.js";
import { findSplitLikeJumps } from "./split-like-jumps.js";

/** Fewer rows leave too little for features, a train / validation / test split and a backtest. */
export const MIN_ROWS = 100;

export interface LoadOptions {
  /**
   * Refuse an absolute `[data] path` too (a relative one is always confined to the branch folder: no `..`, no
   * symbolic link out). The actions set it: a stockops.toml read in CI may come from a fork. A csv outside the
   * repository is then only read when a command-line flag names it (`--prices-dir`, `data update --input`).
   */
  confine?: boolean;
}

/** Reads the prices `[data]` points at (relative to the branch folder `dir`), validates every row, applies start/end. */
export async function loadPriceSeries(config: ModelConfig, dir: string, options: LoadOptions = {}): Promise<PriceSeries> {
  const configFile = join(dir, MODEL_CONFIG_FILE);
  switch (config.data.source) {
    case "package":
      return loadEmbedded(config, configFile);
    case "csv":
      return loadCsv(config, dir, configFile, options.confine ?? false);
    case "dvc":
      return loadFromDvc(config, dir);
  }
}

/**
 * data/<path> (default <SYMBOL>.csv) verified against data.dvc before a single row is used; dataVersion = data.dvc's
 * md5, dataDvcFrom = where that data.dvc came from (`stockops data follow`), null when it is the folder's own.
 */
async function loadFromDvc(config: ModelConfig, dir: string): Promise<PriceSeries> {
  const [{ readVerifiedDataFile }, { readFollowedFrom }] = await Promise.all([import("../dvc/read-verified.js"), import("../dvc/follow/follow-record.js")]);
  const { bytes, dataVersion, path } = await readVerifiedDataFile(dir, config.data.path ?? `${config.symbol}.csv`, {
    pathOrigin: { error: ConfigError, file: join(dir, MODEL_CONFIG_FILE), field: "data.path" },
  });
  const origin = relative(dir, path).split(sep).join("/");
  const series = priceSeriesFromBytes({ symbol: config.symbol, origin, file: path, bytes, data: config.data, configFile: join(dir, MODEL_CONFIG_FILE), dataVersion });
  return { ...series, dataDvcFrom: await readFollowedFrom(dir) };
}

/** What every source does once it has the bytes: hash, validate every row, then keep [data] start..end. */
export interface PriceBytes {
  symbol: string;
  /** Recorded as `PriceSeries.origin` (and so in lineage): the path as configured, the same on every machine. */
  origin: string;
  /** Named in error messages; defaults to `origin`. */
  file?: string;
  bytes: Uint8Array;
  data: Pick<ModelConfig["data"], "start" | "end">;
  /** The stockops.toml that set start/end, named when too few rows remain. */
  configFile: string;
  dataVersion?: string;
  /** The bytes come from outside the repository: errors name the file and line but quote nothing of it. */
  outside?: boolean;
}

export function priceSeriesFromBytes({ symbol, origin, file = origin, bytes, data, configFile, dataVersion, outside }: PriceBytes): PriceSeries {
  const contentHash = createHash("md5").update(bytes).digest("hex");
  const { bars } = parsePricesCsv(bytes, file, outside ? { quote: () => "a value not shown (the file is outside the repository)" } : {});
  const kept = data.start || data.end ? bars.filter((bar) => (!data.start || bar.date >= data.start) && (!data.end || bar.date <= data.end)) : bars;
  checkEnoughRows(kept, bars, file, data, configFile);
  return { symbol, origin, contentHash, bars: kept, warnings: findSplitLikeJumps(kept), ...(dataVersion ? { dataVersion } : {}) };
}

function checkEnoughRows(kept: PriceBar[], all: PriceBar[], origin: string, data: PriceBytes["data"], configFile: string): void {
  if (kept.length >= MIN_ROWS) return;
  const fileSpan = `${all.length} rows, ${all[0]!.date} to ${all.at(-1)!.date}`;
  if (kept.length === all.length) {
    throw new DataError(`only ${fileSpan}; expected at least ${MIN_ROWS} trading days`, { file: origin });
  }
  const bounds = `${data.start ?? "the first row"} to ${data.end ?? "the last row"}`;
  const field = data.start && data.end ? "data.start" : data.start ? "data.start" : "data.end";
  throw new ConfigError(
    `only ${kept.length} rows of ${origin} (${fileSpan}) fall in [data] ${bounds}; expected at least ${MIN_ROWS}, widen start/end`,
    { file: configFile, field },
  );
}

async function loadEmbedded(config: ModelConfig, configFile: string): Promise<PriceSeries> {
  const name = config.data.path ?? config.symbol;
  const dataset = findEmbeddedDataset(name, config.data.path ? "data.path" : "symbol", configFile);
  if (dataset.symbol !== config.symbol) throw symbolMismatch(config.symbol, dataset.packagePath, dataset.symbol, configFile);
  const bytes = await readFile(resolveEmbeddedDataset(dataset));
  return priceSeriesFromBytes({ symbol: config.symbol, origin: dataset.packagePath, bytes, data: config.data, configFile });
}

async function loadCsv(config: ModelConfig, dir: string, configFile: string, confine: boolean): Promise<PriceSeries> {
  if (!config.data.path) {
    throw new ConfigError(`missing; expected path = "<file>.csv" when [data] source = "csv" (relative to the branch folder or absolute)`, {
      file: configFile,
      field: "data.path",
    });
  }
  const location = { error: ConfigError, file: configFile, field: "data.path" };
  if (config.data.path.includes("\0")) throw new ConfigError("contains a NUL byte; expected a file path", location);
  // A relative path is always confined to the branch folder (no '..', no link out); an absolute one is a
  // local choice, refused when confining (CI), and then read bounded with nothing of it quoted in errors.
  const path = confine || !isAbsolute(config.data.path) ? await confinedPath(dir, config.data.path, location) : config.data.path;
  const fileSymbol = basename(path).replace(/\.csv$/i, "");
  if (isTicker(fileSymbol) && fileSymbol !== config.symbol) {
    throw symbolMismatch(config.symbol, path, fileSymbol, configFile);
  }
  const bytes = await readBytes(path, configFile);
  const outside = isAbsolute(path) && !(await isReallyWithin(dir, path).catch(() => false));
  return priceSeriesFromBytes({ symbol: config.symbol, origin: config.data.path, file: path, bytes, data: config.data, configFile, outside });
}

async function readBytes(path: string, configFile: string): Promise<Uint8Array> {
  try {
    return await readBoundedFile(path, "csv");
  } catch (error) {
    if (error instanceof StockopsError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === "EISDIR" ? "is a folder" : "not found";
    throw new ConfigError(`${path} ${reason}; expected a Yahoo-format CSV file (path relative to the branch folder or absolute)`, {
      file: configFile,
      field: "data.path",
    });
  }
}

function symbolMismatch(symbol: string, dataFile: string, dataSymbol: string, configFile: string): ConfigError {
  return new ConfigError(`is ${symbol} but the prices come from ${dataFile}, which holds ${dataSymbol}; expected the same ticker in both`, {
    file: configFile,
    field: "symbol",
  });
}
