import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { MODEL_CONFIG_FILE } from "../config/read-model-config.js";
import type { Logger } from "../logger/logger.js";
import type { SweepPoint } from "./sweep-grid.js";
import { runTrial, type SweepTrial } from "./sweep-trial.js";

export type { SweepTrial } from "./sweep-trial.js";

export interface SweepResult {
  trials: SweepTrial[];
  /** Lowest validation MAE: the test span stays unseen by the choice. */
  best: SweepTrial | undefined;
  /** Indices of planned trials that sent no result (a matrix leg that died before uploading). */
  missing?: number[];
}

/**
 * Runs every grid point with `runTrial`, one after another, each in its own copy of the branch folder so
 * the branch's own artifacts are untouched. Invalid and failed points are recorded; neither stops the sweep.
 */
export async function runSweep(options: { dir: string; points: readonly SweepPoint[]; logger?: Logger }): Promise<SweepResult> {
  const baseConfig = await readFile(join(options.dir, MODEL_CONFIG_FILE), "utf8");
  const trials: SweepTrial[] = [];
  for (const [index, point] of options.points.entries()) {
    trials.push(await runTrial({ dir: options.dir, baseConfig, index, point, count: options.points.length, ...(options.logger ? { logger: options.logger } : {}) }));
  }
  return { trials, best: pickBest(trials) };
}

/** The successful trial with the lowest validation MAE (the first on a tie), the rule of every sweep, local or on GitHub. */
export function pickBest(trials: readonly SweepTrial[]): SweepTrial | undefined {
  return trials
    .filter((trial) => trial.status === "ok" && trial.metrics)
    .reduce<SweepTrial | undefined>((winner, trial) => (!winner || trial.metrics!.validation_mae < winner.metrics!.validation_mae ? trial : winner), undefined);
}
