import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  metrics?: { validation_mae: number; test_mae: number; skill_vs_naive: number; test_hit_rate: number };
  ms: number;
}

export interface SweepResult {
  trials: SweepTrial[];
  /** Lowest validation MAE: the test span stays unseen by the choice. */
  best: SweepTrial | undefined;
}

/**
 * Runs the pipeline (features → train → evaluate) once per grid point, each in its own copy of the branch
 * folder so the branch's own artifacts are untouched. A point the config schema refuses is recorded as
 * invalid, a point whose run throws as failed; neither stops the sweep.
 */
export async function runSweep(options: { dir: string; points: readonly SweepPoint[]; logger?: Logger }): Promise<SweepResult> {
  const logger = options.logger ?? silentLogger;
  const baseConfig = await readFile(join(options.dir, MODEL_CONFIG_FILE), "utf8");
  const { runPipeline } = await import("../pipeline/run-pipeline.js");
  const trials: SweepTrial[] = [];
  for (const [index, point] of options.points.entries()) {
    const started = performance.now();
    let config: string;
    try {
      config = applyPoint(baseConfig, point, `${MODEL_CONFIG_FILE} + ${describePoint(point)}`);
    } catch (error) {
      trials.push({ index, point, status: "invalid", error: messageOf(error), ms: performance.now() - started });
      continue;
    }
    const work = await mkdtemp(join(tmpdir(), "stockops-sweep-"));
    try {
      await cp(options.dir, work, { recursive: true, filter: (source) => !/[\\/](\.git|models|reports)$/.test(source) && !source.endsWith("stockops.lock") });
      await writeFileAtomic(join(work, MODEL_CONFIG_FILE), config);
      const result = await runPipeline({ dir: work, until: "evaluate", force: true, logger });
      const metrics = await readMetricsFile(join(work, artifactPaths(result.symbol).modelDir, "metrics.json"));
      trials.push({
        index,
        point,
        status: "ok",
        config,
        metrics: { validation_mae: metrics.validation.mae, test_mae: metrics.test.mae, skill_vs_naive: metrics.skill_vs_naive, test_hit_rate: metrics.test.hit_rate },
        ms: performance.now() - started,
      });
      logger.info(`sweep ${index + 1}/${options.points.length} ${describePoint(point)}: validation MAE ${metrics.validation.mae.toFixed(4)}`);
    } catch (error) {
      trials.push({ index, point, status: "failed", error: messageOf(error), config, ms: performance.now() - started });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  const ok = trials.filter((trial) => trial.status === "ok");
  const best = ok.reduce<SweepTrial | undefined>((winner, trial) => (!winner || trial.metrics!.validation_mae < winner.metrics!.validation_mae ? trial : winner), undefined);
  return { trials, best };
}

function messageOf(error: unknown): string {
  if (error instanceof StockopsError) return error.message;
  return `unexpected: ${(error as Error).message?.split("\n")[0] ?? String(error)}`;
}
