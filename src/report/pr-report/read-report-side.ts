import TOML from "@iarna/toml";
import { parseMetrics } from "../../evaluate/metrics-file.js";
import { parsePredictions } from "../../evaluate/predictions-file.js";
import { MODEL_CONFIG_FILE, parseModelConfig } from "../../config/read-model-config.js";
import { artifactPaths } from "../../pipeline/artifact-paths.js";
import { dataSourceOf } from "../data-source.js";
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
  const config = configText === undefined ? undefined : parseConfigLeniently(configText, `${origin}:${MODEL_CONFIG_FILE}`);
  const lineageData = lineageDataOf(lineageText);
  return {
    metrics,
    config,
    predictions: predictionsText === undefined ? undefined : parsePredictions(predictionsText, `${origin}:${paths.predictions}`),
    commit,
    branch,
    dataVersion: dataVersionOf(lineageData),
    dataSource: dataSourceOf(lineageData, config),
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

type LineageData = { data_version?: unknown; content_hash?: unknown } | undefined;

/** lineage.json's `data`, leniently: a base published by an older stockops may lack keys; unreadable is undefined. */
function lineageDataOf(lineageText: string | undefined): LineageData {
  if (lineageText === undefined) return undefined;
  try {
    const data = (JSON.parse(lineageText) as { data?: unknown } | null)?.data;
    return typeof data === "object" && data !== null ? (data as LineageData) : undefined;
  } catch {
    return undefined;
  }
}

function dataVersionOf(data: LineageData): string | undefined {
  const version = data?.data_version ?? data?.content_hash;
  return typeof version === "string" ? version : undefined;
}
