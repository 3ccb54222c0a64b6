import TOML from "@iarna/toml";
import { parseMetrics } from "../../evaluate/metrics-file.js";
import { parsePredictions } from "../../evaluate/predictions-file.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../../config/read-model-config.js";
import { artifactPaths } from "../../pipeline/artifact-paths.js";
import type { ReportSide } from "./pr-report-input.js";

/** Reads one file of a branch as text (from git objects or a folder); undefined when it is absent. */
export type ReadBranchFile = (filepath: string) => Promise<string | undefined>;

export interface ReadReportSideOptions {
  read: ReadBranchFile;
  symbol: string;
  commit: string;
  branch: string;
  /** Names the source in error messages, e.g. "red/AAPL@3f2a1c0". */
  origin?: string;
}

/**
 * A branch's published metrics, config, predictions and data version. Undefined when the branch has
 * no metrics.json yet (nothing published: a first PR). Broken metrics are an error naming the file.
 */
export async function readReportSide({ read, symbol, commit, branch, origin = `${branch}@${commit.slice(0, 7)}` }: ReadReportSideOptions): Promise<ReportSide | undefined> {
  const paths = artifactPaths(symbol);
  const metricsText = await read(paths.metrics);
  if (metricsText === undefined) return undefined;
  const metrics = parseMetrics(metricsText, `${origin}:${paths.metrics}`);
  const [configText, predictionsText, lineageText] = await Promise.all([read(MODEL_CONFIG_FILE), read(paths.predictions), read(paths.lineage)]);
  return {
    metrics,
    config: configText === undefined ? undefined : parseConfigLeniently(configText, `${origin}:${MODEL_CONFIG_FILE}`),
    predictions: predictionsText === undefined ? undefined : parsePredictions(predictionsText, `${origin}:${paths.predictions}`),
    commit,
    branch,
    dataVersion: lineageText === undefined ? undefined : dataVersionOf(lineageText),
  };
}

/**
 * The validated config (defaults filled in, so a key spelled out at its default is no change); a base
 * written for an older schema falls back to the raw TOML so the diff can still show it.
 */
export function parseConfigLeniently(text: string, file: string): Record<string, unknown> | undefined {
  try {
    return parseModelConfig(text, file) as unknown as Record<string, unknown>;
  } catch {
    try {
      return TOML.parse(text) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
}

function dataVersionOf(lineageText: string): string | undefined {
  try {
    const lineage = JSON.parse(lineageText) as { data?: { data_version?: unknown; content_hash?: unknown } };
    const version = lineage.data?.data_version ?? lineage.data?.content_hash;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}
