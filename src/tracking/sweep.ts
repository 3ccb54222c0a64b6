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
  /** Why no best was picked although trials succeeded: they were scored on different validation spans. */
  refused?: string;
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
  return { trials, ...bestOf(trials) };
}

/**
 * The best trial, or why there is none: a grid that moves the validation span (split fractions, [data]
 * start or end, features with another warm-up) scores each trial on another period, and the lowest MAE
 * then names the calmest period, not the best model (decision 0016).
 */
export function bestOf(trials: readonly SweepTrial[]): Pick<SweepResult, "best" | "refused"> {
  const spans = [...new Set(trials.filter((trial) => trial.status === "ok").map((trial) => trial.metrics?.validation_span).filter((span) => span !== undefined))];
  if (spans.length > 1) {
    return {
      best: undefined,
      refused: `no best picked: the trials were scored on ${spans.length} different validation spans (${spans.join("; ")}), so their MAEs measure different periods; sweep keys that keep the split (not split.* or [data] start/end), or features with the same warm-up`,
    };
  }
  return { best: pickBest(trials) };
}

/** The successful trial with the lowest validation MAE (the first on a tie), the rule of every sweep, local or on GitHub. */
export function pickBest(trials: readonly SweepTrial[]): SweepTrial | undefined {
  return trials
    .filter((trial) => trial.status === "ok" && trial.metrics)
    .reduce<SweepTrial | undefined>((winner, trial) => (!winner || trial.metrics!.validation_mae < winner.metrics!.validation_mae ? trial : winner), undefined);
}
