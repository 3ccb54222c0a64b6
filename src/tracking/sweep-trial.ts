import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { MODEL_CONFIG_FILE } from "../config/read-model-config.js";
import { writeFileAtomic } from "../artifacts/write-atomic.js";
import { StockopsError } from "../errors.js";
import { readMetricsFile } from "../evaluate/metrics-file.js";
import { silentLogger, type Logger } from "../logger/logger.js";
import { artifactPaths } from "../pipeline/artifact-paths.js";
import { applyPoint, describePoint, type SweepPoint } from "./sweep-grid.js";

export interface SweepTrial {
  index: number;
  point: SweepPoint;
  status: "ok" | "invalid" | "failed";
  /** Why the trial did not run or failed. */
  error?: string;
  config?: string;
  /** validation_span: the days validation MAE was measured on; trials are comparable only on the same span. */
  metrics?: { validation_mae: number; test_mae: number; skill_vs_naive: number; test_hit_rate: number; validation_span?: string };
  ms: number;
}

export interface TrialOptions {
  /** Folder holding the branch's files (a checkout, or a snapshot read from git); never written to. */
  dir: string;
  /** The branch's stockops.toml text the point is applied to. */
  baseConfig: string;
  index: number;
  point: SweepPoint;
  /** How many trials the sweep has, for the progress line. */
  count: number;
  logger?: Logger;
}

/** A branch's own artifacts and git folder (path relative to the branch root): left out of a trial's copy, so a trial starts from config and data only. */
export function isBranchArtifact(relativePath: string): boolean {
  return /^(\.git|models|reports|stockops\.lock)$/.test(relativePath.split(sep).join("/").split("/")[0] ?? "");
}

/**
 * One grid point: features → train → evaluate in a temporary copy of `dir` with the point applied to
 * stockops.toml. A point the config schema refuses is `invalid`, a run that throws is `failed`; neither throws.
 * The same function runs every trial of a local sweep and each leg of the GitHub matrix.
 */
export async function runTrial(options: TrialOptions): Promise<SweepTrial> {
  const { index, point } = options;
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  let config: string;
  try {
    config = applyPoint(options.baseConfig, point, `${MODEL_CONFIG_FILE} + ${describePoint(point)}`);
  } catch (error) {
    return { index, point, status: "invalid", error: messageOf(error), ms: performance.now() - started };
  }
  const work = await mkdtemp(join(tmpdir(), "stockops-sweep-"));
  try {
    await cp(options.dir, work, { recursive: true, filter: (source) => !isBranchArtifact(relative(options.dir, source)) });
    await writeFileAtomic(join(work, MODEL_CONFIG_FILE), config);
    const { runPipeline } = await import("../pipeline/run-pipeline.js");
    const result = await runPipeline({ dir: work, until: "evaluate", force: true, logger });
    const metrics = await readMetricsFile(join(work, artifactPaths(result.symbol).modelDir, "metrics.json"));
    logger.info(`sweep ${index + 1}/${options.count} ${describePoint(point)}: validation MAE ${metrics.validation.mae.toFixed(4)}`);
    return {
      index,
      point,
      status: "ok",
      config,
      metrics: {
        validation_mae: metrics.validation.mae,
        test_mae: metrics.test.mae,
        skill_vs_naive: metrics.skill_vs_naive,
        test_hit_rate: metrics.test.hit_rate,
        validation_span: `${metrics.rows.validation.first} … ${metrics.rows.validation.last} (${metrics.rows.validation.n} rows)`,
      },
      ms: performance.now() - started,
    };
  } catch (error) {
    return { index, point, status: "failed", error: messageOf(error), config, ms: performance.now() - started };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function messageOf(error: unknown): string {
  if (error instanceof StockopsError) return error.message;
  return `unexpected: ${(error as Error).message?.split("\n")[0] ?? String(error)}`;
}
