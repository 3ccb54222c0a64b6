import type { MetricsFile } from "../../evaluate/metrics-file.js";
import type { PredictionRow } from "../../evaluate/predictions-file.js";
import type { DataSource } from "../data-source.js";

/** One side of the comparison: the PR's head (freshly evaluated) or the base branch (as published). */
export interface ReportSide {
  metrics: MetricsFile;
  /** stockops.toml as parsed (validated when possible, raw TOML otherwise); undefined when it could not be read. */
  config: Record<string, unknown> | undefined;
  /** Test-span predictions.csv rows, for the charts. */
  predictions?: readonly PredictionRow[];
  commit: string;
  branch: string;
  /** Hash that identifies the dataset (data.dvc md5, or the content hash of the embedded data). */
  dataVersion?: string;
  /** Where the prices came from (following main's data.dvc, pinned, package, csv); undefined when not read. */
  dataSource?: DataSource;
}

/** The promotion gate's decision for the head model: `evaluateGate` (src/publish/promotion-gate.ts) returns one. */
export interface PromotionVerdict {
  promoted: boolean;
  /** The gate's numbers in words, rules separated by "; ", e.g. "promoted: skill_vs_naive 0.031 > min 0; no champion yet". */
  reason: string;
}

/** The base branch's current champion, when it has one. */
export interface ChampionSummary {
  version: number;
  kind: string;
  test_mae: number;
}

export interface PrReportInput {
  head: ReportSide;
  /** Undefined on a first PR, before the base branch has published anything. */
  base: ReportSide | undefined;
  verdict: PromotionVerdict;
  champion?: ChampionSummary;
  pullRequest?: { number: number; url?: string };
}

/** GitHub refuses comments over 65,536 characters; the report keeps room for the marker line. */
export const MAX_REPORT_CHARS = 65_000;
